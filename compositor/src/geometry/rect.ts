/**
 * Integer rectangles in (x, y, width, height) form: the shape Wayland requests use
 * (wl_region.add, wl_surface.damage, xdg_surface.set_window_geometry).
 * A rectangle with width <= 0 or height <= 0 is empty and covers no pixel.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;

/**
 * The largest rectangle a Region can hold: every int32 coordinate. Stands in for
 * "everything", e.g. the default input region of a surface.
 */
export const INFINITE_RECT: Readonly<Rect> = Object.freeze({
  x: INT32_MIN,
  y: INT32_MIN,
  width: INT32_MAX - INT32_MIN,
  height: INT32_MAX - INT32_MIN,
});

export const EMPTY_RECT: Readonly<Rect> = Object.freeze({ x: 0, y: 0, width: 0, height: 0 });

export function rect(x: number, y: number, width: number, height: number): Rect {
  return { x, y, width, height };
}

export function isEmptyRect(r: Rect): boolean {
  return !(r.width > 0 && r.height > 0);
}

export function rectsEqual(a: Rect, b: Rect): boolean {
  if (isEmptyRect(a)) return isEmptyRect(b);
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** The common part of two rectangles; `{0,0,0,0}` when they do not overlap. */
export function intersectRect(a: Rect, b: Rect): Rect {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  if (x2 <= x1 || y2 <= y1 || isEmptyRect(a) || isEmptyRect(b)) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Whether two rectangles share at least one pixel. */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return (
    !isEmptyRect(a) &&
    !isEmptyRect(b) &&
    a.x < b.x + b.width &&
    b.x < a.x + a.width &&
    a.y < b.y + b.height &&
    b.y < a.y + a.height
  );
}

/** The smallest rectangle covering both; an empty input is ignored. */
export function unionBounds(a: Rect, b: Rect): Rect {
  if (isEmptyRect(a)) return isEmptyRect(b) ? { x: 0, y: 0, width: 0, height: 0 } : { ...b };
  if (isEmptyRect(b)) return { ...a };
  const x1 = Math.min(a.x, b.x);
  const y1 = Math.min(a.y, b.y);
  const x2 = Math.max(a.x + a.width, b.x + b.width);
  const y2 = Math.max(a.y + a.height, b.y + b.height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Whether pixel (x, y) — the unit square at that corner — lies inside `r`. */
export function rectContainsPoint(r: Rect, x: number, y: number): boolean {
  return x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height;
}

/** Whether `inner` lies entirely within `outer` (an empty `inner` always does). */
export function rectContainsRect(outer: Rect, inner: Rect): boolean {
  if (isEmptyRect(inner)) return true;
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function translateRect(r: Rect, dx: number, dy: number): Rect {
  return { x: r.x + dx, y: r.y + dy, width: r.width, height: r.height };
}

/**
 * Scales by `f` (> 0), rounding the edges outward (floor the top-left, ceil the
 * bottom-right) so a scaled damage rectangle always covers every pixel it touched.
 * Results are clamped to the int32 range.
 */
export function scaleRect(r: Rect, f: number): Rect {
  if (isEmptyRect(r)) return { x: 0, y: 0, width: 0, height: 0 };
  const x1 = clampInt32(Math.floor(r.x * f));
  const y1 = clampInt32(Math.floor(r.y * f));
  const x2 = clampInt32(Math.ceil((r.x + r.width) * f));
  const y2 = clampInt32(Math.ceil((r.y + r.height) * f));
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

export function clampInt32(v: number): number {
  return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v;
}

/** Clamps a rectangle's edges into the int32 range a Region can store. */
export function clampRectToInt32(r: Rect): Rect {
  const x1 = clampInt32(r.x);
  const y1 = clampInt32(r.y);
  const x2 = clampInt32(r.x + r.width);
  const y2 = clampInt32(r.y + r.height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}
