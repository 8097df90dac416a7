import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { GuestError, GuestErrorCode } from '../guest-error.js';
import { bwrapArgs, type SandboxSpec } from './bwrap-args.js';
import { spawnInGuest } from './sandbox-exec.js';

/** bwrap's --info-fd in the child: the fd after stdin, stdout, stderr. */
const INFO_FD = 3;
/**
 * Printed by the guest's first command as it starts: bwrap reports the pid before it has set
 * the sandbox up (uid map, mounts), and entering it before then fails.
 */
export const UP_MARKER = 'TARTINE-GUEST-UP';

/** Wraps the guest's command so it prints UP_MARKER first (sh starts in a millisecond; node does not). */
export function markedCommand(command: string[]): string[] {
  return ['/bin/sh', '-c', `echo ${UP_MARKER}; exec "$@"`, 'guest-init', ...command];
}
/** How long a guest gets to end its processes after SIGTERM before they are killed. */
const STOP_GRACE_MS = 2500;
/** Logs are cut back to their last part at start when they grow past this. */
const LOG_MAX = 1 << 20;

/** One running sandbox: the bwrap process (our child) and the host pid of the guest's first process. */
export class SandboxProcess {
  private exited = false;
  private readonly exitWaiters: Array<() => void> = [];

  private constructor(
    readonly child: ChildProcess,
    /** Host pid of the guest's first process (pid 1 inside). */
    readonly pid: number,
    readonly startedMs: number,
  ) {
    child.once('exit', () => {
      this.exited = true;
      for (const w of this.exitWaiters.splice(0)) w();
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  /**
   * Starts bwrap with `spec` and resolves once the guest's command runs (commands can enter it
   * from then on). `spec.command` must print UP_MARKER first (markedCommand). Output of the
   * guest goes to `logFile` and `onLog`. Rejects, with the log's end, if bwrap fails.
   */
  static start(
    spec: Omit<SandboxSpec, 'infoFd'>,
    logFile: string,
    onLog?: (text: string) => void,
    onExit?: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): Promise<SandboxProcess> {
    trimLog(logFile);
    const log = fs.openSync(logFile, 'a', 0o600);
    fs.writeSync(log, `--- ${new Date().toISOString()} starting ${spec.name}\n`);
    const child = spawn(
      'bwrap',
      bwrapArgs({ ...spec, command: markedCommand(spec.command), infoFd: INFO_FD }),
      {
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
        env: { PATH: '/usr/bin:/bin' },
      },
    );
    let tail = '';
    let up = false;
    let onUp = (): void => {};
    const sink = (chunk: Buffer): void => {
      let text = chunk.toString('utf8');
      if (!up && text.includes(`${UP_MARKER}\n`)) {
        up = true;
        text = text.replace(`${UP_MARKER}\n`, '');
        onUp();
      }
      fs.writeSync(log, text);
      tail = (tail + text).slice(-2000);
      onLog?.(text);
    };
    child.stdout!.on('data', sink);
    child.stderr!.on('data', sink);
    child.once('close', (code, signal) => {
      fs.writeSync(
        log,
        `--- ${new Date().toISOString()} ${spec.name} stopped (${signal ?? `exit ${code}`})\n`,
      );
      fs.closeSync(log);
      onExit?.(code, signal);
    });
    return new Promise((resolve, reject) => {
      let info = '';
      const infoStream = child.stdio[INFO_FD] as Readable;
      infoStream.setEncoding('utf8');
      infoStream.on('data', (d: string) => (info += d));
      const ready = (): void => {
        const pid = /"child-pid":\s*(\d+)/.exec(info)?.[1];
        if (pid && up) resolve(new SandboxProcess(child, Number(pid), Date.now()));
      };
      onUp = ready;
      infoStream.once('end', ready);
      const failed = (why: string): void =>
        reject(
          new GuestError(
            GuestErrorCode.startFailed,
            `guest '${spec.name}' did not start: ${why}${tail ? `\n${tail.trim()}` : ''}\n(full log: vmc logs ${spec.name})`,
          ),
        );
      child.once('error', (e) => failed(`cannot run bwrap: ${e.message}`));
      child.once('exit', (code, signal) => {
        if (!/"child-pid"/.test(info) || !up) failed(`bwrap exited (${signal ?? `exit ${code}`})`);
      });
    });
  }

  /** Asks every guest process to end (SIGTERM), then kills what is left after a grace period. */
  async stop(env: Record<string, string>): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    try {
      const kill = spawnInGuest({
        pid: this.pid,
        env,
        cwd: '/',
        argv: ['/bin/kill', '-TERM', '-1'],
        tty: false,
        stdio: 'pipe',
      });
      kill.on('error', () => {});
    } catch {
      // the guest is already going away
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await done;
    clearTimeout(timer);
  }
}

function trimLog(file: string): void {
  try {
    const st = fs.statSync(file);
    if (st.size <= LOG_MAX) return;
    const fd = fs.openSync(file, 'r');
    const keep = Buffer.alloc(LOG_MAX / 2);
    fs.readSync(fd, keep, 0, keep.length, st.size - keep.length);
    fs.closeSync(fd);
    fs.writeFileSync(file, keep);
  } catch {
    // no log yet
  }
}
