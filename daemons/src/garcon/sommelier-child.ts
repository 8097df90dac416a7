import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { GuestPaths } from '../../../vmm/src/sandbox/guest-layout.js';

const TARTINE = `${GuestPaths.tartine}/bin/tartine.js`;
/** Restarts of a crashing sommelier before garcon gives up on graphics. */
const MAX_RESTARTS = 5;

/** The sommelier command line for this guest (serving wayland-0, or running one program alone). */
export function sommelierArgv(guest: string, extra: string[]): string[] {
  return [
    process.execPath,
    TARTINE,
    'sommelier',
    '--host',
    `wayland:${GuestPaths.hostWayland}`,
    '--guest',
    guest,
    ...extra,
  ];
}

/**
 * The guest's compositor: sommelier serving `wayland-0` in the guest's runtime folder, linked
 * to the desktop's socket bound at /run/tartine/wayland-host. Started once at guest start,
 * restarted if it crashes while the desktop is still there.
 */
export class SommelierChild {
  private child: ChildProcess | null = null;
  private restarts = 0;
  private stopped = false;
  readonly available = fs.existsSync(GuestPaths.hostWayland);

  constructor(private readonly guest: string) {}

  /** Starts it and resolves when it serves (true), or false if it could not. */
  start(): Promise<boolean> {
    if (!this.available) return Promise.resolve(false);
    return new Promise((resolve) => {
      const child = spawn(process.execPath, sommelierArgv(this.guest, ['--socket', 'wayland-0']).slice(1), {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      this.child = child;
      let out = '';
      let answered = false;
      const answer = (ok: boolean): void => {
        if (!answered) resolve(ok);
        answered = true;
      };
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (/^READY /m.test(out)) {
          answer(true);
          // Past READY its output is a log line like any other.
          out = '';
        }
      });
      child.once('error', (e) => {
        process.stderr.write(`garcon: cannot start sommelier: ${e.message}\n`);
        answer(false);
      });
      child.once('exit', (code, signal) => {
        answer(false);
        if (this.child !== child || this.stopped) return;
        this.child = null;
        process.stderr.write(`garcon: sommelier exited (${signal ?? `exit ${code}`})\n`);
        if (code !== 1 && this.restarts++ < MAX_RESTARTS) void this.start();
      });
    });
  }

  stop(): void {
    this.stopped = true;
    this.child?.kill('SIGTERM');
  }
}
