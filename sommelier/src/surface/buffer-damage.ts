import { RowSet } from '../shadow/row-set.js';

/** x, y, width, height. */
export type Rect = [number, number, number, number];

/** How guest surface coordinates map onto the buffer: wl_surface scale and transform, wp_viewport. */
export interface SurfaceMapping {
  bufferWidth: number;
  bufferHeight: number;
  bufferScale: number;
  transform: number;
  /** wp_viewport source (surface units before the viewport), or null. */
  source: Rect | null;
  /** wp_viewport destination size, or null. */
  destination: [number, number] | null;
}

/** More damage rectangles than this are merged into their bounding box before reaching the host. */
const MAX_RECTS = 32;

/**
 * Converts one commit's damage to buffer coordinates: the rectangles to tell the host (clamped
 * to the buffer) and the buffer rows to copy. Surface damage goes through the viewport and the
 * buffer scale; under a rotating or flipping transform the whole buffer is taken as damaged.
 */
export function bufferDamage(
  m: SurfaceMapping,
  surfaceDamage: readonly Rect[],
  bufferDamageRects: readonly Rect[],
): { rects: Rect[]; rows: RowSet } {
  const W = m.bufferWidth;
  const H = m.bufferHeight;
  const rects: Rect[] = [];
  const whole = (): void => {
    rects.length = 0;
    rects.push([0, 0, W, H]);
  };
  for (const r of bufferDamageRects) pushClamped(rects, r[0], r[1], r[0] + r[2], r[1] + r[3], W, H);
  if (surfaceDamage.length > 0) {
    if (m.transform !== 0) whole();
    else {
      const sx = m.source ? m.source[0] : 0;
      const sy = m.source ? m.source[1] : 0;
      const sw = m.source ? m.source[2] : W / m.bufferScale;
      const sh = m.source ? m.source[3] : H / m.bufferScale;
      const dw = m.destination ? m.destination[0] : sw;
      const dh = m.destination ? m.destination[1] : sh;
      // Surface → viewport source → buffer pixels.
      const kx = (sw / dw) * m.bufferScale;
      const ky = (sh / dh) * m.bufferScale;
      for (const r of surfaceDamage) {
        const x0 = sx * m.bufferScale + r[0] * kx;
        const y0 = sy * m.bufferScale + r[1] * ky;
        pushClamped(rects, x0, y0, x0 + r[2] * kx, y0 + r[3] * ky, W, H);
      }
    }
  }
  if (rects.length > MAX_RECTS) {
    let x0 = W,
      y0 = H,
      x1 = 0,
      y1 = 0;
    for (const r of rects) {
      x0 = Math.min(x0, r[0]);
      y0 = Math.min(y0, r[1]);
      x1 = Math.max(x1, r[0] + r[2]);
      y1 = Math.max(y1, r[1] + r[3]);
    }
    rects.length = 0;
    rects.push([x0, y0, x1 - x0, y1 - y0]);
  }
  const rows = new RowSet();
  for (const r of rects) rows.add(r[1], r[1] + r[3], H);
  return { rects, rows };
}

/** Adds [x0, x1) × [y0, y1) rounded outwards and clamped to the buffer, if anything is left. */
function pushClamped(
  out: Rect[],
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  W: number,
  H: number,
): void {
  const a = Math.max(0, Math.floor(x0));
  const b = Math.max(0, Math.floor(y0));
  const c = Math.min(W, Math.ceil(x1));
  const d = Math.min(H, Math.ceil(y1));
  if (c > a && d > b) out.push([a, b, c - a, d - b]);
}
