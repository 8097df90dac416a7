// X11 apps on exo through rootless Xwayland and our window manager: windows with their
// titles and WM_CLASS app ids, typing, menus (override-redirect popups), EWMH tools.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RgbaImage } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';
import { startX11Exo, waitForApp, waitForFile, type X11Exo } from './x11-fixture.js';

describe('X11 windows on exo', () => {
  let x: X11Exo;
  before(async () => {
    x = await startX11Exo();
  });
  after(() => x?.stop());

  test('xeyes, xclock and xlogo open as windows with their titles and app ids', async () => {
    const apps = [x.spawn('xeyes'), x.spawn('xclock'), x.spawn('xlogo')];
    for (const [appId, title] of [
      ['XEyes', 'xeyes'],
      ['XClock', 'xclock'],
      ['XLogo', 'xlogo'],
    ]) {
      const w = await waitForApp(x, appId!);
      assert.equal(w.title, title);
      assert.ok(w.width > 0 && w.height > 0, `${appId} has a size: ${JSON.stringify(w)}`);
    }
    // wmctrl lists them through _NET_CLIENT_LIST.
    const list = await x.run('wmctrl', ['-l']);
    for (const t of ['xeyes', 'xclock', 'xlogo']) assert.match(list.stdout, new RegExp(t));
    // xeyes follows the pointer: it would disturb the screenshots of the menu test.
    await Promise.all(apps.map((a) => a.kill()));
  });

  test('text typed through the API reaches a shell in xterm', async () => {
    const file = path.join(x.dir, 'typed.txt');
    x.spawn('xterm', ['-T', 'typing', '-e', 'sh', '-c', `read line; echo "$line" > ${file}`]);
    const w = await x.exo.waitForWindow((w) => w.title === 'typing', 20_000);
    assert.equal(w.appId, 'XTerm');
    await x.exo.input({ type: 'click', x: w.x + 20, y: w.y + 20 });
    await waitFor('the xterm to be focused', async () =>
      (await x.exo.windows()).find((v) => v.id === w.id && v.focused),
    );
    await x.exo.input({ type: 'text', text: 'hello from exo\n' });
    assert.equal(await waitForFile(file, (s) => s.endsWith('\n')), 'hello from exo\n');
  });

  test('xdotool renames a window and wmctrl makes it fullscreen', async () => {
    const term = x.spawn('xterm', ['-T', 'to-rename']);
    const w = await x.exo.waitForWindow((w) => w.title === 'to-rename', 20_000);
    const id = (await x.run('xdotool', ['search', '--name', 'to-rename'])).stdout.trim().split('\n')[0]!;
    await x.run('xdotool', ['set_window', '--name', 'renamed by xdotool', id]);
    await x.exo.waitForWindow((v) => v.id === w.id && v.title === 'renamed by xdotool', 10_000);
    await x.run('wmctrl', ['-r', 'renamed by xdotool', '-b', 'add,fullscreen']);
    const full = await x.exo.waitForWindow((v) => v.id === w.id && v.fullscreen, 10_000);
    assert.deepEqual([full.x, full.y, full.width, full.height], [0, 0, 1280, 800]);
    // _NET_WM_STATE tells X clients too.
    const state = await x.run('xprop', ['-id', id, '_NET_WM_STATE']);
    assert.match(state.stdout, /_NET_WM_STATE_FULLSCREEN/);
    await x.run('wmctrl', ['-r', 'renamed by xdotool', '-b', 'remove,fullscreen']);
    await x.exo.waitForWindow((v) => v.id === w.id && !v.fullscreen && v.width < 1280, 10_000);
    await term.kill(); // its cursor and prompt would redraw under the menu test's screenshots
  });

  test('an xterm menu (Ctrl+click) opens at the pointer and closes', async () => {
    x.spawn('xterm', ['-T', 'menu']);
    const w = await x.exo.waitForWindow((w) => w.title === 'menu', 20_000);
    const px = w.x + 40;
    const py = w.y + 40;
    await x.exo.input({ type: 'click', x: px, y: py });
    await waitFor('the xterm to be focused', async () =>
      (await x.exo.windows()).find((v) => v.id === w.id && v.focused),
    );
    // The shell may still be drawing its prompt: wait until two screenshots agree.
    let before = await x.exo.screenshot();
    await waitFor('the xterm to settle', async () => {
      const next = await x.exo.screenshot();
      const same = changedBox(before, next) === null;
      before = next;
      return same;
    });
    await x.exo.input([
      { type: 'pointer', x: px, y: py },
      { type: 'key', code: 'ControlLeft', state: 'press' },
      { type: 'button', button: 'left', state: 'press' },
    ]);
    // The menu is taller than the terminal: judge by the pixels outside the xterm, which only
    // the menu changes (the terminal may redraw its own text and cursor meanwhile).
    const outside = { x: w.x, y: w.y, width: w.width, height: w.height };
    const open = await waitFor(
      'the menu to show',
      async () => {
        const box = changedBox(before, await x.exo.screenshot(), outside);
        return box && box.count > 1000 ? box : undefined;
      },
      { timeoutMs: 10_000 },
    );
    // xterm puts the menu's title under the pointer.
    assert.ok(
      open.x0 <= px && px <= open.x1 && open.y0 <= py && py <= open.y1,
      `the menu (${JSON.stringify(open)}) is at the pointer (${px}, ${py})`,
    );
    await x.exo.input([
      { type: 'button', button: 'left', state: 'release' },
      { type: 'key', code: 'ControlLeft', state: 'release' },
    ]);
    let last: ReturnType<typeof changedBox> = null;
    await waitFor(
      'the menu to close',
      async () => {
        last = changedBox(before, await x.exo.screenshot(), outside);
        return last === null;
      },
      { timeoutMs: 10_000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; still changed: ${JSON.stringify(last)}`);
    });
  });
});

/**
 * The bounding box and number of pixels that differ between two screenshots (null: none),
 * leaving out the `skip` rectangle.
 */
function changedBox(
  a: RgbaImage,
  b: RgbaImage,
  skip?: { x: number; y: number; width: number; height: number },
) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  let count = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (a.data.readUInt32BE(i) === b.data.readUInt32BE(i)) continue;
      if (skip && x >= skip.x && x < skip.x + skip.width && y >= skip.y && y < skip.y + skip.height) continue;
      count++;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return count === 0 ? null : { x0, y0, x1, y1, count };
}
