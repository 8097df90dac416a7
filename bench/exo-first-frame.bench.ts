import { spawnExo, type ChildCompositor } from '../test/foundation/processes.js';
import { versus, type BenchResult } from './bench-api.js';
import { DebugClient, GTK_BENCH_ENV, median, spawnWestonDesktop } from './exo-wayland-debug.js';

/**
 * Time to first frame of real clients on exo beside the same clients on weston headless
 * (kiosk-shell), in the same run: from the spawn to the client's first commit of its toplevel
 * with a buffer (see exo-wayland-debug.ts), the median of several runs, exo and weston in
 * turns so both see the same machine state. One discarded run per client and server first
 * warms the page cache and font caches.
 */

const RUNS = Math.max(3, Number(process.env['TARTINE_BENCH_RUNS']) || 7);

interface ClientSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const CLIENTS: ClientSpec[] = [
  { name: 'weston-simple-shm', command: 'weston-simple-shm', args: [] },
  // cat keeps the terminal's shell alive without printing anything.
  { name: 'weston-terminal', command: 'weston-terminal', args: ['--shell=/bin/cat'] },
  { name: 'gtk4-widget-factory', command: 'gtk4-widget-factory', args: [], env: GTK_BENCH_ENV },
];

async function firstFrameMs(spec: ClientSpec, server: ChildCompositor): Promise<number> {
  const client = new DebugClient(spec.command, spec.args, server, spec.env);
  try {
    return await client.firstFrame();
  } finally {
    await client.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const exo = await spawnExo();
  let weston: ChildCompositor | null = null;
  const results: BenchResult[] = [];
  try {
    weston = await spawnWestonDesktop();
    for (const spec of CLIENTS) {
      await firstFrameMs(spec, exo);
      await firstFrameMs(spec, weston);
      const onExo: number[] = [];
      const onWeston: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        onExo.push(await firstFrameMs(spec, exo));
        onWeston.push(await firstFrameMs(spec, weston));
      }
      const e = median(onExo);
      const w = median(onWeston);
      const list = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join('/');
      results.push(
        versus(`time to first frame, ${spec.name} on exo`, e, 'ms', 'on weston headless', w, {
          target: '<= 1.5x weston',
          met: e / w <= 1.5,
          note: `median of ${RUNS} runs; exo ${list(onExo)} ms, weston ${list(onWeston)} ms`,
        }),
      );
    }
    return results;
  } finally {
    await exo.stop();
    await weston?.stop();
  }
}
