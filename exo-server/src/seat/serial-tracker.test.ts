import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SerialTracker, serialOlder } from './serial-tracker.js';

describe('SerialTracker', () => {
  it('accepts a held press of the same client only', () => {
    const s = new SerialTracker<string>();
    s.record('a', 'button', 10, 0x110);
    assert.equal(s.validGrab('a', 10), true);
    assert.equal(s.validGrab('b', 10), false);
    assert.equal(s.validGrab('a', 11), false);
  });

  it('accepts a released press while it is the last press, not after a newer one', () => {
    const s = new SerialTracker<string>();
    s.record('a', 'button', 10, 0x110);
    s.released('button', 0x110);
    assert.equal(s.validGrab('a', 10), true, 'GTK opens popups on release with the press serial');
    s.record('b', 'touch', 11, 1);
    assert.equal(s.validGrab('a', 10), false);
    assert.equal(s.validGrab('b', 11), true);
  });

  it('keeps a held press valid while other presses come and go', () => {
    const s = new SerialTracker<string>();
    s.record('a', 'button', 10, 0x110);
    s.record('a', 'button', 11, 0x111);
    s.released('button', 0x111);
    assert.equal(s.validGrab('a', 10), true);
    s.released('button', 0x110);
    assert.equal(s.validGrab('a', 10), false);
  });

  it('never accepts enter or key serials as grab serials, but as input serials', () => {
    const s = new SerialTracker<string>();
    s.record('a', 'enter', 5);
    s.record('a', 'key', 6, 30);
    assert.equal(s.validGrab('a', 5), false);
    assert.equal(s.validGrab('a', 6), false);
    assert.equal(s.validInput('a', 5), true);
    assert.equal(s.validInput('a', 6), true);
    assert.equal(s.validInput('b', 6), false);
    assert.equal(s.validInput('a', 0), false);
  });

  it('forgets old serials and dead clients', () => {
    const s = new SerialTracker<string>(4);
    for (let i = 1; i <= 5; i++) s.record('a', 'key', i, i);
    assert.equal(s.validInput('a', 1), false);
    assert.equal(s.validInput('a', 5), true);
    s.forgetClient('a');
    assert.equal(s.validInput('a', 5), false);
  });

  it('releases all touch points at once (cancel)', () => {
    const s = new SerialTracker<string>();
    s.record('a', 'touch', 1, 1);
    s.record('a', 'touch', 2, 2);
    s.releaseAll('touch');
    assert.equal(s.validGrab('a', 1), false);
    assert.equal(s.validGrab('a', 2), true, 'still the last press');
  });

  it('compares serials across the 32-bit wrap', () => {
    assert.equal(serialOlder(1, 2), true);
    assert.equal(serialOlder(2, 1), false);
    assert.equal(serialOlder(0xffffffff, 3), true);
    assert.equal(serialOlder(3, 0xffffffff), false);
  });
});
