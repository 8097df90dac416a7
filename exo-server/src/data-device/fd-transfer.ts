import { FdWatcher } from '../../../compositor/src/native/fd-watcher.js';
import { c, closeFd, setNonBlocking } from '../../../compositor/src/native/libc.js';
import { readFd, writeFd } from '../../../compositor/src/native/shared-memory.js';
import { GrowableBuffer } from './growable-buffer.js';

/** Bounds of one transfer: a peer that never closes its end, or sends without end, is cut off. */
export interface TransferLimits {
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /** Refuse more than this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** Stops the transfer (the fd is closed, the promise rejects). */
  signal?: AbortSignal;
}

/**
 * What can be written: bytes, or chunks produced one at a time (converted as the reader reads);
 * a chunk is only used until the next one is asked for, so a producer may reuse its buffer.
 */
export type Payload = Uint8Array | Iterable<Uint8Array>;

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Bytes asked for per read(2): a whole grown pipe buffer. */
const READ_CHUNK = 1 << 20;
/** fcntl: set a pipe's buffer size. */
const F_SETPIPE_SZ = 1031;

/**
 * Writes `data` into `fd` (a pipe a client gave us) without blocking the event loop, then
 * closes it. Takes ownership of `fd`. `data` is written from where it lies (no copy); chunks
 * are pulled from an iterable only when the pipe has room, so a converted payload never exists
 * whole. Resolves when everything was written; rejects when the reader went away, the time ran
 * out or the signal fired (the fd is closed either way).
 */
export function writeAllAndClose(fd: number, data: Payload, limits: TransferLimits = {}): Promise<void> {
  const chunks: Iterator<Uint8Array> | null = data instanceof Uint8Array ? null : data[Symbol.iterator]();
  let current: Uint8Array | null = data instanceof Uint8Array ? data : null;
  let written = 0;
  return new Promise((resolve, reject) => {
    let off = 0;
    let watcher: FdWatcher | null = null;
    let timer: NodeJS.Timeout | null = null;
    let done = false;
    const onAbort = (): void => finish(new Error('the transfer was stopped'));
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      watcher?.close();
      closeFd(fd);
      if (err) reject(err);
      else resolve();
    };
    /** The chunk to write next, or null at the end. */
    const next = (): Uint8Array | null => {
      while (current === null || off >= current.byteLength) {
        const r = chunks?.next();
        if (!r || r.done) return null;
        current = r.value;
        off = 0;
      }
      return current;
    };
    const pump = (): void => {
      try {
        for (let chunk = next(); chunk !== null; chunk = next()) {
          const n = writeFd(fd, chunk, off);
          if (n < 0) {
            // The pipe is full: wait until the reader made room.
            if (!watcher) watcher = new FdWatcher(fd, onEvents, { readable: false, writable: true });
            return;
          }
          off += n;
          written += n;
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
    if (limits.signal?.aborted) return onAbort();
    limits.signal?.addEventListener('abort', onAbort);
    try {
      setNonBlocking(fd, true);
      growPipe(fd);
    } catch (e) {
      finish(e as Error);
      return;
    }
    timer = setTimeout(
      () => finish(new Error(`timed out after writing ${written} bytes`)),
      limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    pump();
  });
}

/**
 * Asks for a 1 MiB pipe buffer: fewer wake-ups per megabyte on both sides. Best effort (not a
 * pipe, or above the system's limit for this user: the default size stays).
 */
function growPipe(fd: number): void {
  c.fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

/**
 * Reads `fd` (the read end of a non-blocking pipe) to its end and closes it. Takes ownership of
 * `fd`. The bytes are read straight into one growing buffer (no chunk list joined at the end),
 * so reading N bytes costs N bytes of memory. Rejects when the writer sends more than
 * `maxBytes`, does not finish in time, or the signal fires.
 */
export function readAllAndClose(fd: number, limits: TransferLimits = {}): Promise<Buffer> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let done = false;
    let watcher: FdWatcher | null = null;
    let timer: NodeJS.Timeout | null = null;
    // One byte over the limit tells "exactly maxBytes" from "too much".
    const out = new GrowableBuffer(maxBytes + 1);
    const onAbort = (): void => finish(new Error(`the transfer was stopped (${out.length} bytes read)`));
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      watcher?.close();
      closeFd(fd);
      if (err) reject(err);
      else resolve(out.finish());
    };
    const drain = (): void => {
      try {
        for (;;) {
          const n = readFd(fd, out.space(READ_CHUNK));
          if (n < 0) return; // nothing more for now
          if (n === 0) return finish(null);
          out.commit(n);
          if (out.length > maxBytes) return finish(new Error(`the data is larger than ${maxBytes} bytes`));
        }
      } catch (e) {
        finish(e as Error);
      }
    };
    if (limits.signal?.aborted) return onAbort();
    limits.signal?.addEventListener('abort', onAbort);
    growPipe(fd);
    watcher = new FdWatcher(fd, (ev) => {
      // A hang-up may come with the last bytes still buffered: drain reads them, then EOF.
      if (ev.readable || ev.disconnect) drain();
    });
    timer = setTimeout(
      () => finish(new Error(`timed out after ${timeoutMs} ms (${out.length} bytes read)`)),
      timeoutMs,
    );
    drain();
  });
}
