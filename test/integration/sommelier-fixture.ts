/**
 * Fixture for the sommelier tests: a host compositor (weston headless, the reference, or exo
 * through test/harness/exo-fixture.ts) on a private XDG_RUNTIME_DIR, sommelier in front of it
 * (as a `tartine sommelier` process, or in this process when a test reads its counters), and
 * real clients started against sommelier.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '../../compositor/src/client/connection.js';
import { parseHostAddress } from '../../sommelier/src/host/host-address.js';
import { Sommelier } from '../../sommelier/src/sommelier.js';
import { ChildRun } from '../harness/client-process.js';
import { REPO_ROOT } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';

export const TARTINE = path.join(REPO_ROOT, 'bin', 'tartine.js');

/** A private runtime directory; the caller removes it. */
export function runtimeDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tartine-${prefix}-`));
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** Environment for a process in `dir`, with no display of the test's own. */
export function envIn(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DISPLAY', 'WAYLAND_SOCKET', 'WAYLAND_DISPLAY', 'WAYLAND_DEBUG']) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith('SOMMELIER_')) delete env[k];
  return { ...env, XDG_RUNTIME_DIR: dir, ...extra };
}

export interface WestonHost {
  dir: string;
  /** Absolute path of weston's Wayland socket. */
  socket: string;
  weston: ChildRun;
  stop(): Promise<void>;
}

/** Starts `weston --backend=headless-backend.so` in a private runtime dir, ready for clients. */
export async function startWeston(): Promise<WestonHost> {
  const dir = runtimeDir('weston');
  const name = 'wayland-host';
  const weston = new ChildRun(
    'weston',
    ['--backend=headless-backend.so', `--socket=${name}`, '--idle-time=0', '--no-config'],
    envIn(dir),
  );
  const socket = path.join(dir, name);
  const stop = async (): Promise<void> => {
    await weston.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`weston's socket ${socket}`, async () => {
      if (!weston.running) throw new Error(`weston exited: ${weston.tail()}`);
      if (!fs.existsSync(socket)) return false;
      const c = Connection.connect(socket);
      try {
        await c.roundtrip();
      } finally {
        c.close();
      }
      return true;
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { dir, socket, weston, stop };
}

export interface SommelierRun {
  /** Absolute path of the socket sommelier serves. */
  socket: string;
  process: ChildRun;
  stop(): Promise<void>;
}

/** Runs `tartine sommelier` serving a socket in `dir` for the host at `hostSocket`; waits for READY. */
export async function startSommelierProcess(
  dir: string,
  hostSocket: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<SommelierRun> {
  const socket = path.join(dir, `sommelier-${process.pid}-${counter++}`);
  const run = new ChildRun(
    process.execPath,
    [TARTINE, 'sommelier', '--host', `wayland:${hostSocket}`, '--socket', socket, ...args],
    envIn(dir, env),
    REPO_ROOT,
  );
  try {
    await run.waitForOutput(/^READY \{.*\}$/m, 15_000);
  } catch (e) {
    await run.kill();
    throw e;
  }
  return { socket, process: run, stop: async () => void (await run.kill()) };
}

let counter = 0;

export interface InProcessSommelier {
  som: Sommelier;
  socket: string;
  stop(): void;
}

/** Sommelier in this process, so a test can read its counters (shadowStats) directly. */
export async function startSommelierHere(
  dir: string,
  hostSocket: string,
  opts: { scale?: number; guestName?: string } = {},
): Promise<InProcessSommelier> {
  const som = await Sommelier.start({
    host: parseHostAddress(`wayland:${hostSocket}`),
    scale: opts.scale ?? 1,
    dpi: [],
    guestName: opts.guestName ?? 'penguin',
  });
  const socket = som.listen(path.join(dir, `sommelier-here-${counter++}`));
  return { som, socket, stop: () => som.destroy() };
}

/** Runs a client against a sommelier socket. */
export function spawnGuest(dir: string, socket: string, command: string, args: string[] = []): ChildRun {
  return new ChildRun(command, args, envIn(dir, { WAYLAND_DISPLAY: socket }));
}
