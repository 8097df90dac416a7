import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { startExoProcess, type ExoProcess } from '../test/harness/exo-fixture.js';
import { waitFor } from '../test/harness/poll.js';
import { GuestFixture, guestSkipReason } from '../test/integration/guest-fixture.js';
import { versus, type BenchResult } from './bench-api.js';

/**
 * Guests: `vmc start` of a stopped sandbox guest (the daemon already up), the time from
 * `vmc launch` to the app's first frame on the desktop beside the same app started straight on
 * exo (alternating, same run), and the resident memory of an idle running guest.
 */

const APP = 'gtk3-widget-factory';
const RUNS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds until a window with `appId` has content (its first frame), polling exo. */
async function firstFrame(exo: ExoProcess, appId: string, start: number): Promise<number> {
  const win = await exo.waitForWindow((w) => w.appId === appId, 30_000);
  await waitFor(
    'the first frame',
    async () => (await exo.request('GET', `/api/windows/${win.id}/screenshot.png`)).status === 200,
    {
      timeoutMs: 30_000,
      intervalMs: 10,
    },
  );
  return performance.now() - start;
}

async function windowsGone(exo: ExoProcess): Promise<void> {
  await waitFor('the windows to close', async () => (await exo.windows()).length === 0, {
    timeoutMs: 15_000,
  });
}

async function direct(exo: ExoProcess): Promise<number> {
  const start = performance.now();
  const child = spawn(APP, [], {
    env: { ...process.env, WAYLAND_DISPLAY: exo.wayland, XDG_RUNTIME_DIR: exo.runtimeDir, NO_AT_BRIDGE: '1' },
    stdio: 'ignore',
  });
  try {
    return await firstFrame(exo, APP, start);
  } finally {
    child.kill();
    await windowsGone(exo);
  }
}

/** Through `vmc launch` (a new node process each time), or the desktop page's launch route. */
async function inGuest(exo: ExoProcess, g: GuestFixture, via: 'vmc' | 'api' = 'vmc'): Promise<number> {
  const start = performance.now();
  if (via === 'vmc') await g.ok('vmc', 'launch', 'penguin', APP);
  else await exo.ok('POST', '/api/guests/penguin/launch', { desktopFileId: APP });
  try {
    return await firstFrame(exo, `penguin:${APP}`, start);
  } finally {
    await g.run('vsh', 'penguin', '--', 'pkill', '-f', APP);
    await windowsGone(exo);
  }
}

/** Resident memory of every process in the guest (all in its pid namespace), in bytes. */
function guestRss(pid: number): number {
  const ns = fs.readlinkSync(`/proc/${pid}/ns/pid`);
  let total = 0;
  for (const p of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (fs.readlinkSync(`/proc/${p}/ns/pid`) !== ns) continue;
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      total += kb * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export async function run(): Promise<BenchResult[]> {
  const skip = guestSkipReason();
  if (skip) return [{ name: 'guests', value: NaN, unit: '', note: `skipped: ${skip}` }];
  const exo = await startExoProcess({});
  const g = GuestFixture.create({ runtimeDir: exo.runtimeDir });
  try {
    await g.ok('vmc', 'create', 'penguin');
    await g.ok('vmc', 'start', 'penguin', '--wayland', exo.wayland);
    const starts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await g.ok('vmc', 'stop', 'penguin');
      const t0 = performance.now();
      await g.ok('vmc', 'start', 'penguin', '--wayland', exo.wayland);
      starts.push(performance.now() - t0);
    }
    // Settle, then measure the idle guest (sommelier, garcon and the sandbox).
    await new Promise((r) => setTimeout(r, 2000));
    const pid = Number(/pid (\d+)/.exec((await g.ok('vmc', 'list')).stdout)?.[1]);
    const rss = guestRss(pid) / (1024 * 1024);
    const viaGuest: number[] = [];
    const viaApi: number[] = [];
    const straight: number[] = [];
    await inGuest(exo, g); // warm-up: page cache, sommelier's first client
    for (let i = 0; i < RUNS; i++) {
      straight.push(await direct(exo));
      viaGuest.push(await inGuest(exo, g));
      viaApi.push(await inGuest(exo, g, 'api'));
    }
    const startMs = median(starts);
    return [
      {
        name: 'vmc start (stopped sandbox guest)',
        value: startMs,
        unit: 'ms',
        target: '< 1000 ms',
        met: startMs < 1000,
        note: `runs: ${starts.map((x) => x.toFixed(0)).join(', ')}`,
      },
      versus(
        `vmc launch ${APP} to first frame`,
        median(viaGuest),
        'ms',
        `${APP} straight on exo`,
        median(straight),
        {
          target: '<= 1.3x',
          met: median(viaGuest) <= 1.3 * median(straight),
          note: `guest ${viaGuest.map((x) => x.toFixed(0)).join(', ')}; straight ${straight.map((x) => x.toFixed(0)).join(', ')}`,
        },
      ),
      versus(
        `launcher (POST /api/guests/penguin/launch) to first frame`,
        median(viaApi),
        'ms',
        `${APP} straight on exo`,
        median(straight),
        {
          target: '<= 1.3x',
          met: median(viaApi) <= 1.3 * median(straight),
          note: `guest ${viaApi.map((x) => x.toFixed(0)).join(', ')}`,
        },
      ),
      { name: 'idle running guest, resident', value: rss, unit: 'MB', target: '< 150 MB', met: rss < 150 },
    ];
  } finally {
    await g.stop();
    await exo.stop();
  }
}
