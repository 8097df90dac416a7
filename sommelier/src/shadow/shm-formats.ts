import { WlShmFormat } from '../../../protos/gen/spec/wayland.js';

/**
 * Bytes per pixel of the single-plane wl_shm formats sommelier can shadow. A guest buffer is
 * copied row by row, so all sommelier needs to know of a format is its pixel size (to check
 * strides); formats not listed here are not offered to guests.
 */
const BYTES_PER_PIXEL = new Map<number, number>([
  [WlShmFormat.Argb8888, 4],
  [WlShmFormat.Xrgb8888, 4],
  [WlShmFormat.Abgr8888, 4],
  [WlShmFormat.Xbgr8888, 4],
  [WlShmFormat.Rgba8888, 4],
  [WlShmFormat.Rgbx8888, 4],
  [WlShmFormat.Bgra8888, 4],
  [WlShmFormat.Bgrx8888, 4],
  [WlShmFormat.Argb2101010, 4],
  [WlShmFormat.Xrgb2101010, 4],
  [WlShmFormat.Abgr2101010, 4],
  [WlShmFormat.Xbgr2101010, 4],
  [WlShmFormat.Rgb888, 3],
  [WlShmFormat.Bgr888, 3],
  [WlShmFormat.Rgb565, 2],
  [WlShmFormat.Bgr565, 2],
  [WlShmFormat.Argb4444, 2],
  [WlShmFormat.Xrgb4444, 2],
  [WlShmFormat.Argb1555, 2],
  [WlShmFormat.Xrgb1555, 2],
  [WlShmFormat.C8, 1],
  [WlShmFormat.Rgb332, 1],
]);

export function bytesPerPixel(format: number): number | undefined {
  return BYTES_PER_PIXEL.get(format);
}

/** The formats guests are offered: those the host supports that sommelier can shadow. */
export function guestFormats(hostFormats: Iterable<number>): number[] {
  const out = [...hostFormats].filter((f) => BYTES_PER_PIXEL.has(f));
  // argb8888 and xrgb8888 are always supported by wl_shm: keep them even if the host forgot them.
  for (const f of [WlShmFormat.Argb8888, WlShmFormat.Xrgb8888]) if (!out.includes(f)) out.unshift(f);
  return out;
}
