import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Scale } from './scale.js';

test('integer scales convert exactly both ways', () => {
  const s = new Scale(2);
  assert.equal(s.toHost(125), 250);
  assert.equal(s.toGuest(250), 125);
  assert.deepEqual(s.rectToHost(10, 20, 30, 40), [20, 40, 60, 80]);
  assert.equal(s.fixedToGuest(101), 50.5);
  assert.equal(s.sizeToGuest(1001), 500, 'configure sizes round down');
  assert.equal(s.sizeToGuest(0), 0, '0 lets the client choose');
  assert.equal(s.sizeToHost(0), 0, '0 means no limit');
});

test('fractional scales keep adjacent rectangles adjacent', () => {
  const s = new Scale(1.5);
  const a = s.rectToHost(0, 0, 3, 3);
  const b = s.rectToHost(3, 0, 3, 3);
  assert.equal(a[0] + a[2], b[0]);
  assert.equal(s.sizeToHost(1), 2);
  assert.equal(new Scale(0.5).sizeToHost(1), 1, 'a size never rounds to nothing');
});

test('huge guest values stay within 32 bits', () => {
  const s = new Scale(3);
  assert.equal(s.toHost(0x7fffffff), 0x7fffffff);
  assert.deepEqual(s.rectToHost(0, 0, 0x7fffffff, 0x7fffffff), [0, 0, 0x7fffffff, 0x7fffffff]);
});

test('output and fractional scales follow the density of a guest pixel on the host', () => {
  assert.equal(new Scale(2).outputScale(1), 2);
  assert.equal(new Scale(1).outputScale(2), 2);
  assert.equal(new Scale(0.5).outputScale(1), 1);
  assert.equal(new Scale(0.5).outputScale(2), 1);
  assert.equal(new Scale(2).fractionalToGuest(150), 300);
});
