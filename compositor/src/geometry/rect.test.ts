import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INFINITE_RECT,
  INT32_MAX,
  INT32_MIN,
  clampRectToInt32,
  intersectRect,
  isEmptyRect,
  rectContainsPoint,
  rectContainsRect,
  rectsEqual,
  rectsOverlap,
  scaleRect,
  translateRect,
  unionBounds,
} from './rect.js';

test('intersect and union bounds', () => {
  const a = { x: 0, y: 0, width: 10, height: 10 };
  const b = { x: 5, y: -5, width: 10, height: 10 };
  assert.deepEqual(intersectRect(a, b), { x: 5, y: 0, width: 5, height: 5 });
  assert.deepEqual(unionBounds(a, b), { x: 0, y: -5, width: 15, height: 15 });
  assert.ok(
    isEmptyRect(intersectRect(a, { x: 10, y: 0, width: 5, height: 5 })),
    'touching is not overlapping',
  );
  assert.deepEqual(unionBounds(a, { x: 100, y: 100, width: 0, height: 3 }), a, 'empty ignored');
  assert.ok(rectsOverlap(a, b) && !rectsOverlap(a, { x: 0, y: 10, width: 1, height: 1 }));
});

test('contains point and rect, emptiness, equality', () => {
  const r = { x: -2, y: -2, width: 4, height: 4 };
  assert.ok(rectContainsPoint(r, -2, -2) && rectContainsPoint(r, 1, 1));
  assert.ok(!rectContainsPoint(r, 2, 0));
  assert.ok(rectContainsRect(r, { x: -1, y: -1, width: 3, height: 3 }));
  assert.ok(!rectContainsRect(r, { x: -1, y: -1, width: 4, height: 3 }));
  assert.ok(isEmptyRect({ x: 0, y: 0, width: -1, height: 5 }));
  assert.ok(rectsEqual({ x: 1, y: 1, width: 0, height: 0 }, { x: 9, y: 9, width: 0, height: 3 }));
  assert.deepEqual(translateRect(r, 3, 4), { x: 1, y: 2, width: 4, height: 4 });
});

test('scale rounds outward', () => {
  assert.deepEqual(scaleRect({ x: 1, y: 1, width: 1, height: 1 }, 1.5), { x: 1, y: 1, width: 2, height: 2 });
  assert.deepEqual(scaleRect({ x: 3, y: 3, width: 1, height: 1 }, 0.5), { x: 1, y: 1, width: 1, height: 1 });
  assert.deepEqual(scaleRect({ x: -3, y: 0, width: 3, height: 2 }, 0.5), {
    x: -2,
    y: 0,
    width: 2,
    height: 1,
  });
  assert.deepEqual(scaleRect(INFINITE_RECT, 2), INFINITE_RECT);
});

test('clamp to int32', () => {
  assert.deepEqual(clampRectToInt32({ x: -1e12, y: 0, width: 2e12, height: 1 }), {
    x: INT32_MIN,
    y: 0,
    width: INT32_MAX - INT32_MIN,
    height: 1,
  });
});
