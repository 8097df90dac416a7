/**
 * Fixture for the bad-client tests: exo in a child process (so its fds, memory and stderr are
 * its own), with two well-behaved clients that must not notice anything a bad client does:
 * `weston-simple-shm`, which commits a new frame on every frame callback, and our own client
 * with a mapped window, which times round trips.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { sendMsg } from '../../compositor/src/native/unix-socket.js';
import type { ChildRun } from '../harness/client-process.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { processFdCount, processRss } from '../foundation/processes.js';

export interface RobustExo {
  exo: ExoProcess;
  /** weston-simple-shm, drawing all along. */
  shm: ChildRun;
  shmWindow: WindowInfo;
  /** Our well-behaved client, with a mapped window titled `probe`. */
  probe: TestClient;
  stop(): Promise<void>;
}

/** Round trips of the well-behaved client must finish within this, whatever a bad client does. */
export const RESPONSIVE_MS = 2000;

export async function startRobustExo(): Promise<RobustExo> {
  const exo = await startExoProcess({ size: '1280x800' });
  let probe: TestClient | null = null;
  try {
    const shm = exo.spawnClient('weston-simple-shm', []);
    const shmWindow = await exo.waitForWindow((w) => w.title === 'simple-shm' && w.pid === shm.pid);
    probe = await TestClient.connect(exo.wayland);
    await probe.toplevel({ title: 'probe', width: 64, height: 64 });
    const p = probe;
    return {
      exo,
      shm,
      shmWindow,
      probe: p,
      stop: async () => {
        p.close();
        await exo.stop();
      },
    };
  } catch (e) {
    probe?.close();
    await exo.stop();
    throw e;
  }
}

/** Milliseconds one round trip of the probe client takes. */
export async function probeRoundtripMs(fx: RobustExo): Promise<number> {
  const t0 = performance.now();
  await fx.probe.roundtrip();
  return performance.now() - t0;
}

/**
 * The server and every other client go on: exo runs and reported no internal error, the probe
 * client answers round trips quickly and still has its window, and weston-simple-shm is listed
 * and still drawing new frames (its window screenshot changes).
 */
export async function assertOthersGoOn(fx: RobustExo): Promise<void> {
  assert.ok(fx.exo.exo.running, `exo exited: ${fx.exo.exo.tail()}`);
  assertNoInternalError(fx);
  const ms = await probeRoundtripMs(fx);
  assert.ok(ms < RESPONSIVE_MS, `a round trip of the other client took ${ms.toFixed(0)} ms`);
  assert.equal(fx.probe.conn.error, null);
  const windows = await fx.exo.windows();
  assert.ok(
    windows.some((w) => w.title === 'probe'),
    `the probe window is still listed: ${JSON.stringify(windows)}`,
  );
  assert.ok(
    windows.some((w) => w.id === fx.shmWindow.id && w.pid === fx.shm.pid),
    `weston-simple-shm is still listed: ${JSON.stringify(windows)}`,
  );
  assert.ok(fx.shm.running, `weston-simple-shm exited: ${fx.shm.tail()}`);
  const first = await fx.exo.windowScreenshot(fx.shmWindow.id);
  await waitFor(
    'weston-simple-shm to draw a new frame',
    async () => !(await fx.exo.windowScreenshot(fx.shmWindow.id)).data.equals(first.data),
    { timeoutMs: 5000, intervalMs: 30 },
  );
}

export function assertNoInternalError(fx: RobustExo): void {
  assert.doesNotMatch(fx.exo.exo.stderr, /internal error|error destroying|uncaught|TypeError|RangeError/i);
}

/** Open fds of exo. */
export function exoFds(fx: RobustExo): number {
  return processFdCount(fx.exo.pid);
}

/** Waits until exo holds no more fds than `baseline` (a freed client gives its fds back). */
export async function waitExoFds(fx: RobustExo, baseline: number, timeoutMs = 5000): Promise<void> {
  await waitFor(`exo's fd count back to ${baseline}`, () => exoFds(fx) <= baseline, {
    timeoutMs,
    intervalMs: 20,
  }).catch((e: Error) => {
    throw new Error(`${e.message} (now ${exoFds(fx)}: ${fdTargets(fx.exo.pid).join(', ')})`);
  });
}

function fdTargets(pid: number): string[] {
  return fs.readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '?';
    }
  });
}

export function exoRss(fx: RobustExo): number {
  return processRss(fx.exo.pid);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Writes all of `bytes` to a raw socket, waiting whenever the socket is full (the server reads
 * at its own pace). Returns false if the server closed the connection first.
 */
export async function sendAll(fd: number, bytes: Buffer, fds: number[] = []): Promise<boolean> {
  let off = 0;
  while (off < bytes.length) {
    let n: number;
    try {
      n = sendMsg(fd, bytes, off, Math.min(bytes.length - off, 65536), off === 0 ? fds : []);
    } catch {
      return false; // EPIPE, ECONNRESET: the server dropped us
    }
    if (n < 0) await sleep(1);
    else off += n;
  }
  return true;
}
