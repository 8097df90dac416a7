import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import { convertRow, ShmFormat } from '../../render/pixel-formats.js';
import type { SourceImage } from '../../surface/surface-buffer.js';

/**
 * How pixels travel to the page. `rgba`: RGBA bytes with straight alpha, what canvas 2D's
 * ImageData takes. `native`: premultiplied 0xAARRGGBB words as wl_shm ARGB8888 stores them
 * (bytes B,G,R,A), what a WebGL page takes as it is (it swizzles in its shader and composites
 * premultiplied), so exo copies rows instead of converting every pixel.
 */
export type PixelLayout = 'rgba' | 'native';

/**
 * What the page last received for one surface, as premultiplied 0xAARRGGBB words (wl_shm
 * ARGB/XRGB rows are copied as they are, other formats converted). Damage from a client is often
 * wider than what really changed (a terminal damages its whole cursor row to blink one cell;
 * GTK damages large areas around a spinner): comparing with this copy shrinks each damaged
 * rectangle to the pixels that differ, so only those travel, and tells how much really changed.
 * Updates are taken from it, converted to the page's layout only for the pixels sent.
 */
export class SentImage {
  readonly words: Uint32Array;
  /** Pixels that differed in the last `update`s since `takeChanged()` (row spans, summed). */
  private changed = 0;
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

  /** How many pixels changed since the last call: what the client really redrew. */
  takeChanged(): number {
    const n = this.changed;
    this.changed = 0;
    return n;
  }

  /**
   * Copies the damaged rectangle `r` (clipped to the image) into this copy and returns the
   * bounding box of what changed, or null. With `all`, every pixel counts as changed.
   */
  update(image: SourceImage, r: Rect, all: boolean): Rect | null {
    if (this.row.length < r.width) this.row = new Uint32Array(r.width * 2);
    const words = this.words;
    const src = wordsOf(image);
    const bpp = image.format === ShmFormat.RGB565 ? 2 : 4;
    const direct =
      src !== null && (image.format === ShmFormat.ARGB8888 || image.format === ShmFormat.XRGB8888);
    let x1 = Infinity;
    let x2 = -1;
    let y1 = -1;
    let y2 = -1;
    for (let y = r.y; y < r.y + r.height; y++) {
      const offset = y * image.stride + r.x * bpp;
      const base = y * this.width + r.x;
      let line: Uint32Array = this.row;
      if (offset + r.width * bpp > image.data.byteLength) line.fill(0, 0, r.width);
      else if (direct) line = src.subarray(offset >>> 2, (offset >>> 2) + r.width);
      else convertRow(image.format, image.data, offset, r.width, line, 0);
      let first = 0;
      let last = r.width - 1;
      if (!all) {
        while (first < r.width && line[first] === words[base + first]) first++;
        if (first === r.width) continue;
        while (last > first && line[last] === words[base + last]) last--;
      }
      words.set(line.subarray(first, last + 1), base + first);
      this.changed += last - first + 1;
      if (y1 < 0) y1 = y;
      y2 = y;
      if (r.x + first < x1) x1 = r.x + first;
      if (r.x + last > x2) x2 = r.x + last;
    }
    return y1 < 0 ? null : { x: x1, y: y1, width: x2 - x1 + 1, height: y2 - y1 + 1 };
  }

  /**
   * Writes rectangle `r` of this copy into `out` from word `at` on, row after row, in `layout`
   * (`opaque`: the format has no alpha, whatever its X byte holds).
   */
  copyOut(r: Rect, layout: PixelLayout, opaque: boolean, out: Uint32Array, at: number): void {
    for (let y = r.y; y < r.y + r.height; y++, at += r.width) {
      const from = y * this.width + r.x;
      if (layout === 'native') out.set(this.words.subarray(from, from + r.width), at);
      else toRgba(this.words, from, r.width, out, at, opaque);
    }
  }
}

function wordsOf(image: SourceImage): Uint32Array | null {
  const d = image.data;
  if (((d.byteOffset | image.stride) & 3) !== 0) return null;
  return new Uint32Array(d.buffer, d.byteOffset, d.byteLength >>> 2);
}

/** Premultiplied 0xAARRGGBB words → RGBA bytes with straight alpha, as words. */
function toRgba(
  src: Uint32Array,
  from: number,
  n: number,
  out: Uint32Array,
  at: number,
  opaque: boolean,
): void {
  for (let i = 0; i < n; i++) {
    const p = src[from + i]!;
    const a = opaque ? 255 : p >>> 24;
    if (a === 255) out[at + i] = (0xff000000 | (p & 0xff00) | ((p >>> 16) & 0xff) | ((p & 0xff) << 16)) >>> 0;
    else out[at + i] = a === 0 ? 0 : unpremultiply(p, a);
  }
}

function unpremultiply(p: number, a: number): number {
  const r = Math.min(255, Math.round((((p >>> 16) & 0xff) * 255) / a));
  const g = Math.min(255, Math.round((((p >>> 8) & 0xff) * 255) / a));
  const b = Math.min(255, Math.round(((p & 0xff) * 255) / a));
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
