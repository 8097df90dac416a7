import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Framebuffer } from './framebuffer.js';
import { ShmFormat, convertRow, pixelFormatInfo, type PixelFormatInfo } from './pixel-formats.js';
import { blendRow, forceOpaque } from './pixel-ops.js';
import { blitScaled, type DstWindow } from './blit-scaled.js';
import { usableRows, wordView, type SrcImage, type SrcRect } from './source-image.js';

export type { SrcImage, SrcRect } from './source-image.js';

export interface BlitOptions {
  /** Part of the buffer to draw, in buffer pixels (fractional allowed); default: all of it. */
  srcRect?: SrcRect | undefined;
  /** Where `srcRect` lands on the framebuffer; a different size scales. */
  dstRect: Rect;
  /** Only framebuffer pixels inside this rectangle are written. */
  clip?: Rect | undefined;
  /** Treat the source as opaque even if its format has alpha (client's opaque region covers it). */
  opaque?: boolean | undefined;
}

/**
 * Draws `src` onto `fb` with source-over (or a plain copy when opaque).
 *
 * Output pixel (x, y) samples the source at its centre mapped through dstRect → srcRect.
 * Pixels are drawn only inside dstRect ∩ clip ∩ the framebuffer and only where that
 * sample falls inside srcRect ∩ the buffer's present rows, so nothing outside the buffer
 * is ever read, however srcRect, stride or the data length disagree.
 */
export function blit(fb: Framebuffer, src: SrcImage, opts: BlitOptions): void {
  const info = pixelFormatInfo(src.format);
  if (!info) return;
  const rows = usableRows(src, info.bytesPerPixel);
  if (rows === 0) return;
  const sr = opts.srcRect ?? { x: 0, y: 0, width: src.width, height: src.height };
  const dr = opts.dstRect;
  if (!(sr.width > 0 && sr.height > 0 && dr.width > 0 && dr.height > 0)) return;

  let x1 = Math.max(dr.x, 0);
  let y1 = Math.max(dr.y, 0);
  let x2 = Math.min(dr.x + dr.width, fb.width);
  let y2 = Math.min(dr.y + dr.height, fb.height);
  const clip = opts.clip;
  if (clip) {
    x1 = Math.max(x1, clip.x);
    y1 = Math.max(y1, clip.y);
    x2 = Math.min(x2, clip.x + clip.width);
    y2 = Math.min(y2, clip.y + clip.height);
  }
  // The readable part of srcRect, and the output pixels whose centres map into it.
  const vx1 = Math.max(sr.x, 0);
  const vy1 = Math.max(sr.y, 0);
  const vx2 = Math.min(sr.x + sr.width, src.width);
  const vy2 = Math.min(sr.y + sr.height, rows);
  if (vx2 <= vx1 || vy2 <= vy1) return;
  const kx = sr.width / dr.width;
  const ky = sr.height / dr.height;
  x1 = Math.max(x1, Math.ceil(dr.x + (vx1 - sr.x) / kx - 0.5));
  y1 = Math.max(y1, Math.ceil(dr.y + (vy1 - sr.y) / ky - 0.5));
  x2 = Math.min(x2, Math.ceil(dr.x + (vx2 - sr.x) / kx - 0.5));
  y2 = Math.min(y2, Math.ceil(dr.y + (vy2 - sr.y) / ky - 0.5));
  if (x2 <= x1 || y2 <= y1) return;

  const opaque = !info.hasAlpha || opts.opaque === true;
  if (kx === 1 && ky === 1 && Number.isInteger(sr.x) && Number.isInteger(sr.y)) {
    blitUnscaled(fb, src, info, sr.x - dr.x, sr.y - dr.y, x1, y1, x2, y2, opaque);
  } else {
    const win: DstWindow = { x1, y1, x2, y2 };
    blitScaled(fb, src, info, sr, dr, { x1: vx1, y1: vy1, x2: vx2, y2: vy2 }, win, opaque);
  }
}

let rowScratch = new Uint32Array(4096);

/** 1:1 copy or blend; source pixel of output (x, y) is (x + ox, y + oy). */
function blitUnscaled(
  fb: Framebuffer,
  src: SrcImage,
  info: PixelFormatInfo,
  ox: number,
  oy: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  opaque: boolean,
): void {
  const n = x2 - x1;
  const px = fb.pixels;
  const fmt = src.format;
  const bpp = info.bytesPerPixel;
  const argbLayout = fmt === ShmFormat.ARGB8888 || fmt === ShmFormat.XRGB8888;
  if (argbLayout && opaque) {
    // Same memory layout as the framebuffer: memcpy each row, then force the alpha
    // byte (XRGB's is undefined) with one word OR per pixel.
    for (let y = y1; y < y2; y++) {
      const so = (y + oy) * src.stride + (x1 + ox) * 4;
      const d = y * fb.width + x1;
      fb.data.set(src.data.subarray(so, so + n * 4), d * 4);
      forceOpaque(px, d, n);
    }
    return;
  }
  const words = fmt === ShmFormat.ARGB8888 ? wordView(src) : null;
  if (words) {
    const ws = src.stride >>> 2;
    for (let y = y1; y < y2; y++) blendRow(words, (y + oy) * ws + x1 + ox, px, y * fb.width + x1, n);
    return;
  }
  // Other formats (or unaligned ARGB): convert to ARGB words — straight into the
  // framebuffer when opaque, else into a scratch row that is then blended.
  if (rowScratch.length < n) rowScratch = new Uint32Array(n * 2);
  const tmp = rowScratch;
  for (let y = y1; y < y2; y++) {
    const so = (y + oy) * src.stride + (x1 + ox) * bpp;
    const d = y * fb.width + x1;
    if (opaque) {
      convertRow(fmt, src.data, so, n, px, d);
      if (info.hasAlpha) forceOpaque(px, d, n);
    } else {
      convertRow(fmt, src.data, so, n, tmp, 0);
      blendRow(tmp, 0, px, d, n);
    }
  }
}
