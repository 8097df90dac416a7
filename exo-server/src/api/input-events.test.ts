import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BTN_LEFT, BTN_RIGHT } from '../seat/seat-api.js';
import { HttpError } from './http-json.js';
import { parseInputEvents } from './input-events.js';

const desktop = { width: 1280, height: 800 };

test('one event or an array of events', () => {
  assert.deepEqual(parseInputEvents({ type: 'pointer', x: 1.5, y: 2 }, desktop), [
    { type: 'pointer', x: 1.5, y: 2 },
  ]);
  assert.deepEqual(
    parseInputEvents(
      [
        { type: 'click', x: 3, y: 4 },
        { type: 'button', button: 'right', state: 'release' },
      ],
      desktop,
    ),
    [
      { type: 'click', x: 3, y: 4, button: BTN_LEFT },
      { type: 'button', button: BTN_RIGHT, pressed: false },
    ],
  );
});

test('wheel steps and pixels map to 15 px and 120 units per step', () => {
  const [steps] = parseInputEvents({ type: 'axis', dy: 2, discrete: true }, desktop);
  assert.deepEqual(steps, { type: 'axis', axis: { dx: 0, dy: 30, dx120: 0, dy120: 240, source: 'wheel' } });
  const [px] = parseInputEvents({ type: 'axis', dx: -7.5 }, desktop);
  assert.deepEqual(px, { type: 'axis', axis: { dx: -7.5, dy: 0, dx120: -60, dy120: 0, source: 'wheel' } });
  const [finger] = parseInputEvents({ type: 'axis', dy: 3, source: 'finger' }, desktop);
  assert.deepEqual(finger, { type: 'axis', axis: { dx: 0, dy: 3, source: 'finger' } });
});

test('keys map KeyboardEvent.code to evdev; tap is the default state', () => {
  assert.deepEqual(parseInputEvents({ type: 'key', code: 'KeyA' }, desktop), [
    { type: 'key', code: 30, state: 'tap' },
  ]);
  assert.throws(
    () => parseInputEvents({ type: 'key', code: 'Nope' }, desktop),
    (e: unknown) => e instanceof HttpError && e.status === 400 && /unknown key code "Nope"/.test(e.message),
  );
});

test('touch up and cancel need no position', () => {
  assert.deepEqual(parseInputEvents({ type: 'touch', id: 3, state: 'up' }, desktop), [
    { type: 'touch', id: 3, state: 'up', x: 0, y: 0 },
  ]);
});
