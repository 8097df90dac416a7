import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchSeconds, versus, type BenchResult } from './bench-api.js';
import {
  CountingProxy,
  envIn,
  runClient,
  runtimeDir,
  start,
  startExo,
  startSommelier,
  type ClientRun,
  type Proc,
} from './sommelier-setup.js';

/**
 * A 1920x1080 client that redraws every pixel each frame (`full`), and one that changes a
 * 16x16 square per frame (`small`), paced by frame callbacks, on exo headless at 1920x1080:
 * straight on exo (the anchor), through sommelier on the fd link, through sommelier on the
 * stream link (unix socket), and through Debian's waypipe (default options: lz4). Frames per
 * second, and bytes per frame on the two byte-stream links (counted by a proxy on their socket).
 */

const W = 1920;
const H = 1080;
const WARMUP_FRAMES = 30;

interface Runs {
  straight: ClientRun;
  fdLink: ClientRun;
  streamLink: ClientRun;
  waypipe: ClientRun;
}

async function measure(mode: 'full' | 'small', seconds: number): Promise<Runs> {
  const dir = runtimeDir();
  const procs: Proc[] = [];
  const proxies: CountingProxy[] = [];
  try {
    const exo = await startExo(dir);
    procs.push(exo.proc);
    const args = [mode, String(W), String(H), String(WARMUP_FRAMES), String(seconds)];
    const client = (display: string): NodeJS.ProcessEnv => envIn(dir, { WAYLAND_DISPLAY: display });

    const straight = await runClient(client(exo.wayland), args);

    const fdSom = await startSommelier(dir, `wayland:${exo.wayland}`, 'som-fd');
    procs.push(fdSom);
    const fdLink = await runClient(client(path.join(dir, 'som-fd')), args, { rssOf: fdSom.pid });

    const linkProxy = await CountingProxy.listen(path.join(dir, 'link-proxy'), exo.link);
    proxies.push(linkProxy);
    const streamSom = await startSommelier(dir, `unix:${path.join(dir, 'link-proxy')}`, 'som-link');
    procs.push(streamSom);
    const streamLink = await runClient(client(path.join(dir, 'som-link')), args, {
      proxy: linkProxy,
      rssOf: streamSom.pid,
    });

    const wpClientSock = path.join(dir, 'waypipe-client.sock');
    const wpProxySock = path.join(dir, 'waypipe-proxy.sock');
    const wpClient = start('waypipe', ['--socket', wpClientSock, 'client'], client(exo.wayland));
    procs.push(wpClient);
    await waitForFile(wpClientSock);
    const wpProxy = await CountingProxy.listen(wpProxySock, wpClientSock);
    proxies.push(wpProxy);
    const waypipe = await runClient(client(''), args, {
      proxy: wpProxy,
      wrap: ['waypipe', '--socket', wpProxySock, 'server', '--'],
    });
    return { straight, fdLink, streamLink, waypipe };
  } finally {
    for (const p of proxies) p.close();
    for (const p of procs.reverse()) await p.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function waitForFile(p: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!fs.existsSync(p)) {
    if (Date.now() > end) throw new Error(`${p} did not appear`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const perFrame = (r: ClientRun): number => r.bytes / Math.max(1, r.frames);
const mb = (b: number): number => b / (1024 * 1024);

function results(mode: string, r: Runs): BenchResult[] {
  const label = mode === 'full' ? '1080p full damage' : '1080p 16x16 damage';
  const anchor = `straight on exo`;
  const out: BenchResult[] = [
    versus(`${label}: fd link fps`, r.fdLink.fps, 'fps', anchor, r.straight.fps, {
      target: '>= 0.9x straight',
      met: r.fdLink.fps >= 0.9 * r.straight.fps,
    }),
    versus(`${label}: stream link fps`, r.streamLink.fps, 'fps', anchor, r.straight.fps, {
      target: '>= 0.8x straight',
      met: r.streamLink.fps >= 0.8 * r.straight.fps,
    }),
    versus(`${label}: waypipe fps`, r.waypipe.fps, 'fps', anchor, r.straight.fps),
    versus(`${label}: stream link bytes/frame`, perFrame(r.streamLink), 'B', 'waypipe', perFrame(r.waypipe), {
      target: "<= waypipe's",
      met: perFrame(r.streamLink) <= perFrame(r.waypipe),
    }),
  ];
  if (mode === 'full')
    out.push({
      name: `${label}: stream link over loopback`,
      value: r.streamLink.fps,
      unit: 'fps',
      target: '60 fps (exo ticks at 60 Hz: >= 57)',
      met: r.streamLink.fps >= 57,
    });
  for (const [which, run] of [
    ['fd link', r.fdLink],
    ['stream link', r.streamLink],
  ] as const) {
    const m = run.rss;
    if (!m) continue;
    // Its own memory: the guest's pools it maps to read them are the guest's.
    const own = m.rss - m.guestPools;
    const allowed = 60 * 1024 * 1024 + 1.2 * m.shadows;
    out.push({
      name: `${label}: sommelier memory (${which})`,
      value: mb(own),
      unit: 'MB',
      anchor: { name: '60 MB + 1.2x shadows', value: mb(allowed) },
      ratio: own / allowed,
      target: '< 60 MB + 1.2x shadows',
      met: own < allowed,
      note: `RSS ${mb(m.rss).toFixed(1)} MB minus ${mb(m.guestPools).toFixed(1)} MB of guest pools it maps; shadow buffers ${mb(m.shadows).toFixed(1)} MB`,
    });
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const seconds = benchSeconds(4);
  const out: BenchResult[] = [];
  for (const mode of ['full', 'small'] as const) out.push(...results(mode, await measure(mode, seconds)));
  return out;
}
