import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRuntimeDir } from './mini-server.js';

/**
 * Compositors in child processes, for tests and benchmarks that need a separate process: our
 * exo (headless) and weston (headless, the reference). Each gets a private XDG_RUNTIME_DIR that
 * `stop()` removes, and is killed by its own pid.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (this file runs from dist/test/foundation/). */
export const repoRoot = path.resolve(here, '..', '..', '..');

export interface ChildCompositor {
  child: ChildProcess;
  pid: number;
  runtimeDir: string;
  /** Absolute socket path. */
  socket: string;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: string[] = [];
  stream?.setEncoding('utf8');
  stream?.on('data', (d: string) => chunks.push(d));
  return () => chunks.join('');
}

/** Ends `child` (SIGTERM, SIGKILL after 3 s) and removes its runtime folder. */
export function stopper(child: ChildProcess, runtimeDir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(runtimeDir, { recursive: true, force: true });
  };
}

/** Starts `tartine exo --headless` and waits for its READY line. */
export async function spawnExo(env: Record<string, string> = {}): Promise<ChildCompositor> {
  const runtimeDir = makeRuntimeDir('tartine-exo-');
  const socket = path.join(runtimeDir, 'wayland-exo');
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'bin', 'tartine.js'), 'exo', '--headless', '--socket', socket],
    {
      env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr = collect(child.stderr);
  const stop = stopper(child, runtimeDir);
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`exo did not print READY in 20 s: ${stderr()}`)),
        20000,
      );
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        out += d;
        if (/^READY /m.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exo exited (${code}) before READY: ${stderr()}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { child, pid: child.pid!, runtimeDir, socket, stderr, stop };
}

/** Starts weston with the headless backend and waits for its socket. */
export async function spawnWeston(): Promise<ChildCompositor> {
  const runtimeDir = makeRuntimeDir('tartine-weston-');
  const name = 'wayland-weston';
  const socket = path.join(runtimeDir, name);
  // kiosk-shell and no input method: weston starts no helper clients of its own.
  const config = path.join(runtimeDir, 'weston.ini');
  fs.writeFileSync(config, '[core]\nshell=kiosk-shell.so\n[input-method]\npath=\n');
  const args = [`--config=${config}`, '--backend=headless-backend.so', `--socket=${name}`, '--idle-time=0'];
  const child = spawn('weston', args, {
    env: withoutDisplays({ ...process.env, XDG_RUNTIME_DIR: runtimeDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = collect(child.stderr);
  collect(child.stdout);
  const stop = stopper(child, runtimeDir);
  const deadline = Date.now() + 20000;
  while (!fs.existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`weston did not create its socket: ${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, pid: child.pid!, runtimeDir, socket, stderr, stop };
}

/** An environment without WAYLAND_DISPLAY/DISPLAY, so a nested compositor never picks a parent's. */
function withoutDisplays(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  delete env['WAYLAND_DISPLAY'];
  delete env['WAYLAND_SOCKET'];
  delete env['DISPLAY'];
  return env;
}

/** Number of open fds of another process. */
export function processFdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident set size of a process, in bytes (VmRSS). */
export function processRss(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** CPU time (user + system) a process has used so far, in milliseconds (10 ms resolution). */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted from after the command name.
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

/** Runs a command to completion, collecting its output. */
export function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 20000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out(), stderr: err() });
    });
  });
}
