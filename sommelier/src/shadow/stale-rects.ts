import { ByteRanges } from '../../../compositor/src/link/byte-ranges.js';

/** x, y, width, height in buffer pixels. */
export type StaleRect = [number, number, number, number];

/** More rectangles than this are merged into their bounding box. */
const MAX_RECTS = 32;

/**
 * The rectangles of a shadow buffer that changed since it was last sent to the host, for
 * links that copy memory (the stream link): the shadow copy itself goes by whole rows, but the
 * link sends only these pixels. `whole` when the content is unknown (a new or reshaped shadow).
 */
export class StaleRects {
  private rects: StaleRect[] = [];
  private whole = true;

  fillAll(): void {
    this.whole = true;
    this.rects = [];
  }

  add(rects: readonly StaleRect[]): void {
    if (this.whole) return;
    for (const r of rects) this.rects.push(r);
    if (this.rects.length > MAX_RECTS) this.rects = [bounds(this.rects)];
  }

  clear(): void {
    this.whole = false;
    this.rects = [];
  }

  /**
   * The bytes of these rectangles in a buffer of this shape at offset 0: one range per
   * rectangle row, or one run for rectangles as wide as the buffer.
   */
  ranges(width: number, height: number, stride: number, bpp: number): ByteRanges {
    return rectBytes(this.whole ? [[0, 0, width, height]] : this.rects, width, stride, bpp);
  }
}

export function rectBytes(
  rects: readonly StaleRect[],
  width: number,
  stride: number,
  bpp: number,
): ByteRanges {
  const out = new ByteRanges();
  for (const [x, y, w, h] of rects) {
    if (x === 0 && w >= width) out.add(y * stride, (y + h) * stride);
    else for (let row = y; row < y + h; row++) out.add(row * stride + x * bpp, row * stride + (x + w) * bpp);
  }
  return out;
}

function bounds(rects: readonly StaleRect[]): StaleRect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r[0]);
    y0 = Math.min(y0, r[1]);
    x1 = Math.max(x1, r[0] + r[2]);
    y1 = Math.max(y1, r[1] + r[3]);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}
