/**
 * The page side of the web benchmarks: the desktop page in Debian's headless Chromium, with an
 * init script (run before the page's own scripts) that counts what the page really receives and
 * draws. Every binary WebSocket message is one frame of pixels; every damaged rectangle the page
 * draws into a surface (its `__tartineDraw` hook, called by either renderer) is stamped with the
 * window its canvas belongs to; every keydown is stamped as it is dispatched.
 * All times are the page's `performance.now()`, whose origin is the navigation's start.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitForOutputSize } from '../test/e2e/browser-fixture.js';
import type { ExoProcess } from '../test/harness/exo-fixture.js';

/** What the init script keeps on `window.__bench`. */
export interface PageCounters {
  /** Binary (pixel) messages received and their bytes. */
  frames: number;
  bytes: number;
  /** Draws of damaged rectangles, oldest first, while `recordDraws` is on. */
  draws: Array<{ t: number; window: number | null; width: number; height: number }>;
  /** Milliseconds spent drawing rectangles (upload or putImageData, and JPEG waits), in total. */
  drawMs: number;
  /** The first draw into a window's canvas since the navigation. */
  firstWindowDraw: number | null;
  keydowns: number[];
  recordDraws: boolean;
}

/** Runs in the page before its own scripts (Playwright's addInitScript), so it sees every frame. */
function instrument(): void {
  const b: PageCounters = {
    frames: 0,
    bytes: 0,
    draws: [],
    drawMs: 0,
    firstWindowDraw: null,
    keydowns: [],
    recordDraws: false,
  };
  (window as unknown as { __bench: PageCounters }).__bench = b;
  const Native = window.WebSocket;
  // A listener added in the constructor runs before the page's own `onmessage`, in the same task.
  class CountingSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        if (typeof e.data === 'string') return;
        b.frames++;
        b.bytes += (e.data as ArrayBuffer).byteLength;
      });
    }
  }
  window.WebSocket = CountingSocket;
  // The page calls this after drawing each damaged rectangle, whatever its renderer (surfaces.ts).
  (window as unknown as { __tartineDraw: unknown }).__tartineDraw = (
    canvas: HTMLCanvasElement,
    width: number,
    height: number,
    ms: number,
  ): void => {
    const t = performance.now();
    b.drawMs += ms;
    const view = canvas.closest<HTMLElement>('.view');
    const id = view?.dataset['window'];
    const win = id === undefined ? null : Number(id);
    if (win !== null) b.firstWindowDraw ??= t;
    if (b.recordDraws) b.draws.push({ t, window: win, width, height });
  };
  addEventListener('keydown', () => b.keydowns.push(performance.now()), true);
}

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  /** Bytes of every `/app/*.js` response the page loaded, by URL path. */
  scripts: Map<string, number>;
  counters(): Promise<PageCounters>;
  /** Starts (or stops) recording draws, clearing earlier ones and the keydowns. */
  recordDraws(on: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Opens exo's desktop URL in a fresh context with the counters installed; waits for the output size. */
export async function openBenchPage(
  browser: Browser,
  exo: ExoProcess,
  viewport = { width: 1280, height: 800 },
  /** Force a renderer (`?renderer=`); by default the page picks (canvas 2D without a GPU). */
  renderer?: 'webgl' | '2d',
): Promise<BenchPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const scripts = new Map<string, number>();
  const pending: Array<Promise<void>> = [];
  try {
    await context.addInitScript(instrument);
    const page = await context.newPage();
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (!/^\/app\/.*\.js$/.test(p)) return;
      pending.push(
        r.body().then(
          (body) => void scripts.set(p, body.length),
          () => {},
        ),
      );
    });
    await page.goto(exo.url, { timeout: 20_000 });
    // The token URL redirects to `/` (dropping its query); the session cookie is set by then.
    if (renderer) await page.goto(new URL(`/?renderer=${renderer}`, exo.url).href, { timeout: 20_000 });
    await waitForOutputSize(exo, viewport.width, viewport.height);
    await Promise.all(pending);
    return {
      context,
      page,
      scripts,
      counters: () =>
        page.evaluate(() => {
          const b = (window as unknown as { __bench: PageCounters }).__bench;
          return { ...b, draws: [...b.draws], keydowns: [...b.keydowns] };
        }),
      recordDraws: (on: boolean) =>
        page.evaluate((v: boolean) => {
          const b = (window as unknown as { __bench: PageCounters }).__bench;
          b.recordDraws = v;
          b.draws = [];
          b.keydowns = [];
        }, on),
      close: () => context.close(),
    };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** The page's frame and byte counters over `ms` milliseconds. */
export async function countOver(
  bp: BenchPage,
  ms: number,
): Promise<{ fps: number; bytesPerFrame: number; frames: number; drawMsPerFrame: number }> {
  const a = await bp.counters();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = await bp.counters();
  const seconds = (performance.now() - t0) / 1000;
  const frames = b.frames - a.frames;
  return {
    fps: frames / seconds,
    bytesPerFrame: frames > 0 ? (b.bytes - a.bytes) / frames : 0,
    frames,
    drawMsPerFrame: frames > 0 ? (b.drawMs - a.drawMs) / frames : 0,
  };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((x, y) => x - y);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
