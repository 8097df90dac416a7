import assert from 'node:assert/strict';
import { test } from 'node:test';

import { XkbContext } from './context.js';
import { Keymap, LAYOUT_LIST } from './keymap.js';

for (const layout of ['us', 'de', 'fr']) {
  test(`compiles the ${layout} layout into text for wl_keyboard.keymap`, (t) => {
    const keymap = Keymap.compile({ layout });
    t.after(() => keymap.destroy());
    assert.match(keymap.text, /xkb_keycodes/);
    assert.match(keymap.text, /xkb_symbols/);
    assert.equal(keymap.names.layout, layout);
    assert.notEqual(keymap.layoutName, '');
  });
}

test('defaults to us on evdev/pc105', (t) => {
  const keymap = Keymap.compile();
  t.after(() => keymap.destroy());
  assert.deepEqual(keymap.names, { rules: 'evdev', model: 'pc105', layout: 'us', variant: '', options: '' });
  assert.equal(keymap.layoutName, 'English (US)');
});

test('compiles a variant with a caller-owned context', (t) => {
  const context = XkbContext.create();
  const keymap = Keymap.compile({ layout: 'de', variant: 'nodeadkeys' }, context);
  t.after(() => {
    keymap.destroy();
    context.destroy();
  });
  assert.equal(keymap.description, 'de(nodeadkeys)');
  assert.equal(context.destroyed, false);
});

test('an unknown layout throws naming it and the layout list', () => {
  assert.throws(
    () => Keymap.compile({ layout: 'zz' }),
    (error: Error) => error.message.includes('"zz"') && error.message.includes(LAYOUT_LIST),
  );
  assert.throws(() => Keymap.compile({ layout: 'de', variant: 'no-such-variant' }), /"de".*no-such-variant/);
});

test('names that could leave the XKB data directory are rejected before libxkbcommon sees them', () => {
  for (const layout of ['../../etc/passwd', 'us/../de', 'us de', 'a'.repeat(300)]) {
    assert.throws(() => Keymap.compile({ layout }), /Invalid keyboard layout name/);
  }
});

test('destroy is idempotent and a destroyed keymap refuses use', () => {
  const keymap = Keymap.compile({ layout: 'us' });
  keymap.destroy();
  keymap.destroy();
  assert.equal(keymap.destroyed, true);
  assert.throws(() => keymap.pointer, /after destroy/);
  assert.match(keymap.text, /xkb_symbols/); // the text was copied out at compile time
});
