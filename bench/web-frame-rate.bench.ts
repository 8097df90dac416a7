import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser, waitForWindowDrawn } from '../test/e2e/browser-fixture.js';
import { startExoProcess } from '../test/harness/exo-fixture.js';
import { benchSeconds, versus, type BenchResult } from './bench-api.js';
import { DebugClient, sleep } from './exo-wayland-debug.js';
import { countOver, openBenchPage } from './web-page.js';

/**
 * Frames that reach the desktop page in headless Chromium. weston-simple-shm drawn in the page
 * beside the same client on exo's headless backend (its commits, as exo-frame-rate counts them);
 * a 1920×1080 full-damage client in a 1920×1080 page, with the bytes each frame carries (JPEG
 * while it keeps changing), with the renderer the page picks and with WebGL forced; and
 * foot's blinking cursor, whose frames should carry only the cursor cell.
 * A frame in the page is a binary message the page received and drew (web-page.ts).
 */

const FRAME_CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sommelier-frame-client.js');
const WARMUP_MS = 1000;

/** weston-simple-shm's commit rate on `exo --headless`: the anchor. */
async function simpleShmHeadless(seconds: number): Promise<number> {
  const exo = await startExoProcess({});
  try {
    const client = new DebugClient('weston-simple-shm', [], {
      runtimeDir: exo.runtimeDir,
      socket: exo.wayland,
    });
    try {
      await client.firstFrame();
      await sleep(WARMUP_MS);
      const t0 = client.elapsedMs();
      await sleep(seconds * 1000);
      const t1 = client.elapsedMs();
      await sleep(100);
      return (client.framesBetween(t0, t1) * 1000) / (t1 - t0);
    } finally {
      await client.stop();
    }
  } finally {
    await exo.stop();
  }
}

async function simpleShmInPage(browser: Browser, seconds: number): Promise<number> {
  const exo = await startExoProcess({ web: true });
  try {
    const bp = await openBenchPage(browser, exo);
    try {
      exo.spawnClient('weston-simple-shm');
      const win = await exo.waitForWindow((w) => w.title === 'simple-shm');
      await waitForWindowDrawn(bp.page, win.id);
      await sleep(WARMUP_MS);
      return (await countOver(bp, seconds * 1000)).fps;
    } finally {
      await bp.close();
    }
  } finally {
    await exo.stop();
  }
}

async function fullFrameInPage(
  browser: Browser,
  seconds: number,
  renderer?: 'webgl' | '2d',
): Promise<{
  fps: number;
  bytesPerFrame: number;
  drawMsPerFrame: number;
  clientFps: number;
  renderer: string;
}> {
  const exo = await startExoProcess({ web: true });
  try {
    const bp = await openBenchPage(browser, exo, { width: 1920, height: 1080 }, renderer);
    try {
      const client = exo.spawnClient(process.execPath, [
        FRAME_CLIENT,
        'full',
        '1920',
        '1080',
        '60',
        String(seconds + 2),
      ]);
      const win = await exo.waitForWindow((w) => w.pid === client.pid);
      await exo.act(win.id, { action: 'move', x: 0, y: 0 });
      await client.waitForOutput(/^START$/m, 30_000);
      await sleep(500);
      const page = await countOver(bp, seconds * 1000);
      const used = await bp.page.evaluate(() => document.documentElement.dataset['renderer'] ?? '?');
      const m = await client.waitForOutput(/^RESULT (\{.*\})$/m, (seconds + 30) * 1000);
      return { ...page, clientFps: (JSON.parse(m[1]!) as { fps: number }).fps, renderer: used };
    } finally {
      await bp.close();
    }
  } finally {
    await exo.stop();
  }
}

