import { FdWatcher } from '../../../compositor/src/native/fd-watcher.js';
import { closeFd, setNonBlocking } from '../../../compositor/src/native/libc.js';
import { setPipeSize } from '../../../compositor/src/native/splice.js';

/** Give up on a transfer after this long unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Bytes asked for per read(2)/splice(2), and the pipe buffer asked for: fewer wake-ups per MB. */
export const PIPE_CHUNK = 1 << 20;

/** What a transfer's `pump` tells the shell. */
export interface TransferRun {
  /** Ends the transfer (successfully with null). */
  finish(err: Error | null): void;
  /** The fd would block: `pump` runs again once it is ready. */
  wait(): void;
}

export interface TransferSpec<T> {
  /** Whether we write into the fd (a reader's pipe) or read from it (a writer's pipe). */
  direction: 'write' | 'read';
  /** Moves what it can now, then calls `run.wait()` or `run.finish()`. Exceptions fail the transfer. */
  pump(run: TransferRun): void;
  /** How far it got, for error messages ("1234 bytes written"). */
  progress(): string;
  /** The value of a successful transfer, taken after the fd closed. */
  result(): T;
  /** Lets go of what the transfer held, after the fd closed (err: why it failed, or null). */
  cleanup?(err: Error | null): void;
}

export interface TransferBounds {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The part every transfer over a client's pipe shares: the fd made non-blocking and its
 * buffer grown, `pump` driven by readiness without blocking the event loop, a time limit, a
 * stop signal, and the fd (which we own) closed however it ends.
 */
export function runPipeTransfer<T>(fd: number, bounds: TransferBounds, spec: TransferSpec<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    let watcher: FdWatcher | null = null;
    let timer: NodeJS.Timeout | null = null;
    const onAbort = (): void => run.finish(new Error(`the transfer was stopped (${spec.progress()})`));
    const run: TransferRun = {
      finish(err) {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        bounds.signal?.removeEventListener('abort', onAbort);
        watcher?.close();
        closeFd(fd);
        spec.cleanup?.(err);
        if (err) return reject(err);
        try {
          resolve(spec.result());
        } catch (e) {
          reject(e as Error);
        }
      },
      wait() {
        if (watcher || done) return;
        watcher =
          spec.direction === 'write'
            ? new FdWatcher(fd, onWritable, { readable: false, writable: true })
            : // A hang-up may come with the last bytes still buffered: pump reads them, then EOF.
              new FdWatcher(fd, (ev) => (ev.readable || ev.disconnect) && pump());
      },
    };
    const onWritable = (ev: { writable: boolean; disconnect: boolean }): void => {
      if (ev.writable) pump();
      else if (ev.disconnect) run.finish(new Error('the reader closed the pipe'));
    };
    const pump = (): void => {
      if (done) return;
      try {
        spec.pump(run);
      } catch (e) {
        run.finish(e as Error);
      }
    };
    if (bounds.signal?.aborted) return onAbort();
    bounds.signal?.addEventListener('abort', onAbort);
    try {
      setNonBlocking(fd, true);
      setPipeSize(fd, PIPE_CHUNK); // best effort: not a pipe, or over the user's limit
    } catch (e) {
      return run.finish(e as Error);
    }
    const timeoutMs = bounds.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    timer = setTimeout(
      () => run.finish(new Error(`timed out after ${timeoutMs} ms (${spec.progress()})`)),
      timeoutMs,
    );
    pump();
  });
}
