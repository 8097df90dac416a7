// POST /api/input validation: every malformed body is a 400 whose message names the problem
// and what to send instead. (Delivery of valid input is covered by clients-*.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';

describe('POST /api/input rejects bad bodies', () => {
  let exo: ExoProcess;
  before(async () => {
    exo = await startExoProcess();
  });
  after(() => exo?.stop());

  const cases: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{"type":', /not valid JSON.*send JSON such as/],
    ['an empty body', '', /empty; send JSON/],
    ['an empty array', [], /array of events is empty/],
    ['a bare number', 5, /must be a JSON object/],
    [
      'an unknown type',
      { type: 'scroll' },
      /unknown input event type "scroll"; valid types: pointer, button, click, axis, key, text, touch/,
    ],
    ['a missing type', { x: 1, y: 1 }, /unknown input event type undefined; valid types/],
    ['a missing coordinate', { type: 'pointer', x: 10 }, /'y' must be a finite number/],
    ['a string coordinate', { type: 'pointer', x: '10', y: 10 }, /'x' must be a finite number/],
    [
      'a coordinate off the desktop',
      { type: 'pointer', x: 1280, y: 10 },
      /'x' 1280 is outside the desktop.*below 1280/,
    ],
    ['a negative coordinate', { type: 'click', x: 5, y: -1 }, /'y' -1 is outside the desktop/],
    [
      'an unknown field',
      { type: 'pointer', x: 1, y: 1, z: 2 },
      /unknown field 'z' in a pointer event; its fields are: type, x, y/,
    ],
    [
      'a bad button',
      { type: 'button', button: 'fourth', state: 'press' },
      /'button' must be one of "left", "middle", "right"/,
    ],
    [
      'a button without state',
      { type: 'button', button: 'left' },
      /'state' must be one of "press", "release"/,
    ],
    ['an unknown key code', { type: 'key', code: 'KeyÆ', state: 'tap' }, /unknown key code "KeyÆ"/],
    ['a numeric key code', { type: 'key', code: 30 }, /'code' must be a KeyboardEvent.code string/],
    ['a bad key state', { type: 'key', code: 'KeyA', state: 'down' }, /"press", "release", "tap"/],
    ['an axis without amounts', { type: 'axis' }, /needs 'dy' and\/or 'dx'/],
    ['an infinite-ish axis', { type: 'axis', dy: 1e9 }, /'dy' must be a finite number between/],
    [
      'discrete finger scrolling',
      { type: 'axis', dy: 1, discrete: true, source: 'finger' },
      /needs a wheel source/,
    ],
    ['fractional wheel steps', { type: 'axis', dy: 0.5, discrete: true }, /must be integers/],
    [
      'a bad axis source',
      { type: 'axis', dy: 1, source: 'trackball' },
      /'source' must be one of "wheel", "finger"/,
    ],
    ['empty text', { type: 'text', text: '' }, /'text' must be a non-empty string/],
    [
      'a negative touch id',
      { type: 'touch', id: -1, state: 'down', x: 1, y: 1 },
      /'id' of a touch event must be an integer/,
    ],
    ['a touch without position', { type: 'touch', id: 0, state: 'down' }, /'x' must be a finite number/],
    [
      'a bad event inside an array',
      [{ type: 'pointer', x: 1, y: 1 }, { type: 'key' }],
      /^event 1: 'code' must be/,
    ],
  ];

  for (const [what, body, message] of cases) {
    test(`${what} → 400`, async () => {
      const r = await exo.request('POST', '/api/input', body);
      assert.equal(r.status, 400, JSON.stringify(r.json));
      assert.match(r.json.error, message);
    });
  }

  test('the unknown-type answer also lists the valid types as data', async () => {
    const r = await exo.request('POST', '/api/input', { type: 'nope' });
    assert.deepEqual(r.json.validTypes, ['pointer', 'button', 'click', 'axis', 'key', 'text', 'touch']);
  });

  test('a body over 1 MiB → 413', async () => {
    const r = await exo.request('POST', '/api/input', Buffer.alloc(2 * 1024 * 1024, 0x20));
    assert.equal(r.status, 413);
  });

  test('bad input is refused before anything is delivered, even with no seat to deliver to', async () => {
    // With or without a seat, validation answers first.
    const r = await exo.request('POST', '/api/input', [{ type: 'click', x: 1, y: 1 }, { type: 'bad' }]);
    assert.equal(r.status, 400);
  });
});
