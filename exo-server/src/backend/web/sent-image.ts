import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import { convertRow, ShmFormat } from '../../render/pixel-formats.js';
import type { SourceImage } from '../../surface/surface-buffer.js';

/**
 * What the page last received for one surface, as straight-alpha RGBA words. Damage from a
 * client is often wider than what really changed (a terminal damages its whole cursor row to
 * blink one cell): comparing with this copy shrinks each damaged rectangle to the pixels that
 * differ, so only those travel.
 */
export class SentImage {
  readonly words: Uint32Array;
  private row = new Uint32Array(1024);

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.words = new Uint32Array(width * height);
  }

  fits(image: SourceImage): boolean {
    return image.width === this.width && image.height === this.height;
  }

  /**
   * Converts the damaged rectangle `r` (clipped to the image) into this copy and returns the
   * bounding box of what changed, or null. With `all`, every pixel counts as changed.
   */
  update(image: SourceImage, r: Rect, all: boolean): Rect | null {
    if (this.row.length < r.width) this.row = new Uint32Array(r.width * 2);
    const row = this.row;
    const words = this.words;
    const src = wordsOf(image);
    const bpp = image.format === ShmFormat.RGB565 ? 2 : 4;
    let x1 = Infinity;
    let x2 = -1;
    let y1 = -1;
    let y2 = -1;
    for (let y = r.y; y < r.y + r.height; y++) {
      const offset = y * image.stride + r.x * bpp;
      if (offset + r.width * bpp > image.data.byteLength) row.fill(0, 0, r.width);
      else if (src && (image.format === ShmFormat.ARGB8888 || image.format === ShmFormat.XRGB8888))
        toRgba(src, offset >>> 2, r.width, row, image.format === ShmFormat.XRGB8888);
      else {
        convertRow(image.format, image.data, offset, r.width, row, 0);
        premultipliedToRgba(row, r.width);
      }
      const base = y * this.width + r.x;
      let first = 0;
      let last = r.width - 1;
      if (!all) {
        while (first < r.width && row[first] === words[base + first]) first++;
        if (first === r.width) continue;
        while (last > first && row[last] === words[base + last]) last--;
      }
      words.set(row.subarray(first, last + 1), base + first);
      if (y1 < 0) y1 = y;
      y2 = y;
      if (r.x + first < x1) x1 = r.x + first;
      if (r.x + last > x2) x2 = r.x + last;
    }
    return y1 < 0 ? null : { x: x1, y: y1, width: x2 - x1 + 1, height: y2 - y1 + 1 };
  }
}

function wordsOf(image: SourceImage): Uint32Array | null {
  const d = image.data;
  if (((d.byteOffset | image.stride) & 3) !== 0) return null;
  return new Uint32Array(d.buffer, d.byteOffset, d.byteLength >>> 2);
}

/** Premultiplied 0xAARRGGBB words (wl_shm ARGB/XRGB) → RGBA bytes with straight alpha, as words. */
function toRgba(src: Uint32Array, at: number, n: number, out: Uint32Array, opaque: boolean): void {
  for (let i = 0; i < n; i++) {
    const p = src[at + i]!;
    const a = opaque ? 255 : p >>> 24;
    if (a === 255) out[i] = (0xff000000 | (p & 0xff00) | ((p >>> 16) & 0xff) | ((p & 0xff) << 16)) >>> 0;
    else out[i] = a === 0 ? 0 : unpremultiply(p, a);
  }
}

/** In place: premultiplied 0xAARRGGBB words (convertRow's output) → straight RGBA words. */
function premultipliedToRgba(row: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const p = row[i]!;
    const a = p >>> 24;
    if (a === 255) row[i] = (0xff000000 | (p & 0xff00) | ((p >>> 16) & 0xff) | ((p & 0xff) << 16)) >>> 0;
    else row[i] = a === 0 ? 0 : unpremultiply(p, a);
  }
}

function unpremultiply(p: number, a: number): number {
  const r = Math.min(255, Math.round((((p >>> 16) & 0xff) * 255) / a));
  const g = Math.min(255, Math.round((((p >>> 8) & 0xff) * 255) / a));
  const b = Math.min(255, Math.round(((p & 0xff) * 255) / a));
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
