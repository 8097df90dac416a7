import { spawn, type ChildProcess } from 'node:child_process';
import { closeFd, setNonBlocking } from '../../../compositor/src/native/libc.js';
import { pipe } from '../../../compositor/src/native/shared-memory.js';
import { socketPair } from '../../../compositor/src/native/unix-socket.js';

/**
 * Waits for a line on stdin, then becomes Xwayland (exec keeps the pid and fds 3 to 6). `$0`
 * is the binary, `$@` its arguments; end of file without a line just exits.
 */
const WAIT_THEN_EXEC = 'read -r _ || exit 0; exec "$0" "$@"';

/**
 * An Xwayland forked ahead of its first client: a small shell that already holds every fd
 * Xwayland inherits (its Wayland connection, the `-wm` socket, the listening display socket,
 * the `-displayfd` pipe) and execs Xwayland when told. Forking a large Node process takes
 * milliseconds, tens under load, while exec takes one: doing the fork ahead keeps it off the
 * path from an X client's connect to its first window. Xwayland still starts only when the
 * first client connects.
 */
export class WaitingXwayland {
  private launched = false;

  private constructor(
    readonly child: ChildProcess,
    /** Our end of the `-wm` connection (we own it). */
    readonly wmFd: number,
    /** The read end of the `-displayfd` pipe (we own it). */
    readonly readyFd: number,
    readonly args: readonly string[],
  ) {
    // Told to go after it died: the exit is reported by the process's own exit event.
    child.stdin?.on('error', () => {});
  }

  /**
   * Forks the waiting shell. `wayland` is the compositor connection Xwayland will use (we
   * close our copy), `listenFd` the display's listening socket (we keep it).
   */
  static fork(binary: string, args: string[], wayland: number, listenFd: number): WaitingXwayland {
    const [wmOurs, wmTheirs] = socketPair();
    const [readyOurs, readyTheirs] = pipe(true);
    const env: NodeJS.ProcessEnv = { ...process.env, WAYLAND_SOCKET: '3' };
    delete env['WAYLAND_DISPLAY'];
    delete env['DISPLAY'];
    let child: ChildProcess;
    try {
      // libwayland-client wants a blocking socket; the X server sets its own fds as it likes.
      setNonBlocking(wayland, false);
      child = spawn('/bin/sh', ['-c', WAIT_THEN_EXEC, binary, ...args], {
        stdio: ['pipe', 'ignore', 'pipe', wayland, wmTheirs, listenFd, readyTheirs],
        env,
      });
    } catch (e) {
      closeFd(wmOurs);
      closeFd(readyOurs);
      throw e;
    } finally {
      closeFd(wayland);
      closeFd(wmTheirs);
      closeFd(readyTheirs);
    }
    return new WaitingXwayland(child, wmOurs, readyOurs, args);
  }

  /** Execs Xwayland now. */
  launch(): void {
    if (this.launched) return;
    this.launched = true;
    this.child.stdin?.end('\n');
  }

  /** Never launched after all (stopping): the shell exits and our fds close. */
  discard(): void {
    this.child.stdin?.destroy();
    this.child.kill('SIGTERM');
    closeFd(this.wmFd);
    closeFd(this.readyFd);
  }
}
