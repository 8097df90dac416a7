// X apps on a HiDPI host: with exo at output scale 2, `tartine sommelier -X` runs its Xwayland at
// 192 DPI (Xft.dpi too) and shows X pixels as the host's device pixels, so an xterm has about
// the logical size it has at output scale 1, drawn with twice the pixels instead of enlarged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { waitFor } from '../harness/poll.js';
import { startX11Guest, type X11Guest } from './x11-sommelier-fixture.js';

const TITLE = 'hidpi xterm';

describe('X apps on a HiDPI host', () => {
  let lo: X11Guest;
  let hi: X11Guest;
  before(async () => {
    [lo, hi] = await Promise.all([
      startX11Guest('fd', [], {}, { scale: 1 }),
      startX11Guest('fd', [], {}, { scale: 2 }),
    ]);
  });
  after(async () => {
    await Promise.all([lo?.stop(), hi?.stop()]);
  });

  async function xterm(g: X11Guest): Promise<WindowInfo> {
    g.spawn('xterm', ['-T', TITLE, '-fa', 'Monospace', '-fs', '12', '-geometry', '30x4']);
    return g.exo.waitForWindow((w) => w.title === TITLE && w.width > 0, 20_000);
  }

  async function xftDpi(g: X11Guest): Promise<number> {
    const r = await g.run('xrdb', ['-query']);
    return Number(/^Xft\.dpi:\s*(\d+)/m.exec(r.stdout)?.[1]);
  }

  /** The X geometry of the window titled TITLE (xwininfo). */
  async function xGeometry(g: X11Guest): Promise<{ x: number; y: number; width: number; height: number }> {
    const r = await g.run('xwininfo', ['-name', TITLE]);
    const n = (re: RegExp): number => Number(re.exec(r.stdout)?.[1]);
    return {
      x: n(/Absolute upper-left X: +(-?\d+)/),
      y: n(/Absolute upper-left Y: +(-?\d+)/),
      width: n(/Width: (\d+)/),
      height: n(/Height: (\d+)/),
    };
  }

  test('an xterm at output scale 2 has its scale-1 logical size, drawn at 192 DPI in device pixels', async () => {
    const [one, two] = await Promise.all([xterm(lo), xterm(hi)]);
    assert.equal(await xftDpi(lo), 96, 'Xft.dpi at output scale 1');
    assert.equal(await xftDpi(hi), 192, 'Xft.dpi at output scale 2');
    // The core screen resolution too, on the first run (forked ahead before the scale was known);
    // xdpyinfo derives it from whole millimetres, so it may be off by one.
    const res = /resolution: +(\d+)x(\d+) dots per inch/.exec((await hi.run('xdpyinfo')).stdout);
    for (const dpi of [Number(res?.[1]), Number(res?.[2])])
      assert.ok(Math.abs(dpi - 192) <= 1, `core resolution ${res?.[0]}, not 192 DPI`);

    // About the same logical size (font rounding at 192 DPI aside).
    for (const [a, b, what] of [
      [one.width, two.width, 'width'],
      [one.height, two.height, 'height'],
    ] as const)
      assert.ok(Math.abs(b - a) <= a * 0.1, `${what}: ${b} at scale 2, ${a} at scale 1`);

    // Twice the pixels: the X window is the device-pixel size of its logical one.
    const xg = await xGeometry(hi);
    assert.ok(
      Math.abs(xg.width - 2 * two.width) <= 1 && Math.abs(xg.height - 2 * two.height) <= 1,
      `X ${xg.width}×${xg.height}, host ${two.width}×${two.height}`,
    );
    const img = await hi.exo.windowScreenshot(two.id);
    assert.deepEqual([img.width, img.height], [two.width * 2, two.height * 2], 'screenshot in device pixels');
  });

  test('a click at a logical point lands on the X pixel twice that point', async () => {
    const win = await hi.exo.waitForWindow((w) => w.title === TITLE && w.width > 0, 20_000);
    await hi.exo.input({ type: 'click', x: win.x + 40, y: win.y + 30 });
    const xg = await xGeometry(hi);
    const at = await waitFor('the X pointer on the xterm', async () => {
      const r = await hi.run('xdotool', ['getmouselocation', '--shell']);
      const x = Number(/^X=(-?\d+)$/m.exec(r.stdout)?.[1]) - xg.x;
      const y = Number(/^Y=(-?\d+)$/m.exec(r.stdout)?.[1]) - xg.y;
      return x === 80 && y === 60 ? [x, y] : undefined;
    });
    assert.deepEqual(at, [80, 60]);
  });
});
