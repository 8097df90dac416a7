/**
 * The browser side of the e2e tests: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), the desktop page of a web exo opened in a fresh context, and waits
 * for what the page shows.
 *
 *   const browser = await launchBrowser();                    // one per test file
 *   const exo = await startExoProcess({ web: true });
 *   const desk = await openDesktop(browser, exo);             // page connected, output resized
 *   exo.spawnClient('foot');
 *   const win = await exo.waitForWindow((w) => w.appId === 'foot');
 *   await waitForWindowDrawn(desk.page, win.id);
 *   const img = await pageShot(desk.page, windowArea(win));  // RgbaImage, device pixels
 *   await desk.close();
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { REPO_ROOT, startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { decodePng, type Area, type Rgba, type RgbaImage } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';

/** The desktop page's background (style.css), as a screenshot shows it. */
export const PAGE_BACKGROUND: Rgba = [0x2e, 0x34, 0x40, 255];
/** Height of the title bar the page draws above server-side-decorated windows (protocol.ts). */
export const TITLEBAR_HEIGHT = 30;
/** Where failing tests leave their screenshots (ignored by git). */
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Debian's Chromium, headless. Close it in an `after` hook. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * Debian's Chromium and a web exo, started side by side. When one fails to start the other is
 * ended before the error propagates, so a failed `before` hook leaves no browser behind.
 */
export async function launchBrowserAndExo(): Promise<[Browser, ExoProcess]> {
  const [b, e] = await Promise.allSettled([launchBrowser(), startExoProcess({ web: true })]);
  if (b.status === 'fulfilled' && e.status === 'fulfilled') return [b.value, e.value];
  await Promise.allSettled([
    b.status === 'fulfilled' ? b.value.close() : null,
    e.status === 'fulfilled' ? e.value.stop() : null,
  ]);
  throw b.status === 'rejected' ? b.reason : (e as PromiseRejectedResult).reason;
}

export interface DesktopPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors of the page, for assertions and failure messages. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** CSS pixels (default 1280×800). */
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** Emulate a touch screen (for page.touchscreen). */
  hasTouch?: boolean;
  /** Open in this context instead of a new one (a second tab shares the session cookie). */
  context?: BrowserContext;
  /** Wait until exo's output has the page's size and scale (default true). */
  waitForOutput?: boolean;
}

/**
 * Opens exo's desktop URL (the token one, as a user would) in a fresh browser context, and
 * waits until exo has taken the page's size and device pixel ratio as its output.
 */
export async function openDesktop(
  browser: Browser,
  exo: ExoProcess,
  opts: OpenOptions = {},
): Promise<DesktopPage> {
  const viewport = opts.viewport ?? { width: 1280, height: 800 };
  const dpr = opts.deviceScaleFactor ?? 1;
  const ownContext = opts.context === undefined;
  const context =
    opts.context ??
    (await browser.newContext({ viewport, deviceScaleFactor: dpr, hasTouch: opts.hasTouch ?? false }));
  const errors: string[] = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()} (${m.location().url})`);
  });
  const close = async (): Promise<void> => {
    if (ownContext) await context.close();
    else await page.close();
  };
  try {
    await page.goto(exo.url, { timeout: 20_000 });
    if (opts.waitForOutput !== false)
      await waitForOutputSize(exo, viewport.width * dpr, viewport.height * dpr);
  } catch (e) {
    await close();
    throw new Error(`${(e as Error).message}\npage errors: ${errors.join('\n')}`);
  }
  return { context, page, errors, close };
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(buf: Buffer): { width: number; height: number } {
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Waits until exo's output is `width`×`height` device pixels: the page's hello (size and
 * devicePixelRatio) has reached exo. The API has no output query; the desktop screenshot's
 * size is the output's size in device pixels.
 */
export async function waitForOutputSize(exo: ExoProcess, width: number, height: number): Promise<void> {
  let last = '';
  await waitFor(
    `exo's output to become ${width}x${height} device pixels (the page's size)`,
    async () => {
      const r = await exo.ok('GET', '/api/screenshot.png');
      const s = pngSize(r.body);
      last = `${s.width}x${s.height}`;
      return s.width === width && s.height === height;
    },
    { timeoutMs: 15_000, intervalMs: 100 },
  ).catch((e: Error) => {
    throw new Error(`${e.message}; it is ${last}`);
  });
}

/** The page element showing window `id`, as a CSS selector. */
export function viewSelector(id: number): string {
  return `#desktop > .view[data-window="${id}"]`;
}

/**
 * Waits until the page shows window `id` with pixels: its view exists and one of its surface
 * canvases has a non-transparent pixel.
 */
export async function waitForWindowDrawn(page: Page, id: number, timeoutMs = 20_000): Promise<void> {
  await page
    .waitForFunction(
      (sel: string) => {
        const view = document.querySelector(sel);
        if (!view) return false;
        for (const c of view.querySelectorAll('canvas')) {
          if (c.width === 0 || c.height === 0) continue;
          const ctx = c.getContext('2d');
          if (!ctx) return true; // drawn by WebGL: trust the screenshot checks
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < d.length; i += 4 * 13) if (d[i] !== 0) return true;
        }
        return false;
      },
      viewSelector(id),
      { timeout: timeoutMs, polling: 100 },
    )
    .catch((e: Error) => {
      throw new Error(`window ${id} was not drawn in the page: ${e.message.split('\n')[0]}`);
    });
}

/** A screenshot of the page (or of `area`, CSS pixels), decoded; device pixels. */
export async function pageShot(page: Page, area?: Area): Promise<RgbaImage> {
  const png = await page.screenshot(area ? { clip: area } : {});
  return decodePng(png);
}

/** The client area of a window, CSS pixels (without the page's title bar). */
export function windowArea(w: WindowInfo): Area {
  return { x: w.x, y: w.y, width: w.width, height: w.height };
}

/** Scales an area from CSS pixels to device pixels. */
export function deviceArea(a: Area, dpr: number): Area {
  return { x: a.x * dpr, y: a.y * dpr, width: a.width * dpr, height: a.height * dpr };
}

/** Writes `png` under test-output/e2e/ and returns its path (for failure messages). */
export function saveArtifact(name: string, png: Buffer): string {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, name);
  fs.writeFileSync(file, png);
  return file;
}
