import { FdWatcher } from '../native/fd-watcher.js';
import { closeFd, setNonBlocking } from '../native/libc.js';
import { readFd, writeFd } from '../native/shared-memory.js';
import { setPipeSize } from '../native/splice.js';
import { ByteRing } from './byte-ring.js';
import { LinkProtocolError, MAX_PIPE_CHUNK, PIPE_WINDOW } from './link-frames.js';

/** Local pipes are grown to this: fewer, larger reads and writes (best effort). */
const PIPE_SIZE = 1024 * 1024;
/** Most bytes per read of a local pipe (sent as frames of at most MAX_PIPE_CHUNK). */
const READ_SIZE = 256 * 1024;

/** What a pipe end needs from its link. */
export interface PipeFrames {
  /** `bytes` stays untouched until the peer's credit for it comes back: it may be sent as is. */
  data(vfd: number, bytes: Buffer): void;
  credit(vfd: number, bytes: number): void;
  eof(vfd: number): void;
  close(vfd: number): void;
  /** The pipe is finished on this side: forget its vfd. */
  done(vfd: number): void;
  /** Sends the frames `fn` sends together. */
  batch(fn: () => void): void;
}

/** One end of a pipe that crosses the link: the reading side (source) or the writing side (sink). */
export interface PipeEnd {
  readonly vfd: number;
  /** The other side gave up (VFD_CLOSE): stop at once. */
  abort(): void;
}

/**
 * Reads a local pipe and sends what it reads, never more than the credit the sink gave: a
 * stalled reader on the other side stops this one after PIPE_WINDOW bytes. Reads go straight
 * into a ring of the window's size, where the bytes wait until credited and from which they are
 * sent as they lie: a transfer of any size allocates and copies nothing in JavaScript.
 */
export class PipeSource implements PipeEnd {
  private readonly ring = new ByteRing(PIPE_WINDOW);
  private finished = false;
  private paused = false;
  private readonly watcher: FdWatcher;

  constructor(
    readonly vfd: number,
    private readonly fd: number,
    private readonly link: PipeFrames,
  ) {
    setNonBlocking(fd, true);
    setPipeSize(fd, PIPE_SIZE);
    this.watcher = new FdWatcher(fd, (ev) => {
      // A hang-up may come with the last bytes still buffered: read them, then end of file.
      if (ev.readable || ev.disconnect) this.link.batch(() => this.pump());
    });
  }

  /** Reads while there is data and credit (a free part of the ring). */
  private pump(): void {
    while (!this.finished) {
      const space = this.ring.tailSpace();
      if (space.length === 0) {
        this.paused = true;
        this.watcher.pause();
        return;
      }
      let n: number;
      try {
        n = readFd(this.fd, space, 0, Math.min(space.length, READ_SIZE));
      } catch {
        n = 0; // a read error ends the transfer as an end of file would: a short stream
      }
      if (n < 0) return;
      if (n === 0) return this.end();
      const got = this.ring.commit(n);
      for (let off = 0; off < n; off += MAX_PIPE_CHUNK)
        this.link.data(this.vfd, got.subarray(off, off + MAX_PIPE_CHUNK));
    }
  }

  addCredit(n: number): void {
    if (this.finished) return;
    this.ring.free(n);
    if (this.paused) {
      this.paused = false;
      this.watcher.resume();
    }
  }

  private end(): void {
    if (this.finished) return;
    this.link.eof(this.vfd);
    this.finish();
  }

  abort(): void {
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.watcher.close();
    closeFd(this.fd);
    this.link.done(this.vfd);
  }
}

/**
 * Writes what the source sends into a local pipe, and gives credit back as the bytes leave, so
 * what waits here is bounded by the window (kept in a ring of that size). Bytes are written at
 * once when the pipe has room, and only what it cannot take yet is copied to wait. A reader
 * that goes away ends the transfer on the other side too.
 */
export class PipeSink implements PipeEnd {
  private readonly ring = new ByteRing(PIPE_WINDOW);
  private toCredit = 0;
  private finished = false;
  private eofPending = false;
  private watcher: FdWatcher | null = null;

  constructor(
    readonly vfd: number,
    private readonly fd: number,
    private readonly link: PipeFrames,
  ) {
    setNonBlocking(fd, true);
    setPipeSize(fd, PIPE_SIZE);
  }

  /** PIPE_DATA: `bytes` is only valid during the call. */
  data(bytes: Buffer): void {
    if (this.finished) return;
    const n = bytes.length;
    if (this.ring.used + n > PIPE_WINDOW)
      throw new LinkProtocolError(`the peer sent more pipe data than its credit (pipe ${this.vfd})`);
    let off = 0;
    if (this.ring.used === 0) {
      off = this.write(bytes);
      if (off < 0) return; // the reader is gone
      this.wrote(off);
    }
    if (off < n) {
      this.ring.push(off === 0 ? bytes : bytes.subarray(off), n - off);
      this.waitWritable();
    }
  }

  /** Writes what the pipe takes now; -1 when the reader went away (the transfer is over). */
  private write(bytes: Buffer): number {
    try {
      return Math.max(0, writeFd(this.fd, bytes));
    } catch {
      // The reader closed its end (EPIPE): the source need not send any more.
      this.link.close(this.vfd);
      this.finish();
      return -1;
    }
  }

  private waitWritable(): void {
    if (!this.watcher)
      this.watcher = new FdWatcher(this.fd, (ev) => this.onEvents(ev), { readable: false, writable: true });
    else this.watcher.setWritable(true);
  }

  private onEvents(ev: { writable: boolean; disconnect: boolean }): void {
    if (this.finished) return;
    if (!ev.writable && ev.disconnect) {
      this.link.close(this.vfd);
      return this.finish();
    }
    while (this.ring.used > 0) {
      const head = this.ring.headBytes();
      const n = this.write(head);
      if (n < 0) return;
      this.ring.free(n);
      this.wrote(n);
      if (n < head.length) return; // full again: wait for the next writable event
    }
    this.watcher?.setWritable(false);
    if (this.eofPending) this.finish();
  }

  private wrote(n: number): void {
    this.toCredit += n;
    // Credit in batches (a frame, a syscall and a wake-up of the peer each): a source that waits
    // for credit has a whole window out, so at least a batch is always due to it.
    if (this.toCredit >= PIPE_WINDOW / 4) {
      this.link.credit(this.vfd, this.toCredit);
      this.toCredit = 0;
    }
  }

  /** PIPE_EOF: closes the pipe once everything is written. */
  eof(): void {
    if (this.finished) return;
    if (this.ring.used === 0) this.finish();
    else this.eofPending = true;
  }

  abort(): void {
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.watcher?.close();
    closeFd(this.fd);
    this.link.done(this.vfd);
  }
}
