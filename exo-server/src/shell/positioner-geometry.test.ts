import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Anchor,
  ConstraintAdjustment as CA,
  Gravity,
  placePopup,
  unconstrainedPlacement,
  type PlacementInput,
} from './positioner-geometry.js';

/** Parent at desktop (100, 100); screen 1000×800; anchor rect 20×10 at (40, 30). */
function input(over: Partial<PlacementInput> = {}): PlacementInput {
  return {
    size: { width: 100, height: 50 },
    anchorRect: { x: 40, y: 30, width: 20, height: 10 },
    anchor: Anchor.none,
    gravity: Gravity.none,
    constraintAdjustment: CA.none,
    offset: { x: 0, y: 0 },
    parentOrigin: { x: 100, y: 100 },
    constraint: { x: 0, y: 0, width: 1000, height: 800 },
    ...over,
  };
}

test('anchor × gravity table, unconstrained', () => {
  // Anchor points on the 20×10 rect at (40,30): x ∈ {40, 50, 60}, y ∈ {30, 35, 40}.
  const ax: Record<number, number> = { 0: 50, 1: 50, 2: 50, 3: 40, 4: 60, 5: 40, 6: 40, 7: 60, 8: 60 };
  const ay: Record<number, number> = { 0: 35, 1: 30, 2: 40, 3: 35, 4: 35, 5: 30, 6: 40, 7: 30, 8: 40 };
  // Popup 100×50: gravity left/top puts it before the point, right/bottom after, none centres.
  const gx: Record<number, number> = { 0: -50, 1: -50, 2: -50, 3: -100, 4: 0, 5: -100, 6: -100, 7: 0, 8: 0 };
  const gy: Record<number, number> = { 0: -25, 1: -50, 2: 0, 3: -25, 4: -25, 5: -50, 6: 0, 7: -50, 8: 0 };
  for (let anchor = 0; anchor <= 8; anchor++) {
    for (let gravity = 0; gravity <= 8; gravity++) {
      const r = placePopup(input({ anchor, gravity, constraintAdjustment: 63 }));
      assert.deepEqual(
        r,
        { x: ax[anchor]! + gx[gravity]!, y: ay[anchor]! + gy[gravity]!, width: 100, height: 50 },
        `anchor ${anchor} gravity ${gravity}`,
      );
    }
  }
  // A few spelled out.
  const menu = { anchor: Anchor.bottomLeft, gravity: Gravity.bottomRight };
  assert.deepEqual(placePopup(input(menu)), { x: 40, y: 40, width: 100, height: 50 });
  const tooltip = { anchor: Anchor.top, gravity: Gravity.top };
  assert.deepEqual(placePopup(input(tooltip)), { x: 0, y: -20, width: 100, height: 50 });
  const submenu = { anchor: Anchor.topRight, gravity: Gravity.bottomRight };
  assert.deepEqual(placePopup(input(submenu)), { x: 60, y: 30, width: 100, height: 50 });
});

test('offset is added after anchoring', () => {
  const r = placePopup(
    input({ anchor: Anchor.bottomRight, gravity: Gravity.bottomRight, offset: { x: 5, y: -3 } }),
  );
  assert.deepEqual(r, { x: 65, y: 37, width: 100, height: 50 });
  assert.deepEqual(
    unconstrainedPlacement(
      input({ anchor: Anchor.topLeft, gravity: Gravity.topLeft, offset: { x: -2, y: 4 } }),
    ),
    { x: -62, y: -16, width: 100, height: 50 },
  );
});

test('no adjustment leaves a constrained popup where it is', () => {
  const r = placePopup(
    input({ parentOrigin: { x: 950, y: 780 }, anchor: Anchor.bottomRight, gravity: Gravity.bottomRight }),
  );
  assert.deepEqual(r, { x: 60, y: 40, width: 100, height: 50 });
});

test('flip_x at the right screen edge opens the menu leftwards', () => {
  // Parent at x=900: the popup would span desktop 960..1060, past 1000.
  const r = placePopup(
    input({
      parentOrigin: { x: 900, y: 100 },
      anchor: Anchor.topRight,
      gravity: Gravity.bottomRight,
      constraintAdjustment: CA.flipX | CA.flipY,
    }),
  );
  // Flipped: anchor top_left (x=40), gravity bottom_left → x = 40 - 100 = -60.
  assert.deepEqual(r, { x: -60, y: 30, width: 100, height: 50 });
});

test('flip_y at the bottom edge opens the menu upwards', () => {
  const r = placePopup(
    input({
      parentOrigin: { x: 100, y: 740 },
      anchor: Anchor.bottomLeft,
      gravity: Gravity.bottomRight,
      constraintAdjustment: CA.flipY,
    }),
  );
  // Below the anchor: desktop 780..830 > 800. Flipped: above the anchor rect's top (30).
  assert.deepEqual(r, { x: 40, y: -20, width: 100, height: 50 });
});

