import type { Rect } from '../../../compositor/src/geometry/rect.js';

/**
 * xdg_positioner placement: where a popup goes given its rules, the parent's position and
 * the area it must stay within. Pure geometry, no protocol objects.
 *
 * Per axis the constraint adjustments apply in the order xdg-shell defines: flip (kept
 * only when the flipped placement is unconstrained on that axis), then slide, then resize.
 */

/** xdg_positioner.anchor and .gravity share these values. */
export const Anchor = {
  none: 0,
  top: 1,
  bottom: 2,
  left: 3,
  right: 4,
  topLeft: 5,
  bottomLeft: 6,
  topRight: 7,
  bottomRight: 8,
} as const;
export const Gravity = Anchor;

/** xdg_positioner.constraint_adjustment bits. */
export const ConstraintAdjustment = {
  none: 0,
  slideX: 1,
  slideY: 2,
  flipX: 4,
  flipY: 8,
  resizeX: 16,
  resizeY: 32,
} as const;

export interface PositionerRules {
  size: { width: number; height: number };
  /** Relative to the parent's window geometry origin. */
  anchorRect: Rect;
  anchor: number;
  gravity: number;
  constraintAdjustment: number;
  offset: { x: number; y: number };
}

export interface PlacementInput extends PositionerRules {
  /** The parent's window-geometry origin, desktop coordinates. */
  parentOrigin: { x: number; y: number };
  /** The area the popup must stay within (e.g. the output's work area), desktop coordinates. */
  constraint: Rect;
}

/** -1: towards left/top, 1: towards right/bottom, 0: centred — for one axis of an enum value. */
function sideX(v: number): -1 | 0 | 1 {
  if (v === Anchor.left || v === Anchor.topLeft || v === Anchor.bottomLeft) return -1;
  if (v === Anchor.right || v === Anchor.topRight || v === Anchor.bottomRight) return 1;
  return 0;
}

function sideY(v: number): -1 | 0 | 1 {
  if (v === Anchor.top || v === Anchor.topLeft || v === Anchor.topRight) return -1;
  if (v === Anchor.bottom || v === Anchor.bottomLeft || v === Anchor.bottomRight) return 1;
  return 0;
}

/**
 * Start coordinate of the popup on one axis: the anchor point on the anchor rect's
 * [start, start+length) edge chosen by `anchorSide`, then the popup placed on the side
 * chosen by `gravitySide` (centred when 0), then the offset.
 */
function axisPosition(
  start: number,
  length: number,
  anchorSide: number,
  gravitySide: number,
  size: number,
  offset: number,
): number {
  const point = anchorSide < 0 ? start : anchorSide > 0 ? start + length : start + Math.floor(length / 2);
  const pos = gravitySide < 0 ? point - size : gravitySide > 0 ? point : point - Math.floor(size / 2);
  return pos + offset;
}

/** The placement before any constraint adjustment, relative to the parent. */
export function unconstrainedPlacement(rules: PositionerRules): Rect {
  const { anchorRect: a, size, offset } = rules;
  return {
    x: axisPosition(a.x, a.width, sideX(rules.anchor), sideX(rules.gravity), size.width, offset.x),
    y: axisPosition(a.y, a.height, sideY(rules.anchor), sideY(rules.gravity), size.height, offset.y),
    width: size.width,
    height: size.height,
  };
}

interface Axis {
  /** Desktop start coordinate and size of the popup on this axis. */
  pos: number;
  size: number;
}

/**
 * One axis of the adjustment. `anchorStart/anchorLength` describe the anchor rect on this
 * axis in desktop coordinates; `lo/hi` the constraint's [lo, hi) range.
 */
function adjustAxis(
  axis: Axis,
  anchorStart: number,
  anchorLength: number,
  anchorSide: number,
  gravitySide: number,
  offset: number,
  lo: number,
  hi: number,
  flip: boolean,
  slide: boolean,
  resize: boolean,
): void {
  const constrained = (p: number, s: number) => p < lo || p + s > hi;
  if (!constrained(axis.pos, axis.size)) return;
  if (flip) {
    // Same anchor rect and offset, mirrored anchor and gravity (centred stays centred).
    const flipped = axisPosition(anchorStart, anchorLength, -anchorSide, -gravitySide, axis.size, offset);
    if (!constrained(flipped, axis.size)) {
      axis.pos = flipped;
      return;
    }
  }
  if (slide) {
    // Too big to fit: keep the start edge (top/left) visible, it holds the content's origin.
    if (axis.pos + axis.size > hi) axis.pos = hi - axis.size;
    if (axis.pos < lo) axis.pos = lo;
    if (!constrained(axis.pos, axis.size)) return;
  }
  if (resize) {
    const start = Math.max(axis.pos, lo);
    const end = Math.min(axis.pos + axis.size, hi);
    // Nothing visible would be left: a zero-size popup is worse than a clipped one.
    if (end > start) {
      axis.pos = start;
      axis.size = end - start;
    }
  }
}

/**
 * The popup's rectangle relative to the parent's window geometry (what
 * xdg_popup.configure carries), after the constraint adjustments.
 */
export function placePopup(input: PlacementInput): Rect {
  const base = unconstrainedPlacement(input);
  const c = input.constraint;
  if (!(c.width > 0 && c.height > 0)) return base; // nothing to constrain against
  const ox = input.parentOrigin.x;
  const oy = input.parentOrigin.y;
  const adj = input.constraintAdjustment;
  const a = input.anchorRect;
  const x: Axis = { pos: base.x + ox, size: base.width };
  const y: Axis = { pos: base.y + oy, size: base.height };
  adjustAxis(
    x,
    a.x + ox,
    a.width,
    sideX(input.anchor),
    sideX(input.gravity),
    input.offset.x,
    c.x,
    c.x + c.width,
    (adj & ConstraintAdjustment.flipX) !== 0,
    (adj & ConstraintAdjustment.slideX) !== 0,
    (adj & ConstraintAdjustment.resizeX) !== 0,
  );
  adjustAxis(
    y,
    a.y + oy,
    a.height,
    sideY(input.anchor),
    sideY(input.gravity),
    input.offset.y,
    c.y,
    c.y + c.height,
    (adj & ConstraintAdjustment.flipY) !== 0,
    (adj & ConstraintAdjustment.slideY) !== 0,
    (adj & ConstraintAdjustment.resizeY) !== 0,
  );
  return { x: x.pos - ox, y: y.pos - oy, width: x.size, height: y.size };
}
