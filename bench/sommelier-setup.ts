/**
 * The processes of `sommelier.bench.ts`: exo headless at 1920x1080 with its link endpoint,
 * sommelier on either link, waypipe's client and server, a byte-counting proxy for the unix
 * sockets between the two halves of a link, and runs of the benchmark client. Every process is
 * ours and is stopped by its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { widenLinkBuffers } from '../compositor/src/link/socket-buffers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const TARTINE = path.join(repoRoot, 'bin', 'tartine.js');
export const FRAME_CLIENT = path.join(here, 'sommelier-frame-client.js');

export interface Proc {
  child: ChildProcess;
  pid: number;
  out(): string;
  stop(): Promise<void>;
}

export function start(cmd: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (text = (text + d).slice(-100_000)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (text = (text + d).slice(-100_000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(t);
  };
  return { child, pid: child.pid!, out: () => text, stop };
}

/** Resolves with the first match of `re` in the process output. */
export function waitOutput(p: Proc, re: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${re} within ${ms} ms: ${p.out().slice(-2000)}`)),
      ms,
    );
    const check = (): void => {
      const m = p.out().match(re);
      if (m) {
        clearTimeout(timer);
        p.child.stdout!.off('data', check);
        p.child.off('exit', exited);
        resolve(m);
      }
    };
    const exited = (): void => {
      clearTimeout(timer);
      reject(new Error(`the process exited before ${re}: ${p.out().slice(-2000)}`));
    };
    p.child.stdout!.on('data', check);
    p.child.once('exit', exited);
    check();
  });
}

export function runtimeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-bench-som-'));
  fs.chmodSync(dir, 0o700);
  return dir;
}

export function envIn(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: dir, ...extra };
  for (const k of ['DISPLAY', 'WAYLAND_DEBUG', 'TARTINE_DEBUG']) delete env[k];
  if (!('WAYLAND_DISPLAY' in extra)) delete env['WAYLAND_DISPLAY'];
  return env;
}

export async function startExo(dir: string): Promise<{ proc: Proc; wayland: string; link: string }> {
  const wayland = path.join(dir, 'wayland-exo');
  const proc = start(
    process.execPath,
    [
      TARTINE,
      'exo',
      '--headless',
      '--socket',
      wayland,
      '--size',
      '1920x1080',
      '--link-listen',
      'unix:exo-link',
    ],
    envIn(dir),
  );
  await waitOutput(proc, /^READY /m);
  return { proc, wayland, link: path.join(dir, 'exo-link') };
}

/** `tartine sommelier --host HOST` serving `dir/NAME`. */
export async function startSommelier(dir: string, host: string, name: string): Promise<Proc> {
  const proc = start(process.execPath, [TARTINE, 'sommelier', '--host', host, '--socket', name], envIn(dir));
  await waitOutput(proc, /^READY /m);
  return proc;
}

/** Bytes through a unix socket proxy, both ways, across all its connections (link-sized socket buffers). */
export class CountingProxy {
  up = 0;
  down = 0;
  private readonly sockets = new Set<net.Socket>();
  private constructor(private readonly server: net.Server) {}

  static async listen(at: string, target: string): Promise<CountingProxy> {
    let self: CountingProxy | null = null;
    const server = net.createServer((inbound) => {
      const outbound = net.connect({ path: target });
      for (const s of [inbound, outbound]) {
        // The counter should cost the link as little as it can: the link's own buffer sizes.
        widenLinkBuffers(s);
        self!.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => (inbound.destroy(), outbound.destroy()));
      }
      inbound.on('data', (d: Buffer) => (self!.up += d.length));
      outbound.on('data', (d: Buffer) => (self!.down += d.length));
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    self = new CountingProxy(server);
    await new Promise<void>((resolve) => server.listen(at, resolve));
    return self;
  }

  get total(): number {
    return this.up + this.down;
  }

  close(): void {
    this.server.close();
    for (const s of this.sockets) s.destroy();
  }
}

export interface ClientRun {
  fps: number;
  frames: number;
  /** Bytes the proxy counted during the measured frames (when one was given). */
  bytes: number;
  /** Sampled at the end of the measurement, if asked. */
  rss?: Memory;
}

/**
 * Runs the benchmark client (or `wrap` around it, e.g. waypipe server) and measures between its
 * START and RESULT lines: its frame rate, and the proxy's byte count in that window.
 */
export async function runClient(
  env: NodeJS.ProcessEnv,
  clientArgs: string[],
  opts: { proxy?: CountingProxy; wrap?: string[]; rssOf?: number } = {},
): Promise<ClientRun> {
  const argv = [process.execPath, FRAME_CLIENT, ...clientArgs];
  const cmd = opts.wrap ? [...opts.wrap, ...argv] : argv;
  const proc = start(cmd[0]!, cmd.slice(1), env);
  try {
    await waitOutput(proc, /^START$/m, 60_000);
    const before = opts.proxy?.total ?? 0;
    const m = await waitOutput(proc, /^RESULT (.*)$/m, 120_000);
    const bytes = (opts.proxy?.total ?? 0) - before;
    const r = JSON.parse(m[1]!) as { fps: number; frames: number };
    const out: ClientRun = { fps: r.fps, frames: r.frames, bytes };
    if (opts.rssOf !== undefined) out.rss = memoryOf(opts.rssOf);
    return out;
  } finally {
    await proc.stop();
  }
}

export interface Memory {
  pid: number;
  rss: number;
  /** Size of the sommelier shadow buffers mapped. */
  shadows: number;
  /** Resident pages of guest shm pools sommelier maps to read them: the guest's memory, not its own. */
  guestPools: number;
}

/** A process's resident memory, the sommelier shadow buffers it maps, and the guest pools it maps. */
export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  let shadows = 0;
  let guestPools = 0;
  let kind: 'shadow' | 'guest' | null = null;
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line))
      kind = line.includes('/memfd:sommelier-shadow')
        ? 'shadow'
        : /\/memfd:|\/dev\/shm\//.test(line)
          ? 'guest'
          : null;
    else if (kind === 'shadow' && line.startsWith('Size:')) shadows += Number(/(\d+)/.exec(line)![1]) * 1024;
    else if (kind === 'guest' && line.startsWith('Rss:')) guestPools += Number(/(\d+)/.exec(line)![1]) * 1024;
  }
  return { pid, rss, shadows, guestPools };
}
