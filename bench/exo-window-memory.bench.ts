import * as fs from 'node:fs';
import { startExoProcess, type ExoProcess } from '../test/harness/exo-fixture.js';
import { processRss } from '../test/foundation/processes.js';
import { versus, type BenchResult } from './bench-api.js';
import { TestClient } from '../test/harness/wayland-test-client.js';
import { median, sleep } from './exo-wayland-debug.js';

/**
 * Memory per mapped 1920×1080 window: exo's RSS growth as windows of our own client map, one
 * buffer each, moved to cover a 1920×1080 exo (so each is drawn whole), against the size of
 * one buffer. Exo maps the client's memfd and reads it in place, so the buffer's
 * pages it touched count once in its RSS (as shared memory); anything above that is exo's own.
 * A first window mapped before the baseline takes the one-time costs (code compiled on first
 * use, lazily made state) out of the figure.
 */

const WINDOWS = 3;
const SETTLE_MS = 1500;
const MB = 1024 * 1024;

function statusKb(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

const W = 1920;
const H = 1080;

/** Maps a window of one W×H buffer (its own client), puts it over the whole output, draws it. */
async function mapWindow(exo: ExoProcess, title: string): Promise<TestClient> {
  const c = await TestClient.connect(exo.wayland);
  await c.toplevel({ title, width: W, height: H, argb: 0xff336699 });
  const win = await exo.waitForWindow((w) => w.title === title);
  await exo.act(win.id, { action: 'move', x: 0, y: 0 });
  await sleep(200); // a dozen frames: it has been composited
  return c;
}

export async function run(): Promise<BenchResult[]> {
  const exo = await startExoProcess({ size: '1920x1080' });
  const clients: TestClient[] = [];
  try {
    // Kept open: a closed window's mapping goes only when the collector gets to it, which
    // would land in the middle of the measurement.
    clients.push(await mapWindow(exo, 'warm-up'));
    await sleep(SETTLE_MS);
    const steps: number[] = [];
    const shared: number[] = [];
    for (let i = 0; i < WINDOWS; i++) {
      const rss = processRss(exo.pid);
      const shmem = statusKb(exo.pid, 'RssShmem') * 1024;
      clients.push(await mapWindow(exo, `window ${i + 1}`));
      await sleep(SETTLE_MS);
      steps.push(processRss(exo.pid) - rss);
      shared.push(statusKb(exo.pid, 'RssShmem') * 1024 - shmem);
    }
    const buffer = W * H * 4;
    // The median step: a collection of exo's own garbage can shrink one step, never all.
    const perWindow = median(steps);
    const own = median(steps.map((s, i) => s - shared[i]!));
    const mb = (xs: number[]): string => xs.map((x) => (x / MB).toFixed(1)).join(' / ');
    return [
      versus('exo RSS per mapped 1920x1080 window', perWindow / MB, 'MB', 'its buffer', buffer / MB, {
        target: '<= 2.5x the buffer',
        met: perWindow / buffer <= 2.5,
        note: `median of the growth per window ${mb(steps)} MB, of which ${mb(shared)} MB are the client's buffer that exo reads in place (shared memory); exo's own memory per window ${(own / MB).toFixed(2)} MB`,
      }),
    ];
  } finally {
    for (const c of clients) c.close();
    await exo.stop();
  }
}
