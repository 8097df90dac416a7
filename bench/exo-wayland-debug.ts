import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRuntimeDir } from '../test/foundation/mini-server.js';
import type { ChildCompositor } from '../test/foundation/processes.js';
import { stopper } from '../test/foundation/processes.js';

/**
 * A real client run with `WAYLAND_DEBUG=1`, for the exo benchmarks: libwayland prints every
 * request it sends on stderr, timestamped, so the same definition of a frame applies on any
 * compositor. A frame is a `wl_surface.commit` of the toplevel's surface (the one given
 * `xdg_surface.get_toplevel`) with a buffer attached since its previous commit; the first one
 * comes after the initial configure by the protocol's rules.
 *
 * libwayland stamps lines with CLOCK_REALTIME in microseconds, truncated to 32 bits, printed
 * as milliseconds: times here are milliseconds since the spawn, taken modulo 2^32 µs.
 */

const WRAP_US = 2 ** 32;

/** `[ 579423.970]  -> wl_surface@20.commit()`: time, direction, interface, id, message, args. */
const LINE = /^\[\s*(\d+)\.(\d{3})\]\s+(->\s+)?([\w]+)@(\d+)\.(\w+)\((.*)\)\s*$/;

function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export class DebugClient {
  readonly child: ChildProcess;
  /** Times of the toplevel's frames, in ms since the spawn. */
  readonly frames: number[] = [];
  private readonly spawnUs = nowUs() % WRAP_US;
  private readonly xdgSurfaceOf = new Map<string, string>();
  private toplevelSurface: string | null = null;
  private readonly attached = new Set<string>();
  private partial = '';
  private exited = false;
  private readonly waiters: Array<() => void> = [];

  constructor(
    command: string,
    args: string[],
    server: Pick<ChildCompositor, 'runtimeDir' | 'socket'>,
    env: NodeJS.ProcessEnv = {},
  ) {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete e['DISPLAY'];
    delete e['WAYLAND_SOCKET'];
    e['XDG_RUNTIME_DIR'] = server.runtimeDir;
    e['WAYLAND_DISPLAY'] = server.socket;
    e['WAYLAND_DEBUG'] = '1';
    this.child = spawn(command, args, { env: e, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (d: string) => this.take(d));
    this.child.once('exit', () => {
      this.exited = true;
      this.wake();
    });
  }

  private take(data: string): void {
    const lines = (this.partial + data).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line);
    this.wake();
  }

  private line(line: string): void {
    const m = LINE.exec(line);
    if (!m || !m[3]) return; // only requests (" -> ") matter
    const [, ms, frac, , iface, id, msg, args] = m;
    if (iface === 'xdg_wm_base' && msg === 'get_xdg_surface') {
      const a = /xdg_surface@(\d+), wl_surface@(\d+)/.exec(args!);
      if (a) this.xdgSurfaceOf.set(a[1]!, a[2]!);
    } else if (iface === 'xdg_surface' && msg === 'get_toplevel') {
      this.toplevelSurface ??= this.xdgSurfaceOf.get(id!) ?? null;
    } else if (iface === 'wl_surface' && msg === 'attach') {
      if (args!.startsWith('nil')) this.attached.delete(id!);
      else this.attached.add(id!);
    } else if (
      iface === 'wl_surface' &&
      msg === 'commit' &&
      id === this.toplevelSurface &&
      this.attached.has(id)
    ) {
      this.attached.delete(id);
      const us = Number(ms) * 1000 + Number(frac);
      this.frames.push(((((us - this.spawnUs) % WRAP_US) + WRAP_US) % WRAP_US) / 1000);
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Milliseconds from the spawn to the first frame. */
  async firstFrame(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.exited) throw new Error(`${this.child.spawnfile} exited before its first frame`);
      if (Date.now() > deadline) throw new Error(`${this.child.spawnfile}: no frame within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.frames[0]!;
  }

  /** Milliseconds since the spawn, on the clock of `frames`. */
  elapsedMs(): number {
    return (((((nowUs() % WRAP_US) - this.spawnUs) % WRAP_US) + WRAP_US) % WRAP_US) / 1000;
  }

  /** Frames whose time falls in [fromMs, toMs). */
  framesBetween(fromMs: number, toMs: number): number {
    return this.frames.filter((t) => t >= fromMs && t < toMs).length;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** The environment GTK clients get in the benchmarks: software rendering, Wayland only. */
export const GTK_BENCH_ENV: NodeJS.ProcessEnv = {
  GSK_RENDERER: 'cairo',
  GDK_BACKEND: 'wayland',
  NO_AT_BRIDGE: '1',
  GTK_A11Y: 'none',
};

/**
 * Weston headless with its desktop shell (windows placed as on a desktop, as exo does), at
 * exo's default output size. Kiosk-shell (test/foundation's spawnWeston) makes every toplevel
 * fullscreen, and a client that keeps its own size there, such as weston-simple-shm, gets
 * no frame callbacks at all; the desktop shell has neither problem. Its helper client draws
 * the background once at start-up (no panel), then idles.
 */
export async function spawnWestonDesktop(width = 1280, height = 800): Promise<ChildCompositor> {
  const runtimeDir = makeRuntimeDir('tartine-weston-');
  const name = 'wayland-weston';
  const socket = path.join(runtimeDir, name);
  const config = path.join(runtimeDir, 'weston.ini');
  fs.writeFileSync(
    config,
    '[core]\nshell=desktop-shell.so\n[shell]\npanel-position=none\n[input-method]\npath=\n',
  );
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir };
  delete env['WAYLAND_DISPLAY'];
  delete env['WAYLAND_SOCKET'];
  delete env['DISPLAY'];
  const args = [
    `--config=${config}`,
    '--backend=headless-backend.so',
    `--socket=${name}`,
    '--idle-time=0',
    `--width=${width}`,
    `--height=${height}`,
  ];
  const child = spawn('weston', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20000)));
  const stop = stopper(child, runtimeDir);
  const deadline = Date.now() + 20000;
  while (!fs.existsSync(socket) || !/launching '.*weston-desktop-shell'/.test(err)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`weston did not start: ${err}`);
    }
    await sleep(20);
  }
  await sleep(1000); // the shell helper binds and draws the background
  return { child, pid: child.pid!, runtimeDir, socket, stderr: () => err, stop };
}
