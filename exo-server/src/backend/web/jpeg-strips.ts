import sharp from 'sharp';
import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import type { PixelLayout, SentImage } from './sent-image.js';

/** JPEG quality of pixels that change every frame: they are refined exactly once still. */
const QUALITY = 60;
/** Rectangles at least this large travel at half resolution while they keep changing. */
const HALF_RES_PIXELS = 512 * 512;
/** Rows of JPEG per strip: strips encode on several threads here and decode on several in the page. */
const STRIP_ROWS = 256;

/** One JPEG strip: the buffer rectangle it covers (the JPEG may be smaller: scaled down). */
export interface JpegStrip {
  rect: Rect;
  data: Promise<Buffer>;
}

/**
 * Encodes rectangle `r` of the page's copy of a surface as JPEG strips, or returns null if a
 * pixel is translucent (JPEG has no alpha). Channels are in the page's order for `layout` (its
 * renderer swaps them the same way for raw and JPEG pixels). Large rectangles are halved first
 * (every other pixel): a moving 1080p picture then costs a quarter to read, encode, send and
 * decode, which is what lets it keep up; the page scales the strips back up when drawing them.
 * Each strip is a private copy taken now, so the page's copy may change while the thread pool
 * encodes. Baseline Huffman tables: optimising them costs a second pass.
 */
export function jpegStrips(
  mirror: SentImage,
  r: Rect,
  layout: PixelLayout,
  opaque: boolean,
): JpegStrip[] | null {
  const scale = r.width * r.height >= HALF_RES_PIXELS ? 2 : 1;
  const rows = STRIP_ROWS * scale;
  const samples: Array<{ rect: Rect; pixels: Uint32Array; width: number; height: number }> = [];
  for (let y = r.y; y < r.y + r.height; y += rows) {
    const rect = { x: r.x, y, width: r.width, height: Math.min(rows, r.y + r.height - y) };
    const s = sample(mirror.words, mirror.width, rect, scale, layout === 'rgba', opaque);
    if (!s) return null;
    samples.push({ rect, ...s });
  }
  return samples.map(({ rect, pixels, width, height }) => ({
    rect,
    data: sharp(Buffer.from(pixels.buffer), { raw: { width, height, channels: 4 } })
      .removeAlpha()
      .jpeg({ quality: QUALITY, optimiseCoding: false })
      .toBuffer(),
  }));
}

/**
 * Every `scale`-th pixel of `r` in both directions, as a new array of 0xAARRGGBB words (bytes
 * B,G,R,A), or with R and B swapped (bytes R,G,B,A) for `rgba`; null if a pixel is translucent.
 */
function sample(
  src: Uint32Array,
  stride: number,
  r: Rect,
  scale: number,
  swap: boolean,
  opaque: boolean,
): { pixels: Uint32Array; width: number; height: number } | null {
  const width = Math.ceil(r.width / scale);
  const height = Math.ceil(r.height / scale);
  const out = new Uint32Array(width * height);
  // One loop per case, each without branches inside: this runs over half a million pixels per
  // 1080p frame.
  for (let y = 0; y < height; y++) {
    const from = (r.y + y * scale) * stride + r.x;
    const o = y * width;
    if (!opaque) {
      let and = 0xff000000;
      for (let x = 0; x < width; x++) and &= src[from + x * scale]!;
      if (and >>> 24 !== 255) return null;
    }
    if (swap)
      for (let x = 0; x < width; x++) {
        const p = src[from + x * scale]!;
        out[o + x] = (p & 0xff00) | ((p >>> 16) & 0xff) | ((p & 0xff) << 16);
      }
    else if (scale === 1) out.set(src.subarray(from, from + width), o);
    else for (let x = 0; x < width; x++) out[o + x] = src[from + x * scale]!;
  }
  return { pixels: out, width, height };
}
