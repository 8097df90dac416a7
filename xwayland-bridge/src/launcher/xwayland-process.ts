import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import { FdWatcher } from '../../../compositor/src/native/fd-watcher.js';
import { closeFd, setNonBlocking } from '../../../compositor/src/native/libc.js';
import { pipe } from '../../../compositor/src/native/shared-memory.js';
import { socketPair } from '../../../compositor/src/native/unix-socket.js';
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
 * Rootless Xwayland, started lazily: we watch the display's listening socket and spawn
 * Xwayland only when a client is waiting on it, handing over the socket (`-listenfd`); when
 * Xwayland exits we watch again, so the next client starts a fresh server (after a crash too).
 */
export class XwaylandProcess {
  private child: ChildProcess | null = null;
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
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /** Starts Xwayland now (normally the first client's connection does). */
  start(): void {
    if (this.child || this.stopping) return;
    this.unwatch();
    const wayland = this.hooks.connectWayland();
    const [wmOurs, wmTheirs] = socketPair();
    const [readyOurs, readyTheirs] = pipe(true);
    const args = [this.socket.name, '-rootless', '-listenfd', '5', '-wm', '4', '-displayfd', '6'];
    if (this.options.terminate ?? true) args.push('-terminate', '1');
    if (this.options.dpi) args.push('-dpi', String(Math.round(this.options.dpi)));
    const env: NodeJS.ProcessEnv = { ...process.env, WAYLAND_SOCKET: '3' };
    delete env['WAYLAND_DISPLAY'];
    delete env['DISPLAY'];
    let child: ChildProcess;
    try {
      // libwayland-client wants a blocking socket; the X server sets its own fds as it likes.
      setNonBlocking(wayland, false);
      child = spawn(this.options.binary ?? 'Xwayland', args, {
        stdio: ['ignore', 'ignore', 'pipe', wayland, wmTheirs, this.socket.fd, readyTheirs],
        env,
      });
    } catch (e) {
      closeFd(wmOurs);
      closeFd(readyOurs);
      this.watch();
      throw e;
    } finally {
      closeFd(wayland);
      closeFd(wmTheirs);
      closeFd(readyTheirs);
    }
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
    this.child?.kill('SIGTERM');
  }
}
