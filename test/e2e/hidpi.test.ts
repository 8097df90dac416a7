// HiDPI: a page at device scale factor 2 makes exo's output scale 2, foot draws its text into a
// buffer of twice the pixels, and the page shows that buffer 1:1 on device pixels: the text is
// as sharp as a reference shot, and twice the pixel size of the same text at scale 1 (an
// upscaled scale-1 buffer would be the right size but blurred, and its canvas half as dense).
// After a deliberate change of the rendering: `npm run build && UPDATE_REFERENCE=1 node --test
// dist/test/e2e/hidpi.test.js` rewrites test/e2e/reference/foot-text-scale2.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { type ExoProcess } from '../harness/exo-fixture.js';
import type { RgbaImage } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';
import {
  openDesktop,
  pageShot,
  viewSelector,
  waitForWindowDrawn,
  launchBrowserAndExo,
} from './browser-fixture.js';
import { compareWithReference, measureText, type TextMeasure } from './image-compare.js';

const VIEWPORT = { width: 1024, height: 700 };
const TEXT = 'Tartine 2x';
/** The corner of the terminal holding the text, CSS pixels from the window's origin. */
const TEXT_AREA = { width: 160, height: 32 };

/** foot with a fixed font and size at every scale (not from the monitor's DPI), no cursor. */
const FOOT_ARGS = [
  '-f',
  'DejaVu Sans Mono:size=12',
  '-o',
  'dpi-aware=no',
  '-o',
  'pad=0x0',
  '-o',
  'cursor.blink=no',
  '-o',
  'colors.background=111111',
  '-o',
  'colors.foreground=dddddd',
  'sh',
  '-c',
  // Hide the cursor (DECTCEM), print the text, and stay.
  `printf '\\033[?25l${TEXT}\\n'; exec sleep 600`,
];

interface Capture {
  shot: RgbaImage;
  text: TextMeasure;
  canvas: { width: number; height: number; cssWidth: number; cssHeight: number };
}

/**
 * Waits until the page shows foot's buffer at `dpr` (its canvas holds css × dpr pixels) and the
 * text stays the same over two shots, then returns the text corner in device pixels.
 */
async function capture(page: Page, win: WindowInfo, dpr: number): Promise<Capture> {
  const sel = `${viewSelector(win.id)} canvas`;
  let last: Buffer | null = null;
  return waitFor(
    `foot's text drawn at scale ${dpr}`,
    async () => {
      const canvas = await page.$eval(sel, (c) => ({
        width: (c as HTMLCanvasElement).width,
        height: (c as HTMLCanvasElement).height,
        cssWidth: parseFloat((c as HTMLCanvasElement).style.width),
        cssHeight: parseFloat((c as HTMLCanvasElement).style.height),
      }));
      if (canvas.width !== canvas.cssWidth * dpr) return undefined;
      const shot = await pageShot(page, { x: win.x, y: win.y, ...TEXT_AREA });
      const text = measureText(shot);
      const same = last !== null && last.equals(shot.data);
      last = shot.data;
      return same && text.inked > 0 ? { shot, text, canvas } : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 150 },
  );
}

describe('HiDPI in the browser desktop', () => {
  let browser: Browser;
  let exo: ExoProcess;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  test('at device scale factor 2, foot text is drawn at twice the pixel density', async () => {
    const hi = await openDesktop(browser, exo, { viewport: VIEWPORT, deviceScaleFactor: 2 });
    let lo: Awaited<ReturnType<typeof openDesktop>> | null = null;
    try {
      // exo's output took the page's devicePixelRatio as its scale: what clients are told.
      const info = exo.spawnClient('wayland-info');
      await info.exited;
      assert.match(info.stdout, /wl_output'[\s\S]*scale: 2,/, 'wl_output scale 2');
      assert.match(info.stdout, /logical_width: 1024, logical_height: 700/);

      exo.spawnClient('foot', FOOT_ARGS);
      const fail = (e: Error): never => {
        throw new Error(`${e.message}\npage: ${hi.errors.join('\n')}\n${exo.clientReport()}`);
      };
      const first = await exo.waitForWindow((w) => w.appId === 'foot', 30_000, 'the foot window').catch(fail);
      await waitForWindowDrawn(hi.page, first.id).catch(fail);
      const win = (await exo.windows()).find((w) => w.id === first.id)!;

      const two = await capture(hi.page, win, 2).catch(fail);
      assert.deepEqual(two.canvas, {
        width: win.width * 2,
        height: win.height * 2,
        cssWidth: win.width,
        cssHeight: win.height,
      });
      assert.equal(two.shot.width, TEXT_AREA.width * 2, 'the screenshot is in device pixels');
      const mismatch = await compareWithReference(two.shot, 'foot-text-scale2.png');
      if (mismatch) assert.fail(mismatch);

      // The same text at scale 1: a page at device scale factor 1 takes over the desktop.
      lo = await openDesktop(browser, exo, { viewport: VIEWPORT, deviceScaleFactor: 1 });
      const one = await capture(lo.page, win, 1).catch(fail);
      assert.equal(one.canvas.width, win.width);
      const ratio = two.text.box.height / one.text.box.height;
      assert.ok(
        ratio >= 1.8 && ratio <= 2.2,
        `the text is ${two.text.box.height} device pixels high at scale 2 and ${one.text.box.height} at 1`,
      );
      const wide = two.text.box.width / one.text.box.width;
      assert.ok(wide >= 1.7 && wide <= 2.3, `text widths ${two.text.box.width} and ${one.text.box.width}`);
      // Rendered at 2x, more of the glyph pixels are at full contrast than at 1x; an
      // upscaled 1x buffer would have as few or fewer (its edges are interpolated).
      assert.ok(
        two.text.solid > one.text.solid + 0.08,
        `sharpness at scale 2 (${two.text.solid.toFixed(3)}) is not above scale 1's (${one.text.solid.toFixed(3)})`,
      );
      assert.deepEqual([...hi.errors, ...lo.errors], []);
    } finally {
      await lo?.close();
      await hi.close();
    }
  });
});
