import assert from 'node:assert/strict';
import { test } from 'node:test';

import { KeyboardState } from './keyboard-state.js';
import { Keymap } from './keymap.js';

const KEY_A = 30;
const KEY_Q = 16;
const KEY_LEFTSHIFT = 42;
const KEY_CAPSLOCK = 58;
const KEY_RIGHTALT = 100;
const SHIFT_MASK = 1; // real modifier Shift
const LOCK_MASK = 2; // real modifier Lock

function setup(t: { after(fn: () => void): void }, layout = 'us') {
  const keymap = Keymap.compile({ layout });
  const state = new KeyboardState(keymap);
  t.after(() => {
    state.destroy();
    keymap.destroy();
  });
  return state;
}

test('Left Shift changes depressed while held and restores it on release', (t) => {
  const state = setup(t);
  assert.deepEqual(state.modifiers(), { depressed: 0, latched: 0, locked: 0, group: 0 });
  assert.equal(state.update(KEY_LEFTSHIFT, true), true);
  assert.equal(state.modifiers().depressed, SHIFT_MASK);
  assert.equal(state.update(KEY_LEFTSHIFT, false), true);
  assert.equal(state.modifiers().depressed, 0);
});

test('Caps Lock toggles locked', (t) => {
  const state = setup(t);
  state.update(KEY_CAPSLOCK, true);
  state.update(KEY_CAPSLOCK, false);
  assert.equal(state.modifiers().locked, LOCK_MASK);
  assert.equal(state.utf8(KEY_A), 'A');
  state.update(KEY_CAPSLOCK, true);
  state.update(KEY_CAPSLOCK, false);
  assert.equal(state.modifiers().locked, 0);
  assert.equal(state.utf8(KEY_A), 'a');
});

test('utf8 and keysym follow Shift', (t) => {
  const state = setup(t);
  assert.equal(state.utf8(KEY_A), 'a');
  assert.equal(state.keysym(KEY_A), 0x61); // XKB_KEY_a
  state.update(KEY_LEFTSHIFT, true);
  assert.equal(state.utf8(KEY_A), 'A');
  assert.equal(state.keysym(KEY_A), 0x41); // XKB_KEY_A
  assert.equal(state.utf8(KEY_LEFTSHIFT), '');
});

test('AltGr on de types @ on Q', (t) => {
  const state = setup(t, 'de');
  state.update(KEY_RIGHTALT, true);
  assert.equal(state.utf8(KEY_Q), '@');
});

test('a non-modifier key does not change the modifiers; auto-repeat and stray releases are ignored', (t) => {
  const state = setup(t);
  assert.equal(state.update(KEY_A, true), false);
  assert.equal(state.update(KEY_LEFTSHIFT, true), true);
  assert.equal(state.update(KEY_LEFTSHIFT, true), false); // repeat
  assert.equal(state.update(KEY_LEFTSHIFT, false), true); // one release is enough
  assert.equal(state.modifiers().depressed, 0);
  assert.equal(state.update(KEY_LEFTSHIFT, false), false); // stray release
  assert.deepEqual(state.pressedKeys(), [KEY_A]);
});

test('reset forgets pressed keys and locks', (t) => {
  const state = setup(t);
  state.update(KEY_CAPSLOCK, true);
  state.update(KEY_CAPSLOCK, false);
  state.update(KEY_LEFTSHIFT, true);
  state.reset();
  assert.deepEqual(state.modifiers(), { depressed: 0, latched: 0, locked: 0, group: 0 });
  assert.deepEqual(state.pressedKeys(), []);
  assert.equal(state.utf8(KEY_A), 'a');
});

test('the state keeps its keymap alive after Keymap.destroy()', () => {
  const keymap = Keymap.compile({ layout: 'us' });
  const state = new KeyboardState(keymap);
  keymap.destroy();
  try {
    assert.equal(state.utf8(KEY_A), 'a');
    state.reset();
    assert.equal(state.utf8(KEY_A), 'a');
  } finally {
    state.destroy();
  }
  state.destroy();
  assert.throws(() => state.modifiers(), /after destroy/);
});

test('invalid key codes are rejected', (t) => {
  const state = setup(t);
  for (const code of [-1, 1.5, 0x300, Number.NaN]) {
    assert.throws(() => state.update(code, true), RangeError);
  }
});
