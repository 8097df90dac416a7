import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bufferDamage, type SurfaceMapping } from './buffer-damage.js';

const plain: SurfaceMapping = {
  bufferWidth: 200,
  bufferHeight: 100,
  bufferScale: 1,
  transform: 0,
  source: null,
  destination: null,
};

test('buffer damage is clamped to the buffer', () => {
  const d = bufferDamage(plain, [], [[-5, 90, 20, 50]]);
  assert.deepEqual(d.rects, [[0, 90, 15, 10]]);
  assert.equal(d.rows.rows, 10);
});

test('surface damage goes through the buffer scale', () => {
  const d = bufferDamage({ ...plain, bufferScale: 2 }, [[10, 10, 5, 5]], []);
  assert.deepEqual(d.rects, [[20, 20, 10, 10]]);
});

test('surface damage goes through the viewport, rounded outwards', () => {
  // A 100x50 source shown at 50x25: one surface pixel is two buffer pixels.
  const m = {
    ...plain,
    source: [0, 0, 100, 50] as [number, number, number, number],
    destination: [50, 25] as [number, number],
  };
  const d = bufferDamage(m, [[1, 1, 1, 1]], []);
  assert.deepEqual(d.rects, [[2, 2, 2, 2]]);
});

test('INT32_MAX damage is the whole buffer', () => {
  const d = bufferDamage(plain, [[0, 0, 0x7fffffff, 0x7fffffff]], []);
  assert.deepEqual(d.rects, [[0, 0, 200, 100]]);
});

test('a rotating transform damages everything', () => {
  const d = bufferDamage({ ...plain, transform: 1 }, [[0, 0, 1, 1]], []);
  assert.deepEqual(d.rects, [[0, 0, 200, 100]]);
});

test('many rectangles become their bounding box', () => {
  const many: Array<[number, number, number, number]> = [];
  for (let i = 0; i < 40; i++) many.push([i, i, 1, 1]);
  const d = bufferDamage(plain, [], many);
  assert.deepEqual(d.rects, [[0, 0, 40, 40]]);
  assert.equal(d.rows.rows, 40);
});