test('flip keeps the offset as given', () => {
  const r = placePopup(
    input({
      parentOrigin: { x: 100, y: 740 },
      anchor: Anchor.bottom,
      gravity: Gravity.bottom,
      offset: { x: 0, y: 4 },
      constraintAdjustment: CA.flipY,
    }),
  );
  assert.deepEqual(r, { x: 0, y: 30 - 50 + 4, width: 100, height: 50 });
});

test('a flip that would not help is reverted', () => {
  // Constraint only 60 tall (desktop y 100..160): the popup fits neither below nor above.
  const over = {
    parentOrigin: { x: 100, y: 100 },
    constraint: { x: 0, y: 100, width: 1000, height: 60 },
    anchor: Anchor.bottom,
    gravity: Gravity.bottom,
    constraintAdjustment: CA.flipY,
  };
  // Unflipped: desktop y 140..190 (constrained); flipped: 80..130 (constrained too).
  assert.deepEqual(placePopup(input(over)), { x: 0, y: 40, width: 100, height: 50 });
  // With slide as well, the unflipped position is slid up into the constraint.
  assert.deepEqual(placePopup(input({ ...over, constraintAdjustment: CA.flipY | CA.slideY })), {
    x: 0,
    y: 10,
    width: 100,
    height: 50,
  });
});

test('slide moves the popup back inside', () => {
  const right = placePopup(
    input({
      parentOrigin: { x: 900, y: 100 },
      anchor: Anchor.bottomLeft,
      gravity: Gravity.bottomRight,
      constraintAdjustment: CA.slideX,
    }),
  );
  // Would span desktop 940..1040; slid to end at 1000 → parent-relative x = 900 - 900 = 0.
  assert.deepEqual(right, { x: 0, y: 40, width: 100, height: 50 });
  const left = placePopup(
    input({
      parentOrigin: { x: 10, y: 100 },
      anchor: Anchor.left,
      gravity: Gravity.left,
      constraintAdjustment: CA.slideX | CA.slideY,
    }),
  );
  // Would span desktop -50..50; slid to start at 0.
  assert.deepEqual(left, { x: -10, y: 10, width: 100, height: 50 });
  // Flip preferred over slide when flipping fits.
  const both = placePopup(
    input({
      parentOrigin: { x: 900, y: 100 },
      anchor: Anchor.topRight,
      gravity: Gravity.bottomRight,
      constraintAdjustment: CA.slideX | CA.flipX,
    }),
  );
  assert.equal(both.x, -60);
});

test('resize shrinks to the visible part', () => {
  const r = placePopup(
    input({
      parentOrigin: { x: 900, y: 760 },
      anchor: Anchor.bottomLeft,
      gravity: Gravity.bottomRight,
      constraintAdjustment: CA.resizeX | CA.resizeY,
    }),
  );
  // Desktop x 940..1040 → 940..1000, y 800..850 would be fully hidden: height unchanged.
  assert.deepEqual(r, { x: 40, y: 40, width: 60, height: 50 });
  const partly = placePopup(
    input({
      parentOrigin: { x: 900, y: 740 },
      anchor: Anchor.bottomLeft,
      gravity: Gravity.bottomRight,
      constraintAdjustment: CA.resizeX | CA.resizeY,
    }),
  );
  // y 780..830 → 780..800.
  assert.deepEqual(partly, { x: 40, y: 40, width: 60, height: 20 });
});

test('popups bigger than the screen', () => {
  const huge = {
    size: { width: 1500, height: 1200 },
    anchor: Anchor.bottomLeft,
    gravity: Gravity.bottomRight,
  };
  // Slide aligns the top-left edge with the constraint's.
  assert.deepEqual(placePopup(input({ ...huge, constraintAdjustment: CA.slideX | CA.slideY })), {
    x: -100,
    y: -100,
    width: 1500,
    height: 1200,
  });
  // Slide then resize: aligned and cut to the screen.
  assert.deepEqual(placePopup(input({ ...huge, constraintAdjustment: 63 })), {
    x: -100,
    y: -100,
    width: 1000,
    height: 800,
  });
  // Resize only: the part left of/above the popup's start stays, cut at the screen edge.
  assert.deepEqual(placePopup(input({ ...huge, constraintAdjustment: CA.resizeX | CA.resizeY })), {
    x: 40,
    y: 40,
    width: 1000 - 140,
    height: 800 - 140,
  });
});

test('constraint with an offset origin (second output)', () => {
  const r = placePopup(
    input({
      parentOrigin: { x: 1900, y: 100 },
      constraint: { x: 1000, y: 0, width: 1000, height: 800 },
      anchor: Anchor.bottomRight,
      gravity: Gravity.bottomRight,
      constraintAdjustment: CA.flipX,
    }),
  );
  assert.deepEqual(r, { x: 40 - 100, y: 40, width: 100, height: 50 });
});
