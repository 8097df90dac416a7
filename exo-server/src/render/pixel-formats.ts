/**
 * wl_shm pixel formats the software renderer reads, and their conversion to the
 * framebuffer's pixel: a premultiplied ARGB word 0xAARRGGBB, which on a little-endian
 * host is stored as the bytes B,G,R,A (WL_SHM_FORMAT_ARGB8888's layout).
 *
 * wl_shm formats are named after the packed word read in little-endian order, so e.g.
 * ABGR8888 has the bytes R,G,B,A in memory. Formats with alpha are premultiplied, as
 * everywhere in Wayland.
 */

/** A DRM fourcc code: four ASCII characters, the first in the lowest byte. */
export function fourcc(code: string): number {
  if (code.length !== 4) throw new RangeError(`fourcc needs 4 characters: ${code}`);
  return (
    (code.charCodeAt(0) |
      (code.charCodeAt(1) << 8) |
      (code.charCodeAt(2) << 16) |
      (code.charCodeAt(3) << 24)) >>>
    0
  );
}

/** wl_shm.format values (the two mandatory formats have the codes 0 and 1, not fourccs). */
export const ShmFormat = {
  ARGB8888: 0,
  XRGB8888: 1,
  ABGR8888: fourcc('AB24'),
  XBGR8888: fourcc('XB24'),
  RGB565: fourcc('RG16'),
} as const;

export interface PixelFormatInfo {
  code: number;
  name: string;
  bytesPerPixel: number;
  hasAlpha: boolean;
}

const FORMATS = new Map<number, PixelFormatInfo>(
  (
    [
      ['ARGB8888', 4, true],
      ['XRGB8888', 4, false],
      ['ABGR8888', 4, true],
      ['XBGR8888', 4, false],
      ['RGB565', 2, false],
    ] as const
  ).map(([name, bytesPerPixel, hasAlpha]) => {
    const code = ShmFormat[name];
    return [code, { code, name, bytesPerPixel, hasAlpha }];
  }),
);

export function pixelFormatInfo(code: number): PixelFormatInfo | undefined {
  return FORMATS.get(code);
}

export function isSupportedShmFormat(code: number): boolean {
  return FORMATS.has(code);
}

/** Every supported code, for advertising with wl_shm.format events. */
export function supportedShmFormats(): number[] {
  return [...FORMATS.keys()];
}

/**
 * Converts `count` pixels of one source row, starting at byte `offset` of `data`, into
 * premultiplied ARGB words at `out[outIndex...]`. Formats without alpha come out opaque.
 * The caller guarantees the bytes exist. This is the generic per-pixel path; the blitter
 * handles ARGB/XRGB with whole-word fast paths.
 */
export function convertRow(
  format: number,
  data: Uint8Array,
  offset: number,
  count: number,
  out: Uint32Array,
  outIndex: number,
): void {
  let s = offset;
  const end = outIndex + count;
  if (((data.byteOffset + offset) & 3) === 0 && format !== ShmFormat.RGB565) {
    // Word-aligned 32-bit pixels: one load and a swizzle instead of four byte loads.
    convertWords(format, new Uint32Array(data.buffer, data.byteOffset + offset, count), out, outIndex);
    return;
  }
  switch (format) {
    case ShmFormat.ARGB8888:
      for (let o = outIndex; o < end; o++, s += 4)
        out[o] = data[s]! | (data[s + 1]! << 8) | (data[s + 2]! << 16) | (data[s + 3]! << 24);
      break;
    case ShmFormat.XRGB8888:
      for (let o = outIndex; o < end; o++, s += 4)
        out[o] = data[s]! | (data[s + 1]! << 8) | (data[s + 2]! << 16) | 0xff000000;
      break;
    case ShmFormat.ABGR8888:
      for (let o = outIndex; o < end; o++, s += 4)
        out[o] = data[s + 2]! | (data[s + 1]! << 8) | (data[s]! << 16) | (data[s + 3]! << 24);
      break;
    case ShmFormat.XBGR8888:
      for (let o = outIndex; o < end; o++, s += 4)
        out[o] = data[s + 2]! | (data[s + 1]! << 8) | (data[s]! << 16) | 0xff000000;
      break;
    case ShmFormat.RGB565:
      for (let o = outIndex; o < end; o++, s += 2) {
        const v = data[s]! | (data[s + 1]! << 8);
        const r = v >>> 11;
        const g = (v >>> 5) & 0x3f;
        const b = v & 0x1f;
        // Replicating the top bits into the low ones maps 0 → 0 and full → 255 exactly.
        out[o] =
          0xff000000 | (((r << 3) | (r >>> 2)) << 16) | (((g << 2) | (g >>> 4)) << 8) | (b << 3) | (b >>> 2);
      }
      break;
    default:
      throw new RangeError(`unsupported shm format ${format}`);
  }
}

function convertWords(format: number, w: Uint32Array, out: Uint32Array, outIndex: number): void {
  const n = w.length;
  switch (format) {
    case ShmFormat.ARGB8888:
      out.set(w, outIndex);
      break;
    case ShmFormat.XRGB8888:
      for (let i = 0; i < n; i++) out[outIndex + i] = w[i]! | 0xff000000;
      break;
    case ShmFormat.ABGR8888:
      // 0xAABBGGRR → 0xAARRGGBB: swap the bytes of the red/blue lane.
      for (let i = 0; i < n; i++) {
        const v = w[i]!;
        out[outIndex + i] = (v & 0xff00ff00) | ((v & 0xff) << 16) | ((v >>> 16) & 0xff);
      }
      break;
    case ShmFormat.XBGR8888:
      for (let i = 0; i < n; i++) {
        const v = w[i]!;
        out[outIndex + i] = 0xff000000 | (v & 0xff00) | ((v & 0xff) << 16) | ((v >>> 16) & 0xff);
      }
      break;
    default:
      throw new RangeError(`unsupported shm format ${format}`);
  }
}
