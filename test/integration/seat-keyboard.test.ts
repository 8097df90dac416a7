import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { closeFd, F_SEAL_SHRINK, F_SEAL_WRITE } from '../../compositor/src/native/libc.js';
import { getSeals, preadFd } from '../../compositor/src/native/shared-memory.js';
import type { WlKeyboardProxy } from '../../protos/gen/client/wayland.js';
import { startTestExo, TestClient, type TestExo } from './seat-fixture.js';

const KEY_A = 30;
const KEY_H = 35;
const KEY_I = 23;
const KEY_LEFTSHIFT = 42;
const KEY_ENTER = 28;

interface Keymap {
  text: string;
  seals: number;
}

function logKeyboard(c: TestClient): WlKeyboardProxy & { keymap?: Keymap } {
  const k = c.seat.getKeyboard() as WlKeyboardProxy & { keymap?: Keymap };
  k.on({
    keymap: (format, fd, size) => {
      const buf = Buffer.alloc(size);
      const got = preadFd(fd, buf, size, 0);
      k.keymap = { text: buf.subarray(0, got).toString('utf8'), seals: getSeals(fd) };
      closeFd(fd);
      c.log.push(`keymap ${format} ${size}`);
    },
    repeatInfo: (rate, delay) => c.log.push(`repeat ${rate} ${delay}`),
    enter: (_s, surface, keys) => {
      const codes = [
        ...new Uint32Array(keys.buffer.slice(keys.byteOffset, keys.byteOffset + keys.byteLength)),
      ];
      c.log.push(`enter ${surface?.id} [${codes.join(',')}]`);
    },
    leave: (_s, surface) => c.log.push(`leave ${surface?.id}`),
    key: (_s, _t, key, state) => c.log.push(`key ${key} ${state}`),
    modifiers: (_s, dep, lat, lock, group) => c.log.push(`mods ${dep} ${lat} ${lock} ${group}`),
  });
  return k;
}

