import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import { SentImage } from './sent-image.js';
import type { SourceImage } from '../../surface/surface-buffer.js';

/** Binary message types from exo to the page (the first u32 of a binary message). */
export const FRAME_MESSAGE = 1;
/** Largest rectangle count per surface before damage is merged into its bounding box. */
const MAX_RECTS = 32;

/**
 * Encodes one frame of pixel updates for the page:
 *   u32 type=1, u32 seq, u32 surfaceCount,
 *   per surface: u32 surfaceId, u32 bufferWidth, u32 bufferHeight, u32 rectCount,
 *   per rect: u32 x, u32 y, u32 w, u32 h, then w*h*4 bytes of RGBA with straight alpha.
 * RGBA with straight alpha is what the page's ImageData and texture uploads take as they are,
 * so the page does no per-pixel work. Only damaged rectangles travel.
 */
export class FrameEncoder {
  private buf = Buffer.alloc(1 << 20);
  private pos = 0;
  private count = 0;

  begin(seq: number): void {
    this.pos = 12;
    this.count = 0;
    this.buf.writeUInt32LE(FRAME_MESSAGE, 0);
    this.buf.writeUInt32LE(seq >>> 0, 4);
  }

  get surfaceCount(): number {
    return this.count;
  }

  /**
   * Appends the changed part of the damaged rectangles (buffer pixels) of one surface's current
   * image. `sent` is what the page already has of that surface: only pixels that differ from it
   * go out (and it is updated). Without it (a surface the page does not have yet, or a cursor),
   * the whole damage is sent. Returns the bytes added.
   */
  addSurface(
    id: number,
    image: SourceImage,
    damage: readonly Rect[],
    sent?: SentImage,
    fresh = false,
  ): number {
    const mirror = sent && sent.fits(image) ? sent : new SentImage(image.width, image.height);
    const all = fresh || mirror !== sent;
    let clipped = damage.map((r) => clip(r, image.width, image.height)).filter((r): r is Rect => r !== null);
    if (clipped.length > MAX_RECTS) clipped = [bounds(clipped)];
    const rects: Rect[] = [];
    for (const r of clipped) {
      const changed = mirror.update(image, r, all);
      if (changed) rects.push(changed);
    }
    if (rects.length === 0) return 0;
    let bytes = 16;
    for (const r of rects) bytes += 16 + r.width * r.height * 4;
    this.reserve(bytes);
    const b = this.buf;
    b.writeUInt32LE(id, this.pos);
    b.writeUInt32LE(image.width, this.pos + 4);
    b.writeUInt32LE(image.height, this.pos + 8);
    b.writeUInt32LE(rects.length, this.pos + 12);
    this.pos += 16;
    const words = mirror.words;
    // The output position is always 4-aligned: rows of RGBA words copy as words.
    const out = new Uint32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
    for (const r of rects) {
      b.writeUInt32LE(r.x, this.pos);
      b.writeUInt32LE(r.y, this.pos + 4);
      b.writeUInt32LE(r.width, this.pos + 8);
      b.writeUInt32LE(r.height, this.pos + 12);
      this.pos += 16;
      for (let y = r.y; y < r.y + r.height; y++) {
        const from = y * mirror.width + r.x;
        out.set(words.subarray(from, from + r.width), this.pos >>> 2);
        this.pos += r.width * 4;
      }
    }
    this.count++;
    return bytes;
  }

  /**
   * The encoded frame. It is not copied: the next frame is only encoded after the page
   * acknowledged this one, so the socket is done with it by then.
   */
  finish(): Buffer {
    this.buf.writeUInt32LE(this.count, 8);
    return this.buf.subarray(0, this.pos);
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length;
    while (size < this.pos + bytes) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

function clip(r: Rect, w: number, h: number): Rect | null {
  const x1 = Math.max(0, Math.floor(r.x));
  const y1 = Math.max(0, Math.floor(r.y));
  const x2 = Math.min(w, Math.ceil(r.x + r.width));
  const y2 = Math.min(h, Math.ceil(r.y + r.height));
  return x2 > x1 && y2 > y1 ? { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } : null;
}

function bounds(rs: Rect[]): Rect {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const r of rs) {
    x1 = Math.min(x1, r.x);
    y1 = Math.min(y1, r.y);
    x2 = Math.max(x2, r.x + r.width);
    y2 = Math.max(y2, r.y + r.height);
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}
