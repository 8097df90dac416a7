import { FdWatcher } from '../../../compositor/src/native/fd-watcher.js';
import { closeFd, setNonBlocking } from '../../../compositor/src/native/libc.js';
import { readFd, writeFd } from '../../../compositor/src/native/shared-memory.js';
import { setPipeSize } from '../../../compositor/src/native/splice.js';

/** Largest selection we take from a Wayland client (X clients get it through INCR). */
export const MAX_SELECTION_BYTES = 256 * 1024 * 1024;
/** Pipe buffer we ask for on the pipes of a transfer (the default is 64 KiB). */
const PIPE_BYTES = 1024 * 1024;

/**
 * Reads `fd` (a pipe's read end) to its end without blocking, then closes it. Rejects past
 * `maxBytes` or when the writer stalls for `idleMs`: a peer that vanishes or never closes
 * its end costs a timer, not a leak.
 */
export function readAll(fd: number, idleMs = 10_000, maxBytes = MAX_SELECTION_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Filled in place, in blocks that double: few allocations, and no block is mostly empty.
    const full: Buffer[] = [];
    let buf = Buffer.allocUnsafe(256 * 1024);
    let used = 0;
    let total = 0;
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watcher.close();
      closeFd(fd);
      if (err) reject(err);
      else
        resolve(
          full.length === 0 ? buf.subarray(0, used) : Buffer.concat([...full, buf.subarray(0, used)], total),
        );
    };
    const drain = (): void => {
      try {
        for (;;) {
          if (used === buf.byteLength) {
            full.push(buf);
            buf = Buffer.allocUnsafe(Math.min(16 * 1024 * 1024, buf.byteLength * 2));
            used = 0;
          }
          const n = readFd(fd, buf, used);
          if (n < 0) break;
          if (n === 0) return finish(null);
          used += n;
          total += n;
          if (total > maxBytes) return finish(new Error(`selection larger than ${maxBytes} bytes`));
        }
      } catch (e) {
        finish(e as Error);
      }
      timer.refresh();
    };
    setNonBlocking(fd, true);
    // A larger pipe wakes us less often (best effort, as the system allows).
    setPipeSize(fd, PIPE_BYTES);
    const timer = setTimeout(() => finish(new Error(`the selection owner stalled for ${idleMs} ms`)), idleMs);
    const watcher = new FdWatcher(fd, (ev) => {
      if (ev.readable || ev.disconnect) drain();
    });
    drain();
  });
}

/**
 * Streams chunks into `fd` (a pipe's write end we own) without blocking: `write` queues,
 * `drained` says when the queue is empty (for INCR back-pressure), `end` closes after the
 * queue drains. A reader that goes away fails the stream; `onError` hears it once.
 */
export class FdWriter {
  private queue: Buffer[] = [];
  private offset = 0;
  private watcher: FdWatcher | null = null;
  private ending = false;
  private closed = false;
  onError: (e: Error) => void = () => {};
  onDrain: () => void = () => {};

  constructor(private readonly fd: number) {
    setNonBlocking(fd, true);
    setPipeSize(fd, PIPE_BYTES);
  }

  get drained(): boolean {
    return this.queue.length === 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(chunk: Uint8Array): void {
    if (this.closed || chunk.byteLength === 0) return;
    this.queue.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pump();
  }

  end(): void {
    this.ending = true;
    this.pump();
  }

  /** Closes now, dropping what is queued. */
  abort(): void {
    this.close();
  }

  private pump(): void {
    if (this.closed) return;
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0]!;
        const n = writeFd(this.fd, head, this.offset);
        if (n < 0) {
          if (!this.watcher)
            this.watcher = new FdWatcher(this.fd, (ev) => this.ready(ev), {
              readable: false,
              writable: true,
            });
          return;
        }
        this.offset += n;
        if (this.offset === head.byteLength) {
          this.queue.shift();
          this.offset = 0;
        }
      }
    } catch (e) {
      this.close();
      this.onError(e as Error);
      return;
    }
    this.watcher?.close();
    this.watcher = null;
    if (this.ending) this.close();
    else this.onDrain();
  }

  private ready(ev: { writable: boolean; disconnect: boolean }): void {
    if (ev.writable) this.pump();
    else if (ev.disconnect) {
      this.close();
      this.onError(new Error('the reader closed the pipe'));
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.watcher?.close();
    this.watcher = null;
    closeFd(this.fd);
  }
}