describe('seat: wl_keyboard', () => {
  let t: TestExo;
  let a: TestClient;
  let b: TestClient;
  let ka: ReturnType<typeof logKeyboard>;
  let wa: Awaited<ReturnType<TestClient['window']>>;
  let wb: Awaited<ReturnType<TestClient['window']>>;

  before(async () => {
    t = await startTestExo();
    a = await TestClient.connect(t);
    b = await TestClient.connect(t);
    ka = logKeyboard(a);
    logKeyboard(b);
    wa = await a.window(0, 0);
    wb = await b.window(200, 0);
  });

  after(() => {
    try {
      a.close();
      b.close();
    } finally {
      t.stop();
    }
  });

  it('sends the keymap in a sealed memfd, NUL-terminated, and repeat info', async () => {
    await a.sync();
    const log = a.take();
    assert.match(log[0]!, /^keymap 1 \d+$/);
    assert.deepEqual(log.slice(1), ['repeat 25 600']);
    const km = ka.keymap!;
    assert.match(km.text, /^xkb_keymap \{/);
    assert.equal(km.text.at(-1), '\0');
    assert.ok(km.seals & F_SEAL_WRITE, 'sealed against writes');
    assert.ok(km.seals & F_SEAL_SHRINK, 'sealed against shrinking');
  });

  it('sends enter with the modifiers, keys, and leave when the focus moves', async () => {
    t.exo.seat.setKeyboardFocus(wa.surface);
    t.exo.seat.key(KEY_A, true);
    t.exo.seat.key(KEY_A, true); // a browser auto-repeat: dropped, clients repeat themselves
    t.exo.seat.key(KEY_A, false);
    t.exo.seat.key(KEY_LEFTSHIFT, true);
    await a.sync();
    assert.deepEqual(a.take(), [
      `enter ${wa.proxy.id} []`,
      'mods 0 0 0 0',
      `key ${KEY_A} 1`,
      `key ${KEY_A} 0`,
      `key ${KEY_LEFTSHIFT} 1`,
      'mods 1 0 0 0',
    ]);
    // Shift still down when the focus moves: the new focus learns it in enter.
    t.exo.seat.setKeyboardFocus(wb.surface);
    await a.sync();
    await b.sync();
    assert.deepEqual(a.take(), [`leave ${wa.proxy.id}`]);
    assert.deepEqual(b.take().slice(-2), [`enter ${wb.proxy.id} [${KEY_LEFTSHIFT}]`, 'mods 1 0 0 0']);
    t.exo.seat.key(KEY_LEFTSHIFT, false);
    await b.sync();
    assert.deepEqual(b.take(), [`key ${KEY_LEFTSHIFT} 0`, 'mods 0 0 0 0']);
    assert.equal(t.exo.seat.keyboardFocus, wb.surface);
  });

  it('types text through the keymap (Shift for capitals, Enter for newline)', async () => {
    t.exo.seat.setKeyboardFocus(wa.surface);
    await a.sync();
    a.take();
    t.exo.seat.typeText('Hi\n');
    await a.sync();
    assert.deepEqual(a.take(), [
      `key ${KEY_LEFTSHIFT} 1`,
      'mods 1 0 0 0',
      `key ${KEY_H} 1`,
      `key ${KEY_H} 0`,
      `key ${KEY_LEFTSHIFT} 0`,
      'mods 0 0 0 0',
      `key ${KEY_I} 1`,
      `key ${KEY_I} 0`,
      `key ${KEY_ENTER} 1`,
      `key ${KEY_ENTER} 0`,
    ]);
    assert.throws(() => t.exo.seat.typeText('\u{1F600}'), /Cannot type/);
  });

  it('gives a new wl_keyboard of the focused client enter at once', async () => {
    logKeyboard(a);
    await a.sync();
    const log = a.take();
    assert.deepEqual(log.slice(2), [`enter ${wa.proxy.id} []`, 'mods 0 0 0 0']);
  });

  it('drops the focus when the focused surface is destroyed', async () => {
    const w = await a.window(400, 0);
    t.exo.seat.setKeyboardFocus(w.surface);
    w.proxy.destroy();
    await a.sync();
    assert.equal(t.exo.seat.keyboardFocus, null);
  });

  it('leaks no keymap fd', async () => {
    const openFds = () => fs.readdirSync('/proc/self/fd').length;
    await a.sync();
    const before = openFds();
    for (let i = 0; i < 5; i++) logKeyboard(a).release();
    await a.sync();
    assert.equal(openFds(), before);
  });

  it('rejects bad key codes with a clear error', () => {
    assert.throws(() => t.exo.seat.key(0x1000, true), /Invalid evdev key code/);
  });
});

describe('seat: wl_touch', () => {
  let t: TestExo;
  let a: TestClient;
  let b: TestClient;

  before(async () => {
    t = await startTestExo();
    a = await TestClient.connect(t);
    b = await TestClient.connect(t);
  });

  after(() => {
    try {
      a.close();
      b.close();
    } finally {
      t.stop();
    }
  });

  it('keeps each point on the surface it went down on, with frames', async () => {
    for (const c of [a, b]) {
      c.seat.getTouch().on({
        down: (_s, _t, surface, id, x, y) => c.log.push(`down ${surface?.id} ${id} ${x},${y}`),
        motion: (_t, id, x, y) => c.log.push(`motion ${id} ${x},${y}`),
        up: (_s, _t, id) => c.log.push(`up ${id}`),
        frame: () => c.log.push('frame'),
        cancel: () => c.log.push('cancel'),
      });
    }
    const wa = await a.window(0, 0);
    await b.window(200, 0);
    t.exo.seat.touchDown(1, 10, 20);
    t.exo.seat.touchMotion(1, 250, 30); // over B: still A's
    t.exo.seat.touchDown(2, 210, 10);
    t.exo.seat.touchUp(1);
    await a.sync();
    await b.sync();
    assert.deepEqual(a.take(), [
      `down ${wa.proxy.id} 1 10,20`,
      'frame',
      'motion 1 250,30',
      'frame',
      'up 1',
      'frame',
    ]);
    assert.deepEqual(b.take().slice(1), ['frame']);
    assert.equal(t.shell.pressed.length, 2);
    t.exo.seat.touchCancel();
    await b.sync();
    assert.deepEqual(b.take(), ['cancel']);
    t.exo.seat.touchMotion(2, 0, 0); // cancelled: nothing
    await a.sync();
    assert.deepEqual(a.take(), []);
  });
});
