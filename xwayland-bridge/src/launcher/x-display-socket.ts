import * as fs from 'node:fs';
import { closeFd } from '../../../compositor/src/native/libc.js';
import { listenUnix } from '../../../compositor/src/native/unix-socket.js';
import { processAlive } from '../../../compositor/src/process-alive.js';

/** Where X clients look for display N (xcb and Xlib try this path when no abstract socket answers). */
export const X11_UNIX_DIR = '/tmp/.X11-unix';

const lockPath = (n: number): string => `/tmp/.X${n}-lock`;
const socketPath = (n: number): string => `${X11_UNIX_DIR}/X${n}`;

/**
 * Takes the lock file of display N the way X servers do (`/tmp/.XN-lock` holding the pid as
 * ten characters and a newline). A lock whose process is gone is stale and taken over.
 */
function takeLock(n: number): boolean {
  const path = lockPath(n);
  const text = `${String(process.pid).padStart(10)}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(path, text, { flag: 'wx', mode: 0o444 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
    let pid = NaN;
    try {
      pid = Number(fs.readFileSync(path, 'latin1').trim());
    } catch {
      return false;
    }
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) return false;
    try {
      fs.unlinkSync(path);
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The display socket we listen on ourselves so that Xwayland starts only when a client
 * connects: the listening fd is handed to Xwayland (`-listenfd`), which accepts from it.
 */
export class XDisplaySocket {
  private constructor(
    readonly display: number,
    readonly fd: number,
  ) {}

  /** `:N` as DISPLAY names it. */
  get name(): string {
    return `:${this.display}`;
  }

  get path(): string {
    return socketPath(this.display);
  }

  /** Binds the first free display from `first` on (at most 64 tries). */
  static open(first = 0): XDisplaySocket {
    fs.mkdirSync(X11_UNIX_DIR, { recursive: true, mode: 0o1777 });
    for (let n = first; n < first + 64; n++) {
      if (!takeLock(n)) continue;
      try {
        // No live server holds display N (we have its lock): a socket left there is stale.
        fs.rmSync(socketPath(n), { force: true });
        const fd = listenUnix(socketPath(n));
        return new XDisplaySocket(n, fd);
      } catch {
        fs.rmSync(lockPath(n), { force: true });
      }
    }
    throw new Error(`no free X display from :${first} to :${first + 63}`);
  }

  /** Stops listening and removes the socket and the lock. */
  close(): void {
    closeFd(this.fd);
    fs.rmSync(this.path, { force: true });
    fs.rmSync(lockPath(this.display), { force: true });
  }
}
