import type { ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import { FdWatcher } from '../../../compositor/src/native/fd-watcher.js';
import { WaitingXwayland } from './waiting-xwayland.js';
import type { XDisplaySocket } from './x-display-socket.js';

const trace = debugEnabled('xwayland');

/** What starting Xwayland needs from the rest of the bridge. */
export interface XwaylandHooks {
  /**
   * A new Wayland connection for Xwayland: returns the fd Xwayland inherits as WAYLAND_SOCKET;
   * the compositor keeps the other end as a client it knows to be Xwayland.
   */
  connectWayland(): number;
  /** Xwayland runs: `wmFd` is our end of its window manager connection (`-wm`); we own it. */
  started(wmFd: number): void;
  /** Xwayland wrote its display number (`-displayfd`): it accepts clients now. */
  ready?(): void;
  /** Xwayland exited (after the last client left, or a crash): `why` says how. */
  stopped(why: string, crashed: boolean): void;
}

export interface XwaylandOptions {
  /** The Xwayland binary (default `Xwayland` on PATH). */
  binary?: string;
  /** `-dpi` (virtual resolution for the app scale), if set. */
  dpi?: number;
  /** Exit after the last X client disconnects (`-terminate`); default true. */
  terminate?: boolean;
}

/** Lines of Xwayland's stderr kept to explain a crash. */
const STDERR_LINES = 20;

/**
 * Rootless Xwayland, started lazily: we watch the display's listening socket and start
 * Xwayland only when a client is waiting on it, handing over the socket (`-listenfd`); when
 * Xwayland exits we watch again, so the next client starts a fresh server (after a crash too).
 * While we watch, the process is forked ahead and waits (waiting-xwayland.ts), so a client's
 * connect only costs an exec.
 */
export class XwaylandProcess {
  private child: ChildProcess | null = null;
  private waiting: WaitingXwayland | null = null;
  private watcher: FdWatcher | null = null;
  private stopping = false;
  /** We ended this run ourselves (no X client left): not a crash. */
  private ending = false;
  private stderrTail: string[] = [];
  /** How many times Xwayland was started. */
  starts = 0;

  constructor(
    readonly socket: XDisplaySocket,
    private readonly hooks: XwaylandHooks,
    private readonly options: XwaylandOptions = {},
  ) {
    this.watch();
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  private watch(): void {
    if (this.stopping || this.watcher) return;
    // A listening socket turns readable when a connection waits to be accepted.
    this.watcher = new FdWatcher(this.socket.fd, (ev) => {
      if (ev.readable) this.start();
    });
    this.watcher.unref();
    this.prepare();
  }

  private get args(): string[] {
    const args = [this.socket.name, '-rootless', '-listenfd', '5', '-wm', '4', '-displayfd', '6'];
    if (this.options.terminate ?? true) args.push('-terminate', '1');
    if (this.options.dpi) args.push('-dpi', String(Math.round(this.options.dpi)));
    return args;
  }

  private fork(): WaitingXwayland {
    const binary = this.options.binary ?? 'Xwayland';
    return WaitingXwayland.fork(binary, this.args, this.hooks.connectWayland(), this.socket.fd);
  }

  /** Forks the next Xwayland ahead, to wait for its first client (on failure, start forks). */
  private prepare(): void {
    if (this.stopping || this.child || this.waiting) return;
    let w: WaitingXwayland;
    try {
      w = this.fork();
    } catch (e) {
      if (trace) debugLog('xwayland', `cannot fork ahead: ${(e as Error).message}`);
      return;
    }
    this.waiting = w;
    // Killed before it was needed: forget it (the next start forks anew).
    w.child.once('exit', () => {
      if (this.waiting !== w) return;
      this.waiting = null;
      w.discard();
    });
  }

  /**
   * The arguments changed (e.g. `-dpi` after the host's scale became known): an Xwayland forked
   * ahead and still waiting is replaced by one with the new arguments. A running one is left.
   */
  refork(): void {
    const w = this.waiting;
    if (!w || this.child) return;
    this.waiting = null;
    w.discard();
    this.prepare();
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /** Starts Xwayland now (normally the first client's connection does). */
  start(): void {
    if (this.child || this.stopping) return;
    this.unwatch();
    let w: WaitingXwayland;
    try {
      w = this.waiting ?? this.fork();
    } catch (e) {
      this.watch();
      throw e;
    }
    this.waiting = null;
    w.launch();
    const { child, args } = w;
    const readyOurs = w.readyFd;
    const wmOurs = w.wmFd;
    const ready = new net.Socket({ fd: readyOurs, readable: true, writable: false });
    ready.once('data', () => this.hooks.ready?.());
    ready.on('error', () => {});
    ready.on('end', () => ready.destroy());
    this.starts++;
    this.child = child;
    this.stderrTail = [];
    if (trace)
      debugLog('xwayland', `started Xwayland ${this.socket.name} (pid ${child.pid}): ${args.join(' ')}`);
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      if (trace) process.stderr.write(s);
      this.stderrTail.push(...s.split('\n').filter(Boolean));
      this.stderrTail.splice(0, Math.max(0, this.stderrTail.length - STDERR_LINES));
    });
    child.once('error', (e) => this.exited(`cannot run Xwayland: ${e.message}`, true));
    child.once('exit', (code, signal) => {
      const crashed = signal !== null ? !this.stopping && !this.ending : code !== 0;
      this.exited(signal ? `killed by ${signal}` : `exit code ${code}`, crashed);
    });
    this.hooks.started(wmOurs);
  }

  private exited(why: string, crashed: boolean): void {
    if (!this.child) return;
    this.child = null;
    this.ending = false;
    if (crashed && !this.stopping)
      process.stderr.write(
        `xwayland-bridge: Xwayland ${this.socket.name} stopped (${why}); it restarts with the next X client\n` +
          this.stderrTail.map((l) => `  Xwayland: ${l}\n`).join(''),
      );
    else if (trace) debugLog('xwayland', `Xwayland ${this.socket.name} exited (${why})`);
    this.hooks.stopped(why, crashed);
    this.watch();
  }

  /** Ends this Xwayland run (the last X client left); the next client starts a new one. */
  endRun(): void {
    if (!this.child) return;
    this.ending = true;
    this.child.kill('SIGTERM');
  }

  /** Stops Xwayland (SIGTERM) and stops listening for clients; the socket stays ours to close. */
  stop(): void {
    this.stopping = true;
    this.unwatch();
    this.waiting?.discard();
    this.waiting = null;
    this.child?.kill('SIGTERM');
  }
}
