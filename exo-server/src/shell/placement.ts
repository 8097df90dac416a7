import type { Rect } from '../../../compositor/src/geometry/rect.js';

/** Where new windows go, and how windows are kept on screen. Pure geometry, desktop pixels. */

export interface Size {
  width: number;
  height: number;
}

/** Distance between two cascaded windows, and of the first one from the desktop's corner. */
export const CASCADE_STEP = 32;

/**
 * The `n`-th cascaded position (n = 0 is the first window) for a window of `size`, or null
 * when that position would put the window past the right or bottom edge (the caller wraps).
 */
export function cascadePosition(n: number, size: Size, output: Size): { x: number; y: number } | null {
  const p = CASCADE_STEP * (n + 1);
  if (n > 0 && (p + size.width > output.width || p + size.height > output.height)) return null;
  return clampOnScreen({ x: p, y: p, ...size }, output);
}

/** A transient window centred on its parent's window geometry, kept on screen. */
export function centredOn(parent: Rect, size: Size, output: Size): { x: number; y: number } {
  const x = parent.x + Math.floor((parent.width - size.width) / 2);
  const y = parent.y + Math.floor((parent.height - size.height) / 2);
  return clampOnScreen({ x, y, ...size }, output);
}

/**
 * Moves a rectangle fully on screen when it fits; a rectangle larger than the screen keeps
 * its top-left corner (where title bars and menus are) at the screen's top-left.
 */
export function clampOnScreen(r: Rect, output: Size): { x: number; y: number } {
  const x = Math.max(0, Math.min(r.x, output.width - r.width));
  const y = Math.max(0, Math.min(r.y, output.height - r.height));
  return { x, y };
}

/** A fullscreen window smaller than the output is centred on it (the rest is filled black). */
export function fullscreenPosition(size: Size, output: Size): { x: number; y: number } {
  return {
    x: Math.max(0, Math.floor((output.width - size.width) / 2)),
    y: Math.max(0, Math.floor((output.height - size.height) / 2)),
  };
}

/** Clamps a requested size to min/max hints (0 = no limit) and to at least 1×1. */
export function clampSize(size: Size, min: Size, max: Size): Size {
  const clamp = (v: number, lo: number, hi: number) => Math.max(1, lo, hi > 0 ? Math.min(v, hi) : v);
  return {
    width: clamp(size.width, min.width, max.width),
    height: clamp(size.height, min.height, max.height),
  };
}
