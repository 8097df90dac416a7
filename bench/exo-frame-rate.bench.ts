import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startExoProcess } from '../test/harness/exo-fixture.js';
import { processCpuMs, spawnExo, type ChildCompositor } from '../test/foundation/processes.js';
import { benchSeconds, versus, type BenchResult } from './bench-api.js';
import { DebugClient, sleep, spawnWestonDesktop } from './exo-wayland-debug.js';

/**
 * Sustained frame rates. weston-simple-shm (a 250×250 client that redraws on every frame
 * callback) on exo beside the same client on weston headless, counting its commits over the
 * same interval, with each server's CPU use meanwhile; and a 1920×1080 client of our own that
 * rewrites and damages its whole buffer every frame (sommelier.bench's frame client, in its own
 * process), moved to cover a 1920×1080 exo exactly.
 */

/** The 1080p client shared with sommelier.bench.ts (compiled next to this file). */
const FRAME_CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sommelier-frame-client.js');

const WARMUP_MS = 1000;

interface Sustained {
  fps: number;
  /** Server CPU time over the interval, as a fraction of one core. */
  cpu: number;
}

async function simpleShmOn(server: ChildCompositor, seconds: number): Promise<Sustained> {
  const client = new DebugClient('weston-simple-shm', [], server);
  try {
    await client.firstFrame();
    await sleep(WARMUP_MS);
    const t0 = client.elapsedMs();
    const cpu0 = processCpuMs(server.pid);
    await sleep(seconds * 1000);
    const cpu1 = processCpuMs(server.pid);
    const t1 = client.elapsedMs();
    // Lines reach us a little after they are written: wait for the interval's last ones.
    await sleep(100);
    const ms = t1 - t0;
    return { fps: (client.framesBetween(t0, t1) * 1000) / ms, cpu: (cpu1 - cpu0) / ms };
  } finally {
    await client.stop();
  }
}

async function fullFrameOnExo(seconds: number): Promise<Sustained> {
  const exo = await startExoProcess({ size: '1920x1080' });
  try {
    const client = exo.spawnClient(process.execPath, [
      FRAME_CLIENT,
      'full',
      '1920',
      '1080',
      '60',
      String(seconds),
    ]);
    // Over the whole output during the client's warm-up frames, so every frame is drawn whole.
    const win = await exo.waitForWindow((w) => w.pid === client.pid);
    await exo.act(win.id, { action: 'move', x: 0, y: 0 });
    await client.waitForOutput(/^START$/m, 20_000);
    const cpu0 = processCpuMs(exo.pid);
    const t0 = performance.now();
    const m = await client.waitForOutput(/^RESULT (\{.*\})$/m, (seconds + 20) * 1000);
    const ms = performance.now() - t0;
    const cpu = (processCpuMs(exo.pid) - cpu0) / ms;
    return { fps: (JSON.parse(m[1]!) as { fps: number }).fps, cpu };
  } finally {
    await exo.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const seconds = benchSeconds(5);
  const exo = await spawnExo();
  let weston: ChildCompositor | null = null;
  let onExo: Sustained;
  let onWeston: Sustained;
  try {
    weston = await spawnWestonDesktop();
    onExo = await simpleShmOn(exo, seconds);
    onWeston = await simpleShmOn(weston, seconds);
  } finally {
    await exo.stop();
    await weston?.stop();
  }
  const full = await fullFrameOnExo(seconds);
  const pct = (x: number): number => x * 100;
  return [
    versus(
      'weston-simple-shm sustained frame rate on exo',
      onExo.fps,
      'fps',
      'on weston headless',
      onWeston.fps,
      {
        target: '>= 57 fps (full 60 Hz pacing)',
        met: onExo.fps >= 57,
        note: `commits of its toplevel over ${seconds} s after a ${WARMUP_MS} ms warm-up`,
      },
    ),
    versus(
      'exo CPU while weston-simple-shm runs',
      pct(onExo.cpu),
      '% of a core',
      'weston',
      pct(onWeston.cpu),
      {
        target: '< 50% of a core',
        met: onExo.cpu < 0.5,
        note: 'user + system time of the server process over the interval (/proc/<pid>/stat)',
      },
    ),
    versus('1920x1080 full-damage client on exo', full.fps, 'fps', "exo's 60 Hz frame clock", 60, {
      target: '>= 57 fps (full 60 Hz pacing)',
      met: full.fps >= 57,
      note: `covering a 1920x1080 exo, every pixel rewritten and damaged each frame; exo used ${pct(full.cpu).toFixed(0)}% of a core, ${((full.cpu * 1000) / full.fps).toFixed(1)} ms of CPU per frame (so about ${(full.fps / full.cpu).toFixed(0)} fps if it had a core to itself)`,
    }),
  ];
}
