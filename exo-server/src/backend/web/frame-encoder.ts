import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import { convertRow } from '../../render/pixel-formats.js';
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
  private row = new Uint32Array(4096);

  begin(seq: number): void {
    this.pos = 12;
    this.count = 0;
    this.buf.writeUInt32LE(FRAME_MESSAGE, 0);
    this.buf.writeUInt32LE(seq >>> 0, 4);
  }

  get surfaceCount(): number {
    return this.count;
  }

  /** Appends the damaged rectangles (buffer pixels) of one surface's current image. */
  addSurface(id: number, image: SourceImage, damage: readonly Rect[]): number {
    let rects = damage.map((r) => clip(r, image.width, image.height)).filter((r): r is Rect => r !== null);
    if (rects.length === 0) return 0;
    if (rects.length > MAX_RECTS) rects = [bounds(rects)];
    let bytes = 16;
    for (const r of rects) bytes += 16 + r.width * r.height * 4;
    this.reserve(bytes);
    const b = this.buf;
    b.writeUInt32LE(id, this.pos);
    b.writeUInt32LE(image.width, this.pos + 4);
    b.writeUInt32LE(image.height, this.pos + 8);
    b.writeUInt32LE(rects.length, this.pos + 12);
    this.pos += 16;
    for (const r of rects) {
      b.writeUInt32LE(r.x, this.pos);
      b.writeUInt32LE(r.y, this.pos + 4);
      b.writeUInt32LE(r.width, this.pos + 8);
      b.writeUInt32LE(r.height, this.pos + 12);
      this.pos += 16;
      this.writePixels(image, r);
    }
    this.count++;
    return bytes;
  }

  /** The encoded frame (a copy: the socket may still hold it while the next frame is built). */
  finish(): Buffer {
    this.buf.writeUInt32LE(this.count, 8);
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private writePixels(image: SourceImage, r: Rect): void {
    if (this.row.length < r.width) this.row = new Uint32Array(r.width * 2);
    const row = this.row;
    const bpp = image.format === 0x36314752 ? 2 : 4;
    const out = this.buf;
    for (let y = r.y; y < r.y + r.height; y++) {
      const offset = y * image.stride + r.x * bpp;
      if (offset + r.width * bpp > image.data.byteLength) {
        out.fill(0, this.pos, this.pos + r.width * 4);
        this.pos += r.width * 4;
        continue;
      }
      convertRow(image.format, image.data, offset, r.width, row, 0);
      // Premultiplied 0xAARRGGBB words → R,G,B,A bytes with straight alpha.
      let o = this.pos;
      for (let i = 0; i < r.width; i++, o += 4) {
        const p = row[i]!;
        const a = p >>> 24;
        if (a === 255) {
          out[o] = (p >>> 16) & 0xff;
          out[o + 1] = (p >>> 8) & 0xff;
          out[o + 2] = p & 0xff;
          out[o + 3] = 255;
        } else if (a === 0) {
          out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
        } else {
          out[o] = Math.min(255, Math.round((((p >>> 16) & 0xff) * 255) / a));
          out[o + 1] = Math.min(255, Math.round((((p >>> 8) & 0xff) * 255) / a));
          out[o + 2] = Math.min(255, Math.round(((p & 0xff) * 255) / a));
          out[o + 3] = a;
        }
      }
      this.pos = o;
    }
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
