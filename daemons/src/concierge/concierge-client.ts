import type * as grpc from '@grpc/grpc-js';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import { tartineRoot } from '../../../vmm/src/sandbox/guest-layout.js';
import { ensureDir, runtimeDir } from '../../../vmm/src/state-dir.js';
import { services } from '../grpc/protos.js';
import { call, clientFor } from '../grpc/unix-rpc.js';
import { DaemonPaths } from './daemon-paths.js';

const START_TIMEOUT_MS = 15_000;

function answers(sock: string, env?: NodeJS.ProcessEnv): boolean {
  try {
    return fs.statSync(sock).isSocket() && fs.existsSync(DaemonPaths.pidFile(env));
  } catch {
    return false;
  }
}

/** Starts `tartine concierge` in the background and resolves once it serves. */
function startDaemon(): Promise<void> {
  ensureDir(runtimeDir());
  const log = fs.openSync(DaemonPaths.log(), 'a', 0o600);
  const child = spawn(process.execPath, [path.join(tartineRoot(), 'bin', 'tartine.js'), 'concierge'], {
    stdio: ['ignore', 'pipe', log],
    detached: true,
    cwd: '/',
  });
  fs.closeSync(log);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(`it did not start in ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    function fail(why: string): void {
      clearTimeout(timer);
      reject(
        new GuestError(
          GuestErrorCode.internal,
          `cannot start the concierge daemon: ${why}; its log is ${DaemonPaths.log()}`,
        ),
      );
    }
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code) => {
      // Another command may have started one at the same moment: that one serves.
      if (/already running/.test(out) || answers(DaemonPaths.concierge())) done();
      else fail(`it exited (${code})`);
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (/^READY /m.test(out)) done();
    });
    function done(): void {
      clearTimeout(timer);
      child.stdout!.destroy();
      child.unref();
      resolve();
    }
  });
}

/** A client of the concierge daemon, started on demand. */
export class ConciergeClient {
  private constructor(private readonly client: grpc.Client) {}

  /** Connects, starting the daemon first if none runs (unless `start` is false: then null). */
  static async connect(start = true): Promise<ConciergeClient | null> {
    const sock = DaemonPaths.concierge();
    if (!answers(sock)) {
      if (!start) return null;
      await startDaemon();
    }
    return new ConciergeClient(clientFor(services().Concierge, sock));
  }

  call<T>(method: string, request: unknown, timeoutMs = 120_000): Promise<T> {
    return call<T>(this.client, method, request, 'the concierge daemon', timeoutMs);
  }

  close(): void {
    this.client.close();
  }
}

/** A client of cicerone (served by the concierge daemon), or null when no daemon runs. */
export function ciceroneClient(env?: NodeJS.ProcessEnv): grpc.Client | null {
  const sock = DaemonPaths.cicerone(env);
  return answers(sock, env) ? clientFor(services().Cicerone, sock) : null;
}
