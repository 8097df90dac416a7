/**
 * A child process run by a test (a real Wayland client, or exo itself): collects its output,
 * waits for lines in it, and kills it by pid (SIGTERM, then SIGKILL after a grace period).
 * Every child still alive when the test process exits is killed too, so a crashed test
 * leaves nothing running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './poll.js';

/** Output kept per stream; older text is dropped (a chatty client must not eat memory). */
const MAX_OUTPUT = 1024 * 1024;
const live = new Set<number>();

process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ChildRun {
  readonly pid: number;
  stdout = '';
  stderr = '';
  exit: Exit | null = null;
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(
    readonly command: string,
    readonly args: string[],
    env: NodeJS.ProcessEnv,
    cwd?: string,
  ) {
    this.child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    // Spawn failures arrive as 'error' (then 'close' gives the exit status).
    this.child.on('error', (e) => (this.stderr += `\n[spawn error: ${e.message}]`));
    if (this.child.pid === undefined) {
      // spawn failures (ENOENT...) are reported asynchronously; make them visible now.
      throw new Error(`could not start ${command}: is it installed?`);
    }
    this.pid = this.child.pid;
    live.add(this.pid);
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => (this.stdout = keep(this.stdout + s)));
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => (this.stderr = keep(this.stderr + s)));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        live.delete(this.pid);
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Waits until `pattern` appears in stdout (or stderr); returns the match. */
  async waitForOutput(
    pattern: RegExp,
    timeoutMs = 10_000,
    stream: 'stdout' | 'stderr' = 'stdout',
  ): Promise<RegExpMatchArray> {
    return waitFor(
      `${pattern} in the ${stream} of ${this.describe()}`,
      () => {
        const m = this[stream].match(pattern);
        if (m) return m;
        if (!this.running)
          throw new Error(`${this.describe()} exited (${JSON.stringify(this.exit)}): ${this.tail()}`);
        return undefined;
      },
      { timeoutMs },
    );
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  async kill(graceMs = 2000): Promise<Exit> {
    if (!this.running) return this.exit!;
    signal(this.pid, 'SIGTERM');
    const timer = setTimeout(() => signal(this.pid, 'SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    return `${this.command} ${this.args.join(' ')} (pid ${this.pid})`.slice(0, 200);
  }

  /** The end of both streams, for error messages. */
  tail(chars = 2000): string {
    return `stdout: ${this.stdout.slice(-chars)}\nstderr: ${this.stderr.slice(-chars)}`;
  }
}

function keep(s: string): string {
  return s.length > MAX_OUTPUT ? s.slice(-MAX_OUTPUT) : s;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
