import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Keymap } from './keymap.js';
import { holdableModifierKeys } from './modifier-keys.js';
import { keystrokesForText } from './text-to-keys.js';

const SHIFT = 42;
const ALTGR = 100;

function compile(t: { after(fn: () => void): void }, layout: string): Keymap {
  const keymap = Keymap.compile({ layout });
  t.after(() => keymap.destroy());
  return keymap;
}

test('@ is Shift+2 on us and AltGr+Q on de', (t) => {
  assert.deepEqual(keystrokesForText(compile(t, 'us'), '@'), [{ code: 3, modifiers: [SHIFT] }]);
  assert.deepEqual(keystrokesForText(compile(t, 'de'), '@'), [{ code: 16, modifiers: [ALTGR] }]);
});

test('ü is a plain key on de, € needs AltGr, A needs Shift', (t) => {
  const de = compile(t, 'de');
  assert.deepEqual(keystrokesForText(de, 'ü'), [{ code: 26, modifiers: [] }]);
  assert.deepEqual(keystrokesForText(de, '€'), [{ code: 18, modifiers: [ALTGR] }]);
  assert.deepEqual(keystrokesForText(de, 'A'), [{ code: 30, modifiers: [SHIFT] }]);
  assert.deepEqual(keystrokesForText(de, 'z'), [{ code: 21, modifiers: [] }]); // QWERTZ
});

test('levels that need Shift and AltGr together hold both', (t) => {
  assert.deepEqual(keystrokesForText(compile(t, 'de'), 'Ω'), [{ code: 16, modifiers: [SHIFT, ALTGR] }]);
});

test('fr: AZERTY digits need Shift, é is plain, • comes from a Unicode keysym', (t) => {
  const fr = compile(t, 'fr');
  assert.deepEqual(keystrokesForText(fr, 'a1é'), [
    { code: 16, modifiers: [] },
    { code: 2, modifiers: [SHIFT] },
    { code: 3, modifiers: [] },
  ]);
  assert.deepEqual(keystrokesForText(fr, '•'), [{ code: 51, modifiers: [ALTGR] }]);
});

test('< is Shift+Comma on us but the ISO key on de and fr', (t) => {
  assert.deepEqual(keystrokesForText(compile(t, 'us'), '<'), [{ code: 51, modifiers: [SHIFT] }]);
  assert.deepEqual(keystrokesForText(compile(t, 'de'), '<'), [{ code: 86, modifiers: [] }]);
  assert.deepEqual(keystrokesForText(compile(t, 'fr'), '<'), [{ code: 86, modifiers: [] }]);
});

test('newlines are Enter (CRLF once) and tabs are Tab', (t) => {
  const codes = keystrokesForText(compile(t, 'us'), 'a\nb\r\nc\td').map((s) => s.code);
  assert.deepEqual(codes, [30, 28, 48, 28, 46, 15, 32]);
});

test('a character the layout cannot type throws naming it and the layout', (t) => {
  const us = compile(t, 'us');
  assert.throws(
    () => keystrokesForText(us, 'ok 中'),
    (error: Error) => {
      assert.match(error.message, /"中" \(U\+4E2D\)/);
      assert.match(error.message, /layout "us"/);
      return true;
    },
  );
  assert.throws(() => keystrokesForText(us, 'ü'), /U\+00FC/);
  assert.throws(() => keystrokesForText(us, '\u0000'), /U\+0000 with/);
});

test('modifier keys are found in the keymap, not assumed', (t) => {
  const us = holdableModifierKeys(compile(t, 'us'));
  const de = holdableModifierKeys(compile(t, 'de'));
  // us: Right Alt is plain Alt (same mask as Left Alt); de: it is AltGr (Mod5).
  assert.ok(us.some((k) => k.code === 56));
  assert.ok(!us.some((k) => k.code === ALTGR));
  assert.ok(de.some((k) => k.code === ALTGR && k.mask === 0x80));
  // Caps Lock and Num Lock lock rather than hold, so they are never used as modifiers.
  assert.ok(!de.some((k) => k.code === 58 || k.code === 69));
});

test('a destroyed keymap is refused', () => {
  const keymap = Keymap.compile({ layout: 'us' });
  keystrokesForText(keymap, 'x');
  keymap.destroy();
  assert.throws(() => keystrokesForText(keymap, 'x'), /after destroy/);
});
