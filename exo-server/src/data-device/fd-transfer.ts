import { FdWatcher } from '../../../compositor/src/native/fd-watcher.js';
import { closeFd, setNonBlocking } from '../../../compositor/src/native/libc.js';
import { readFd, writeFd } from '../../../compositor/src/native/shared-memory.js';

/** Bounds of one transfer: a peer that never closes its end, or sends without end, is cut off. */
export interface TransferLimits {
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /** Refuse more than this many bytes (default 64 MiB). */
  maxBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Writes `data` into `fd` (a pipe a client gave us) without blocking the event loop, then
 * closes it. Takes ownership of `fd`. Resolves when everything was written; rejects when the
 * reader went away or the time ran out (the fd is closed either way).
 */
export function writeAllAndClose(fd: number, data: Uint8Array, limits: TransferLimits = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    let off = 0;
    let watcher: FdWatcher | null = null;
    let timer: NodeJS.Timeout | null = null;
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      closeFd(fd);
      if (err) reject(err);
      else resolve();
    };
    const pump = (): void => {
      try {
        while (off < data.byteLength) {
          const n = writeFd(fd, data, off);
          if (n < 0) {
            // The pipe is full: wait until the reader made room.
            if (!watcher) watcher = new FdWatcher(fd, onEvents, { readable: false, writable: true });
            return;
          }
          off += n;
        }
        finish(null);
      } catch (e) {
        finish(e as Error);
      }
    };
    const onEvents = (ev: { writable: boolean; disconnect: boolean }): void => {
      if (ev.writable) pump();
      else if (ev.disconnect) finish(new Error('the reader closed the pipe'));
    };
    try {
      setNonBlocking(fd, true);
    } catch (e) {
      finish(e as Error);
      return;
    }
    timer = setTimeout(
      () => finish(new Error(`timed out writing ${data.byteLength - off} of ${data.byteLength} bytes`)),
      limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    pump();
  });
}

/**
 * Reads `fd` (the read end of a non-blocking pipe) to its end and closes it. Takes ownership of
 * `fd`. Rejects when the writer sends more than `maxBytes` or does not finish in time.
 */
export function readAllAndClose(fd: number, limits: TransferLimits = {}): Promise<Buffer> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const chunk = Buffer.alloc(64 * 1024);
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watcher.close();
      closeFd(fd);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, total));
    };
    const drain = (): void => {
      try {
        for (;;) {
          const n = readFd(fd, chunk);
          if (n < 0) return; // nothing more for now
          if (n === 0) return finish(null);
          total += n;
          if (total > maxBytes) return finish(new Error(`the data is larger than ${maxBytes} bytes`));
          chunks.push(Buffer.from(chunk.subarray(0, n)));
        }
      } catch (e) {
        finish(e as Error);
      }
    };
    const watcher = new FdWatcher(fd, (ev) => {
      // A hang-up may come with the last bytes still buffered: drain reads them, then EOF.
      if (ev.readable || ev.disconnect) drain();
    });
    const timer = setTimeout(
      () =>
        finish(
          new Error(`timed out after ${limits.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms (${total} bytes read)`),
        ),
      limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    drain();
  });
}
