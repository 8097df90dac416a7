// Both pixel paths of the desktop page show a real client's exact pixels: WebGL (forced with
// `?renderer=webgl`: headless Chromium has it only through SwiftShader, where the page would
// pick canvas 2D by itself) and canvas 2D (`?renderer=2d`). A lost WebGL context falls back to
// canvas 2D with the pixels re-sent by exo, and a restored one takes over again.
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
  saveArtifact,
  waitForOutputSize,
  windowArea,
  launchBrowserAndExo,
} from './browser-fixture.js';
import { countDifferent, encodeRgba } from './image-compare.js';

const VIEWPORT = { width: 1024, height: 700 };

/** foot in flat colours with some text, no blinking cursor: its pixels stay the same. */
const FOOT_ARGS = [
  '-T',
  'renderer',
  '-o',
  'cursor.blink=no',
  '-o',
  'colors.background=203040',
  '-o',
  'colors.foreground=f0e0a0',
  'sh',
  '-c',
  `printf '\\033[?25lTartine pixels: WebGL and canvas 2D\\n'; exec sleep 600`,
];

/**
 * Waits until the page shows exactly exo's own compositing of the window (the headless
 * renderer's output, the reference of every pixel), within one level per channel.
 */
async function expectExoPixels(page: Page, exo: ExoProcess, win: WindowInfo, label: string): Promise<void> {
  const area = windowArea(win);
  let last: { diff: number; shot: RgbaImage; reference: RgbaImage } | null = null;
  await waitFor(
    `${label}: the page shows foot's pixels`,
    async () => {
      const [shot, reference] = await Promise.all([pageShot(page), exo.screenshot()]);
      last = { diff: countDifferent(shot, reference, area, 1), shot, reference };
      return last.diff === 0;
    },
    { timeoutMs: 15_000, intervalMs: 200 },
  ).catch(async (e: Error) => {
    const l = last as { diff: number; shot: RgbaImage; reference: RgbaImage } | null;
    const files = l
      ? [
          saveArtifact(`renderer-${label}-page.png`, await encodeRgba(l.shot)),
          saveArtifact(`renderer-${label}-exo.png`, await encodeRgba(l.reference)),
        ]
      : [];
    throw new Error(`${e.message}; ${l?.diff ?? '?'} pixels differ; see ${files.join(', ')}`);
  });
}

async function rendererOf(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset['renderer']);
}

describe('the page draws with WebGL or canvas 2D', () => {
  let browser: Browser;
  let exo: ExoProcess;
  let win: WindowInfo;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
    exo.spawnClient('foot', FOOT_ARGS);
    win = await exo.waitForWindow((w) => w.title === 'renderer', 30_000);
    await exo.act(win.id, { action: 'move', x: 40, y: 60 });
    win = (await exo.windows()).find((w) => w.id === win.id)!;
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  /** The desktop page with `?renderer=`, its WebGL context kept on `window.__gl` for the test. */
  async function open(renderer: 'webgl' | '2d') {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await context.addInitScript(() => {
      // Counts the JPEGs the page decodes (lossy rectangles).
      const w = window as unknown as { __jpegs: number };
      w.__jpegs = 0;
      const decode = window.createImageBitmap;
      window.createImageBitmap = function (this: unknown, ...args: unknown[]) {
        if (args[0] instanceof Blob && args[0].type === 'image/jpeg') w.__jpegs++;
        return (decode as (...a: unknown[]) => Promise<ImageBitmap>).apply(window, args);
      } as typeof decode;
      const get = OffscreenCanvas.prototype.getContext;
      OffscreenCanvas.prototype.getContext = function (this: OffscreenCanvas, ...args: unknown[]) {
        const ctx = (get as (...a: unknown[]) => unknown).apply(this, args);
        if (args[0] === 'webgl2') (window as unknown as { __gl: unknown }).__gl = ctx;
        return ctx;
      } as typeof get;
    });
    const desk = await openDesktop(browser, exo, { context, viewport: VIEWPORT });
    // The token URL redirects to `/`, dropping its query: the cookie is set now, go again.
    await desk.page.goto(new URL(`/?renderer=${renderer}`, exo.url).href);
    await waitForOutputSize(exo, VIEWPORT.width, VIEWPORT.height);
    return { ...desk, close: () => context.close() };
  }

  test('canvas 2D (?renderer=2d) shows foot exactly', async () => {
    const desk = await open('2d');
    try {
      assert.equal(await rendererOf(desk.page), '2d');
      await expectExoPixels(desk.page, exo, win, '2d');
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });

  test('WebGL (?renderer=webgl) shows foot exactly, and survives losing its context', async () => {
    const desk = await open('webgl');
    try {
      const { page } = desk;
      assert.equal(await rendererOf(page), 'webgl');
      await expectExoPixels(page, exo, win, 'webgl');

      // A GPU reset: the page falls back to canvas 2D, and exo sends it everything again.
      await page.evaluate(() => {
        const gl = (window as unknown as { __gl: WebGL2RenderingContext }).__gl;
        (window as unknown as { __lose: unknown }).__lose = gl.getExtension('WEBGL_lose_context');
        (gl.getExtension('WEBGL_lose_context') as WEBGL_lose_context).loseContext();
      });
      await waitFor('the page to fall back to canvas 2D', async () => (await rendererOf(page)) === '2d');
      await expectExoPixels(page, exo, win, 'webgl-lost');

      // The context comes back: WebGL takes over again, with the pixels re-sent.
      await page.evaluate(() =>
        (window as unknown as { __lose: WEBGL_lose_context }).__lose.restoreContext(),
      );
      await waitFor('WebGL to take over again', async () => (await rendererOf(page)) === 'webgl');
      await expectExoPixels(page, exo, win, 'webgl-restored');
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });

  test('a terminal scrolling fast travels lossy, and is exact once still', async () => {
    const desk = await open('2d');
    try {
      const { page } = desk;
      // Lines of numbers as wide as the window scroll for two seconds, then it shows still text.
      exo.spawnClient('foot', [
        '-T',
        'scrolling',
        '-o',
        'cursor.blink=no',
        'sh',
        '-c',
        `timeout 2 seq -w 1 100000000 | paste -d' ' - - - - - - -; printf '\\033[?25l\\033[2J\\033[HStill now.\\n'; exec sleep 600`,
      ]);
      let scrolling = await exo.waitForWindow((w) => w.title === 'scrolling', 30_000);
      await exo.act(scrolling.id, { action: 'move', x: 100, y: 80 });
      await waitFor(
        'JPEG rectangles while the terminal scrolls',
        () => page.evaluate(() => (window as unknown as { __jpegs: number }).__jpegs > 0),
        { timeoutMs: 10_000, intervalMs: 50 },
      );
      scrolling = (await exo.windows()).find((w) => w.id === scrolling.id)!;
      await expectExoPixels(page, exo, scrolling, 'lossy-refined');
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });
});
