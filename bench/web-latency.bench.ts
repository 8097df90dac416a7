import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/e2e/browser-fixture.js';
import { startExoProcess } from '../test/harness/exo-fixture.js';
import { versus, type BenchResult } from './bench-api.js';
import { median, sleep } from './exo-wayland-debug.js';
import { openBenchPage, percentile } from './web-page.js';

/**
 * What a user waits for in the desktop page, in headless Chromium. The page's initial load: the
 * bytes of script it fetches and the time from navigation to the first pixels of a window that
 * already exists. Key-to-pixel latency: from a key's dispatch in the page to the page's first
 * draw into the window of `foot sh -c 'cat > /dev/null'`, whose tty echoes the key. Both are
 * timed in the page itself (web-page.ts), so the browser's own delays are part of them.
 */

const KEYS = 30;
/** Between key presses: long enough that each echo is drawn before the next key. */
const KEY_GAP_MS = 150;

interface Measured {
  scriptBytes: number;
  scriptFiles: number;
  firstWindowMs: number;
  latencies: number[];
}

async function measure(browser: Browser): Promise<Measured> {
  const exo = await startExoProcess({ web: true });
  try {
    exo.spawnClient('foot', ['-T', 'keys', 'sh', '-c', 'cat > /dev/null']);
    const win = await exo.waitForWindow((w) => w.title === 'keys', 30_000);
    await sleep(500); // foot has drawn its first frames before the page opens
    const bp = await openBenchPage(browser, exo);
    try {
      // The window exists before navigation: the first draw into it is the page's first window.
      let first: number | null = null;
      for (let i = 0; i < 100 && first === null; i++) {
        first = (await bp.counters()).firstWindowDraw;
        if (first === null) await sleep(50);
      }
      if (first === null) throw new Error('the page drew no window within 5 s');
      let scriptBytes = 0;
      for (const n of bp.scripts.values()) scriptBytes += n;

      const now = (await exo.windows()).find((w) => w.id === win.id) ?? win;
      await bp.page.mouse.click(now.x + now.width / 2, now.y + now.height / 2);
      await exo.waitForWindow((w) => w.id === win.id && w.focused, 10_000, 'foot to have keyboard focus');
      await sleep(300);
      await bp.recordDraws(true);
      for (let i = 0; i < KEYS; i++) {
        await bp.page.keyboard.press('a');
        await sleep(KEY_GAP_MS);
      }
      const c = await bp.counters();
      await bp.recordDraws(false);
      const latencies: number[] = [];
      c.keydowns.forEach((t, i) => {
        const until = c.keydowns[i + 1] ?? Infinity;
        const draw = c.draws.find((d) => d.window === win.id && d.t >= t && d.t < until);
        if (draw) latencies.push(draw.t - t);
      });
      return { scriptBytes, scriptFiles: bp.scripts.size, firstWindowMs: first, latencies };
    } finally {
      await bp.close();
    }
  } finally {
    await exo.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const browser = await launchBrowser();
  let m: Measured;
  try {
    m = await measure(browser);
  } finally {
    await browser.close();
  }
  const med = median(m.latencies);
  const p95 = percentile(m.latencies, 95);
  const missed = KEYS - m.latencies.length;
  const frame = 1000 / 60;
  return [
    versus('key-to-pixel latency in the page, median', med, 'ms', 'one 60 Hz frame', frame, {
      target: '< 16 ms',
      met: med < 16,
      note: `${m.latencies.length} of ${KEYS} keys into foot (cat, tty echo) drawn before the next key; keydown dispatch to the first rectangle drawn into foot's window`,
    }),
    versus('key-to-pixel latency in the page, p95', p95, 'ms', 'two 60 Hz frames', 2 * frame, {
      target: '< 33 ms',
      met: p95 < 33 && missed === 0,
    }),
    versus('page script loaded', m.scriptBytes / 1024, 'KiB', 'the 300 KB budget', 300_000 / 1024, {
      target: '< 300 KB',
      met: m.scriptBytes < 300_000,
      note: `${m.scriptFiles} /app/*.js files, uncompressed bodies`,
    }),
    versus('page navigation to first window drawn', m.firstWindowMs, 'ms', 'the 1 s budget', 1000, {
      target: '< 1 s',
      met: m.firstWindowMs < 1000,
      note: "page's performance.now() of its first rectangle drawn into a window's canvas (foot, already mapped)",
    }),
  ];
}
