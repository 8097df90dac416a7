import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DOM_CODE_TO_EVDEV, domCodeFromEvdevCode, evdevCodeFromDomCode } from './dom-codes.js';

test('every entry round-trips', () => {
  assert.ok(DOM_CODE_TO_EVDEV.size > 150);
  for (const [code, evdev] of DOM_CODE_TO_EVDEV) {
    assert.equal(evdevCodeFromDomCode(code), evdev, code);
    assert.equal(domCodeFromEvdevCode(evdev), code, code);
  }
});

test('spot checks against linux/input-event-codes.h', () => {
  const expected: Record<string, number> = {
    KeyA: 30,
    KeyQ: 16,
    KeyZ: 44,
    KeyM: 50,
    Digit1: 2,
    Digit0: 11,
    Enter: 28,
    Space: 57,
    ArrowLeft: 105,
    ArrowUp: 103,
    IntlBackslash: 86,
    IntlRo: 89,
    IntlYen: 124,
    ShiftLeft: 42,
    ShiftRight: 54,
    ControlLeft: 29,
    ControlRight: 97,
    AltLeft: 56,
    AltRight: 100,
    MetaLeft: 125,
    MetaRight: 126,
    F1: 59,
    F10: 68,
    F11: 87,
    F12: 88,
    F13: 183,
    F24: 194,
    PrintScreen: 99,
    Pause: 119,
    ContextMenu: 127,
    NumpadEnter: 96,
    NumpadDecimal: 83,
    NumpadAdd: 78,
    Numpad0: 82,
    Numpad7: 71,
    Lang1: 122,
    Lang2: 123,
    AudioVolumeMute: 113,
    MediaPlayPause: 164,
  };
  for (const [code, evdev] of Object.entries(expected)) assert.equal(evdevCodeFromDomCode(code), evdev, code);
});

test('legacy names map forward only; unknown codes are undefined', () => {
  assert.equal(evdevCodeFromDomCode('OSLeft'), 125);
  assert.equal(domCodeFromEvdevCode(125), 'MetaLeft');
  for (const code of ['', 'keya', 'Unidentified', '__proto__', 'toString']) {
    assert.equal(evdevCodeFromDomCode(code), undefined, code);
  }
  assert.equal(domCodeFromEvdevCode(0), undefined);
});
