import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RowSet } from './row-set.js';

function runs(s: RowSet): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  s.forEach((a, b) => out.push([a, b]));
  return out;
}

test('rows merge when they overlap or touch, and stay sorted', () => {
  const s = new RowSet();
  s.add(10, 20, 100);
  s.add(40, 50, 100);
  s.add(0, 5, 100);
  assert.deepEqual(runs(s), [
    [0, 5],
    [10, 20],
    [40, 50],
  ]);
  s.add(20, 40, 100);
  assert.deepEqual(runs(s), [
    [0, 5],
    [10, 50],
  ]);
  assert.equal(s.rows, 45);
});

test('rows are clamped to the buffer and rounded outwards', () => {
  const s = new RowSet();
  s.add(-10, 3.2, 100);
  s.add(98.5, 1e9, 100);
  assert.deepEqual(runs(s), [
    [0, 4],
    [98, 100],
  ]);
  s.add(200, 300, 100);
  assert.equal(s.rows, 6);
});

test('addSet, fill and clear', () => {
  const a = new RowSet();
  a.add(5, 10, 50);
  const b = new RowSet();
  b.add(8, 12, 50);
  b.addSet(a, 50);
  assert.deepEqual(runs(b), [[5, 12]]);
  b.fill(30);
  assert.deepEqual(runs(b), [[0, 30]]);
  b.clear();
  assert.equal(b.isEmpty, true);
});
