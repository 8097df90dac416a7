import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Framebuffer } from './framebuffer.js';
import type { PixelFormatInfo } from './pixel-formats.js';
import { average4, lerp, over } from './pixel-ops.js';
import { RowReader, type SrcImage, type SrcRect } from './source-image.js';

/**
 * Scaled blits (buffer scale ≠ output scale, wp_viewporter).
 *
 * Filter choice:
 * - Integer downscale (2:1, 3:1, 2:1 × 1:1 ...) with a whole-pixel source rect uses a box
 *   filter: each output pixel is the exact mean of the k×k block it covers. This is the
 *   common case (a scale-2 client on a scale-1 output), it is the correct area average,
 *   and 2×2 has a dedicated four-read path.
 * - Everything else (upscale, fractional factors, fractional source rects) uses bilinear
 *   sampling at pixel centres with edge clamping to the source rect. Bilinear is sharp
 *   enough for upscales and mild downscales; for fractional downscales below 1:2 it
 *   samples only 2×2 texels per output pixel and can alias, an accepted trade-off since
 *   clients rarely need it.
 * All filtering happens on premultiplied values, so transparent texels do not bleed colour.
 */

/** Output window [x1, x2) × [y1, y2) in framebuffer pixels, already clipped. */
export interface DstWindow {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The readable part of the source rect: [x1, x2) × [y1, y2) in buffer pixels. */
export interface SrcBounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function blitScaled(
  fb: Framebuffer,
  src: SrcImage,
  info: PixelFormatInfo,
  sr: SrcRect,
  dr: Rect,
  valid: SrcBounds,
  win: DstWindow,
  opaque: boolean,
): void {
  const kx = sr.width / dr.width;
  const ky = sr.height / dr.height;
  const wholeBlocks =
    Number.isInteger(sr.x) && Number.isInteger(sr.y) && Number.isInteger(kx) && Number.isInteger(ky);
  // kx*ky <= 256 keeps the per-lane block sums below 2^16.
  if (wholeBlocks && kx * ky > 1 && kx * ky <= 256)
    boxDownscale(fb, src, info, sr, dr, kx, ky, valid, win, opaque);
  else bilinear(fb, src, info, sr, dr, kx, ky, valid, win, opaque);
}

/** Writes one filtered pixel: forced opaque copy, or source-over. */
function put(px: Uint32Array, i: number, p: number, opaque: boolean): void {
  if (opaque) {
    px[i] = p | 0xff000000;
  } else {
    const a = p >>> 24;
    if (a !== 0) px[i] = a === 255 ? p : over(p, px[i]!);
  }
}

let rowBases = new Int32Array(16);

function boxDownscale(
  fb: Framebuffer,
  src: SrcImage,
  info: PixelFormatInfo,
  sr: SrcRect,
  dr: Rect,
  kx: number,
  ky: number,
  valid: SrcBounds,
  win: DstWindow,
  opaque: boolean,
): void {
  // Only output pixels whose whole block is readable: a block is never partly read.
  const x1 = Math.max(win.x1, dr.x + Math.ceil((valid.x1 - sr.x) / kx));
  const x2 = Math.min(win.x2, dr.x + Math.floor((valid.x2 - sr.x) / kx));
  const y1 = Math.max(win.y1, dr.y + Math.ceil((valid.y1 - sr.y) / ky));
  const y2 = Math.min(win.y2, dr.y + Math.floor((valid.y2 - sr.y) / ky));
  if (x2 <= x1 || y2 <= y1) return;
  const sx0 = sr.x + (x1 - dr.x) * kx;
  const n = x2 - x1;
  const reader = new RowReader(src, info, sx0, sx0 + n * kx, ky);
  const px = fb.pixels;
  const count = kx * ky;
  const half = count >>> 1;
  if (rowBases.length < ky) rowBases = new Int32Array(ky);
  for (let y = y1; y < y2; y++) {
    const sy = sr.y + (y - dr.y) * ky;
    const d = y * fb.width + x1;
    if (kx === 2 && ky === 2) {
      const r0 = reader.get(sy);
      const r1 = reader.get(sy + 1);
      const a = reader.arr;
      if (opaque) box2Opaque(a, r0 + sx0, r1 + sx0, px, d, n);
      else
        for (let k = 0, s = sx0; k < n; k++, s += 2)
          put(px, d + k, average4(a[r0 + s]!, a[r0 + s + 1]!, a[r1 + s]!, a[r1 + s + 1]!), false);
      continue;
    }
    for (let j = 0; j < ky; j++) rowBases[j] = reader.get(sy + j);
    const a = reader.arr;
    for (let k = 0, s = sx0; k < n; k++, s += kx) {
      let rb = 0;
      let ag = 0;
      for (let j = 0; j < ky; j++) {
        const base = rowBases[j]! + s;
        for (let i = 0; i < kx; i++) {
          const p = a[base + i]!;
          rb += p & 0x00ff00ff;
          ag += (p >>> 8) & 0x00ff00ff;
        }
      }
      const p =
        ((((ag >>> 16) + half) / count) << 24) |
        ((((rb >>> 16) + half) / count) << 16) |
        ((((ag & 0xffff) + half) / count) << 8) |
        (((rb & 0xffff) + half) / count);
      put(px, d + k, p >>> 0, opaque);
    }
  }
}

/**
 * The hot 2:1 case (scale-2 client on a scale-1 output): 2×2 mean with alpha forced, so
 * only red+blue and green need summing.
 */
function box2Opaque(a: Uint32Array, s0: number, s1: number, px: Uint32Array, d: number, n: number): void {
  for (let k = 0; k < n; k++, s0 += 2, s1 += 2) {
    const p0 = a[s0]!;
    const p1 = a[s0 + 1]!;
    const p2 = a[s1]!;
    const p3 = a[s1 + 1]!;
    const rb =
      (((p0 & 0xff00ff) + (p1 & 0xff00ff) + (p2 & 0xff00ff) + (p3 & 0xff00ff) + 0x20002) >>> 2) & 0xff00ff;
    const g = (((p0 & 0xff00) + (p1 & 0xff00) + (p2 & 0xff00) + (p3 & 0xff00) + 0x200) >>> 2) & 0xff00;
    px[d + k] = rb | g | 0xff000000;
  }
}

let colI0 = new Int32Array(2048);
let colI1 = new Int32Array(2048);
let colW = new Int32Array(2048);
/** Two horizontally filtered source rows (separable bilinear), `n` words each. */
let hRows = new Uint32Array(4096);

function bilinear(
  fb: Framebuffer,
  src: SrcImage,
  info: PixelFormatInfo,
  sr: SrcRect,
  dr: Rect,
  kx: number,
  ky: number,
  valid: SrcBounds,
  win: DstWindow,
  opaque: boolean,
): void {
  // Texels touching the readable source rect; samples clamp to them at the edges.
  const tx1 = Math.floor(valid.x1);
  const tx2 = Math.ceil(valid.x2) - 1;
  const ty1 = Math.floor(valid.y1);
  const ty2 = Math.ceil(valid.y2) - 1;
  const n = win.x2 - win.x1;
  if (colW.length < n) {
    colI0 = new Int32Array(n);
    colI1 = new Int32Array(n);
    colW = new Int32Array(n);
  }
  if (hRows.length < 2 * n) hRows = new Uint32Array(2 * n);
  // Per-column texel pair and weight, computed once per blit. Texel i's centre is i + 0.5.
  for (let k = 0; k < n; k++) {
    const t = sr.x + (win.x1 + k + 0.5 - dr.x) * kx - 0.5;
    const i = Math.floor(t);
    colI0[k] = Math.min(Math.max(i, tx1), tx2);
    colI1[k] = Math.min(Math.max(i + 1, tx1), tx2);
    colW[k] = Math.round((t - i) * 256);
  }
  const reader = new RowReader(src, info, tx1, tx2 + 1, 1);
  const h = hRows;
  // Separable filter: each source row is filtered horizontally once into one of two
  // slots and reused by every output row between it and the next (upscales reuse a lot).
  const slotRow = [-1, -1];
  const slotUse = [0, 0];
  let clock = 0;
  const filtered = (j: number): number => {
    for (let s = 0; s < 2; s++) {
      if (slotRow[s] === j) {
        slotUse[s] = ++clock;
        return s * n;
      }
    }
    const s = slotUse[0]! <= slotUse[1]! ? 0 : 1;
    const o = s * n;
    filterRow(reader.arr, reader.get(j), colI0, colI1, colW, h, o, n);
    slotRow[s] = j;
    slotUse[s] = ++clock;
    return o;
  };
  const px = fb.pixels;
  for (let y = win.y1; y < win.y2; y++) {
    const t = sr.y + (y + 0.5 - dr.y) * ky - 0.5;
    const j = Math.floor(t);
    const j0 = Math.min(Math.max(j, ty1), ty2);
    const j1 = Math.min(Math.max(j + 1, ty1), ty2);
    const wy = j0 === j1 ? 0 : Math.round((t - j) * 256);
    const o0 = filtered(j0);
    const d = y * fb.width + win.x1;
    if (wy === 0) {
      for (let k = 0; k < n; k++) put(px, d + k, h[o0 + k]!, opaque);
    } else {
      blendRows(h, o0, filtered(j1), wy, px, d, n, opaque);
    }
  }
}

/** Horizontal pass: out[o + k] = source row (at `base` in `a`) sampled for output column k. */
function filterRow(
  a: Uint32Array,
  base: number,
  i0: Int32Array,
  i1: Int32Array,
  w: Int32Array,
  out: Uint32Array,
  o: number,
  n: number,
): void {
  for (let k = 0; k < n; k++) out[o + k] = lerp(a[base + i0[k]!]!, a[base + i1[k]!]!, w[k]!);
}

/** Vertical pass: interpolates two filtered rows with weight `wy` and writes the output row. */
function blendRows(
  h: Uint32Array,
  o0: number,
  o1: number,
  wy: number,
  px: Uint32Array,
  d: number,
  n: number,
  opaque: boolean,
): void {
  if (opaque) {
    for (let k = 0; k < n; k++) px[d + k] = lerp(h[o0 + k]!, h[o1 + k]!, wy) | 0xff000000;
  } else {
    for (let k = 0; k < n; k++) put(px, d + k, lerp(h[o0 + k]!, h[o1 + k]!, wy), false);
  }
}