/** Bytes per frame while only foot's cursor blinks (foot blinks every 500 ms when told to). */
async function cursorBlink(
  browser: Browser,
  seconds: number,
): Promise<{ bytesPerFrame: number; frames: number; rects: string }> {
  const exo = await startExoProcess({ web: true });
  try {
    const bp = await openBenchPage(browser, exo);
    try {
      exo.spawnClient('foot', ['-T', 'blink', '-o', 'cursor.blink=yes', 'sh', '-c', 'sleep 60']);
      const win = await exo.waitForWindow((w) => w.title === 'blink', 30_000);
      await waitForWindowDrawn(bp.page, win.id);
      await sleep(1500); // the first full frames, the shell's start
      await bp.recordDraws(true);
      const counted = await countOver(bp, Math.max(3, seconds) * 1000);
      const sizes = new Set((await bp.counters()).draws.map((d) => `${d.width}x${d.height}`));
      return { ...counted, rects: [...sizes].join(', ') };
    } finally {
      await bp.close();
    }
  } finally {
    await exo.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const seconds = benchSeconds(5);
  const headless = await simpleShmHeadless(seconds);
  const browser = await launchBrowser();
  let page: number;
  let full: Awaited<ReturnType<typeof fullFrameInPage>>;
  let fullGl: Awaited<ReturnType<typeof fullFrameInPage>>;
  let blink: Awaited<ReturnType<typeof cursorBlink>>;
  try {
    page = await simpleShmInPage(browser, seconds);
    full = await fullFrameInPage(browser, seconds);
    fullGl = await fullFrameInPage(browser, seconds, 'webgl');
    blink = await cursorBlink(browser, seconds);
  } finally {
    await browser.close();
  }
  const fullBytes = 1920 * 1080 * 4;
  return [
    versus('weston-simple-shm frames drawn in the page', page, 'fps', 'on exo --headless', headless, {
      target: '>= 0.95x headless',
      met: page >= 0.95 * headless,
      note: `binary frames the page received and drew over ${seconds} s after a ${WARMUP_MS} ms warm-up; headless counts the client's commits`,
    }),
    versus('1920x1080 full-damage client drawn in the page', full.fps, 'fps', 'the 60 Hz display', 60, {
      target: '>= 57 fps',
      met: full.fps >= 57,
      note: `the page's own pick of renderer: ${full.renderer}, 1920x1080; the client itself committed ${full.clientFps.toFixed(1)} fps (exo merges what the page has not acknowledged); the page spent ${full.drawMsPerFrame.toFixed(1)} ms per frame drawing rectangles`,
    }),
    versus(
      '1920x1080 full-damage bytes per frame',
      full.bytesPerFrame,
      'bytes',
      'the RGBA frame',
      fullBytes,
      { note: 'binary WebSocket bytes per frame received by the page (JPEG while the noise keeps changing)' },
    ),
    versus(
      '1920x1080 full-damage client drawn in the page (WebGL forced)',
      fullGl.fps,
      'fps',
      'the 60 Hz display',
      60,
      {
        target: '>= 57 fps',
        met: fullGl.fps >= 57,
        note: `?renderer=webgl (${fullGl.renderer}: SwiftShader in headless Chromium), 1920x1080; the client itself committed ${fullGl.clientFps.toFixed(1)} fps (exo merges what the page has not acknowledged); the page spent ${fullGl.drawMsPerFrame.toFixed(1)} ms per frame drawing rectangles`,
      },
    ),
    versus(
      '1920x1080 full-damage bytes per frame (WebGL forced)',
      fullGl.bytesPerFrame,
      'bytes',
      'the RGBA frame',
      fullBytes,
      { note: 'binary WebSocket bytes per frame received by the page (JPEG while the noise keeps changing)' },
    ),
    versus('foot cursor blink bytes per frame', blink.bytesPerFrame, 'bytes', 'the 10 KB budget', 10_000, {
      target: '< 10 KB',
      met: blink.frames > 0 && blink.bytesPerFrame < 10_000,
      note: `${blink.frames} frames while only the cursor blinked (foot -o cursor.blink=yes); rectangles drawn: ${blink.rects}`,
    }),
  ];
}
