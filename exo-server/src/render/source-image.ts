import { ShmFormat, convertRow, type PixelFormatInfo } from './pixel-formats.js';

/** A client buffer as the renderer sees it (e.g. a view of a wl_shm pool). */
export interface SrcImage {
  data: Uint8Array;
  width: number;
  height: number;
  /** Bytes from one row to the next. */
  stride: number;
  /** wl_shm.format code. */
  format: number;
}

/** A rectangle in buffer pixels; may be fractional (wp_viewport.set_source). */
export interface SrcRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * How many leading rows are fully present in `data`. The buffer's size is validated
 * elsewhere, but a pool can shrink under us or a caller can pass a short view: rows
 * past the end are treated as missing instead of read.
 */
export function usableRows(src: SrcImage, bytesPerPixel: number): number {
  const rowBytes = src.width * bytesPerPixel;
  if (!(src.width > 0 && src.height > 0) || src.stride < rowBytes || src.data.length < rowBytes) return 0;
  return Math.min(src.height, Math.floor((src.data.length - rowBytes) / src.stride) + 1);
}

/** A 32-bit word view of the data when every row starts word-aligned, else null. */
export function wordView(src: SrcImage): Uint32Array | null {
  const d = src.data;
  if (((d.byteOffset | src.stride) & 3) !== 0) return null;
  return new Uint32Array(d.buffer, d.byteOffset, d.byteLength >>> 2);
}

let slotScratch = new Uint32Array(4096);

/**
 * Gives scaled blits random access to source rows as premultiplied ARGB words: pixel
 * (x, y) is `arr[get(y) + x]`. ARGB/XRGB with aligned rows are read in place (XRGB's
 * undefined alpha byte is the caller's to override); other formats are converted one
 * row span at a time into a few least-recently-used slots, so a row that several output
 * rows sample is converted once.
 */
export class RowReader {
  arr: Uint32Array;
  private readonly direct: boolean;
  private readonly wordStride: number;
  private readonly span: number;
  private readonly slotRow: Int32Array;
  private readonly slotUse: Float64Array;
  private clock = 0;

  /** Columns [x0, x1) of `src` will be read; `slots` rows must be available at once. */
  constructor(
    private readonly src: SrcImage,
    private readonly info: PixelFormatInfo,
    private readonly x0: number,
    x1: number,
    slots: number,
  ) {
    const words = (src.format === ShmFormat.ARGB8888 || src.format === ShmFormat.XRGB8888) && wordView(src);
    this.direct = !!words;
    this.wordStride = src.stride >>> 2;
    this.span = x1 - x0;
    this.slotRow = new Int32Array(slots).fill(-1);
    this.slotUse = new Float64Array(slots);
    if (words) {
      this.arr = words;
    } else {
      if (slotScratch.length < slots * this.span) slotScratch = new Uint32Array(slots * this.span * 2);
      this.arr = slotScratch;
    }
  }

  get(y: number): number {
    if (this.direct) return y * this.wordStride;
    let victim = 0;
    for (let s = 0; s < this.slotRow.length; s++) {
      if (this.slotRow[s] === y) {
        this.slotUse[s] = ++this.clock;
        return s * this.span - this.x0;
      }
      if (this.slotUse[s]! < this.slotUse[victim]!) victim = s;
    }
    const bpp = this.info.bytesPerPixel;
    convertRow(
      this.src.format,
      this.src.data,
      y * this.src.stride + this.x0 * bpp,
      this.span,
      this.arr,
      victim * this.span,
    );
    this.slotRow[victim] = y;
    this.slotUse[victim] = ++this.clock;
    return victim * this.span - this.x0;
  }
}
