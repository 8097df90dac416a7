import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import { pixelFormatInfo } from '../../render/pixel-formats.js';
import { jpegStrips } from './jpeg-strips.js';
import type { PixelLayout, SentImage } from './sent-image.js';
import type { SourceImage } from '../../surface/surface-buffer.js';

/** Binary message types from exo to the page (the first u32 of a binary message). */
export const FRAME_MESSAGE = 1;
/** How a rectangle's bytes are encoded (frame layout below). */
export const RECT_RAW = 0;
export const RECT_JPEG = 1;
/** Surface flags: its pixels are premultiplied B,G,R,A words (else straight RGBA); it is opaque. */
export const SURFACE_NATIVE = 1;
export const SURFACE_OPAQUE = 2;
/** Largest rectangle count per surface before damage is merged into its bounding box. */
const MAX_RECTS = 32;
/** Smallest rectangle worth a lossy encoding (smaller ones are cheap enough exact). */
const MIN_LOSSY_PIXELS = 128 * 128;

export interface SurfaceUpdate {
  /** The surface's buffer damage, buffer pixels. */
  damage: readonly Rect[];
  /** The page's copy of the surface (updated here). */
  sent: SentImage;
  /** The page's pixel layout. */
  layout: PixelLayout;
  /** Send every damaged pixel without comparing (the page has nothing of it). */
  all: boolean;
  /**
   * Told how many pixels really changed, says whether large changed rectangles may travel
   * lossy (the surface keeps changing: damage-motion.ts).
   */
  lossy: (changedPixels: number) => boolean;
}

/**
 * Encodes one frame of pixel updates for the page:
 *   u32 type=1, u32 seq, u32 surfaceCount,
 *   per surface: u32 surfaceId, u32 bufferWidth, u32 bufferHeight, u32 rectCount, u32 flags,
 *   per rect: u32 x, u32 y, u32 w, u32 h, u32 encoding, u32 byteLength, then the bytes:
 *     raw: w*h*4 bytes in the surface's layout (flags); jpeg: a JPEG of the rectangle, in the same
 *     channel order, possibly smaller than w×h (scaled down: the page scales it back up).
 * Raw pixels are in the layout the page's renderer takes as it is (sent-image.ts), so the page
 * does no per-pixel work. JPEG is encoded on libuv's thread pool, off exo's event loop.
 */
export class FrameEncoder {
  private buf = Buffer.alloc(1 << 20);
  private pos = 0;
  private count = 0;
  /** JPEG rectangles: where their header's byteLength goes and where they cut the buffer. */
  private jpegs: Array<{ at: number; data: Promise<Buffer> }> = [];

  begin(seq: number): void {
    this.pos = 12;
    this.count = 0;
    this.jpegs = [];
    this.buf.writeUInt32LE(FRAME_MESSAGE, 0);
    this.buf.writeUInt32LE(seq >>> 0, 4);
  }

  get surfaceCount(): number {
    return this.count;
  }

  /**
   * Appends the changed part of the damaged rectangles (buffer pixels) of one surface's current
   * image; only pixels that differ from what the page has go out. Returns the raw bytes added
   * and the rectangles sent lossy: the page has only an approximation of them until they are
   * sent again exactly (damage-motion.ts sees to it).
   */
  addSurface(id: number, image: SourceImage, u: SurfaceUpdate): { bytes: number; lossy: Rect[] } {
    const mirror = u.sent;
    let clipped = u.damage
      .map((r) => clip(r, image.width, image.height))
      .filter((r): r is Rect => r !== null);
    if (clipped.length > MAX_RECTS) clipped = [bounds(clipped)];
    const changed: Rect[] = [];
    for (const r of clipped) {
      const c = mirror.update(image, r, u.all);
      if (c) changed.push(c);
    }
    const lossy: Rect[] = [];
    if (changed.length === 0) return { bytes: 0, lossy };
    const formatOpaque = pixelFormatInfo(image.format)?.hasAlpha === false;
    const flags = (u.layout === 'native' ? SURFACE_NATIVE : 0) | (formatOpaque ? SURFACE_OPAQUE : 0);
    // Each changed rectangle travels raw, or lossy as JPEG strips.
    const mayBeLossy = u.lossy(mirror.takeChanged());
    const parts: Array<{ rect: Rect; jpeg?: Promise<Buffer> }> = [];
    for (const r of changed) {
      const strips =
        mayBeLossy && r.width * r.height >= MIN_LOSSY_PIXELS
          ? jpegStrips(mirror, r, u.layout, formatOpaque)
          : null;
      if (strips) {
        lossy.push(r);
        for (const strip of strips) parts.push({ rect: strip.rect, jpeg: strip.data });
      } else parts.push({ rect: r });
    }
    this.reserve(20);
    const b = this.buf;
    b.writeUInt32LE(id, this.pos);
    b.writeUInt32LE(image.width, this.pos + 4);
    b.writeUInt32LE(image.height, this.pos + 8);
    b.writeUInt32LE(parts.length, this.pos + 12);
    b.writeUInt32LE(flags, this.pos + 16);
    this.pos += 20;
    let bytes = 20;
    for (const { rect: r, jpeg } of parts) {
      const size = jpeg ? 0 : r.width * r.height * 4;
      this.reserve(24 + size);
      const h = this.buf;
      h.writeUInt32LE(r.x, this.pos);
      h.writeUInt32LE(r.y, this.pos + 4);
      h.writeUInt32LE(r.width, this.pos + 8);
      h.writeUInt32LE(r.height, this.pos + 12);
      h.writeUInt32LE(jpeg ? RECT_JPEG : RECT_RAW, this.pos + 16);
      h.writeUInt32LE(size, this.pos + 20);
      this.pos += 24;
      bytes += 24 + size;
      if (jpeg) {
        this.jpegs.push({ at: this.pos, data: jpeg });
        continue;
      }
      // The output position is always 4-aligned: rows go out as words.
      mirror.copyOut(
        r,
        u.layout,
        formatOpaque,
        new Uint32Array(h.buffer, h.byteOffset, h.byteLength >>> 2),
        this.pos >>> 2,
      );
      this.pos += size;
    }
    this.count++;
    return { bytes, lossy };
  }

  /**
   * The encoded frame. Without JPEG rectangles it is not copied: the next frame is only encoded
   * after the page acknowledged this one, so the socket is done with it by then. With them, it
   * resolves once they are encoded (the page's copies they read stay unchanged meanwhile, for
   * the same reason).
   */
  finish(): Buffer | Promise<Buffer> {
    this.buf.writeUInt32LE(this.count, 8);
    const frame = this.buf.subarray(0, this.pos);
    const jpegs = this.jpegs;
    this.jpegs = [];
    if (jpegs.length === 0) return frame;
    return Promise.all(jpegs.map((j) => j.data)).then((datas) => {
      const parts: Buffer[] = [];
      let from = 0;
      jpegs.forEach((j, i) => {
        frame.writeUInt32LE(datas[i]!.length, j.at - 4);
        parts.push(frame.subarray(from, j.at), datas[i]!);
        from = j.at;
      });
      parts.push(frame.subarray(from));
      return Buffer.concat(parts);
    });
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

export type { PixelLayout };
