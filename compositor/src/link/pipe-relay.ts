import * as net from 'node:net';
import { LinkProtocolError, MAX_PIPE_CHUNK, PIPE_WINDOW } from './link-frames.js';
import { ByteRing } from './byte-ring.js';

/** What a pipe end needs from its link. */
export interface PipeFrames {
  /** `bytes` stays untouched until the peer's credit for it comes back: it may be sent as is. */
  data(vfd: number, bytes: Buffer): void;
  credit(vfd: number, bytes: number): void;
  eof(vfd: number): void;
  close(vfd: number): void;
  /** The pipe is finished on this side: forget its vfd. */
  done(vfd: number): void;
}

/** One end of a pipe that crosses the link: the reading side (source) or the writing side (sink). */
export interface PipeEnd {
  readonly vfd: number;
  /** The other side gave up (VFD_CLOSE): stop at once. */
  abort(): void;
}

/**
 * Reads a local pipe and sends what it reads, never more than the credit the sink gave: a
 * stalled reader on the other side stops this one after PIPE_WINDOW bytes. Reads land in one
 * reused buffer and are kept in a ring of the window's size until credited, so a transfer of
 * any size allocates nothing per chunk.
 */
export class PipeSource implements PipeEnd {
  private credit = PIPE_WINDOW;
  private readonly ring = new ByteRing(PIPE_WINDOW);
  private finished = false;
  private paused = false;
  private readonly sock: net.Socket;

  constructor(
    readonly vfd: number,
    fd: number,
    private readonly link: PipeFrames,
  ) {
    this.sock = new net.Socket({
      fd,
      readable: true,
      writable: false,
      onread: {
        buffer: Buffer.allocUnsafe(MAX_PIPE_CHUNK),
        callback: (n: number, buf: Buffer) => this.read(buf, n),
      },
    } as net.SocketConstructorOpts);
    this.sock.on('end', () => this.end());
    // A read error ends the transfer as an end of file would: the reader sees a short stream.
    this.sock.on('error', () => this.end());
  }

  /** One read (at most a chunk, never more than the credit: reading pauses below a chunk of credit). */
  private read(buf: Buffer, n: number): boolean {
    if (this.finished) return false;
    for (const part of this.ring.push(buf, n)) this.link.data(this.vfd, part);
    this.credit -= n;
    if (this.credit >= MAX_PIPE_CHUNK) return true;
    this.paused = true;
    return false;
  }

  addCredit(n: number): void {
    if (this.finished) return;
    this.ring.free(n);
    this.credit += n;
    if (this.paused && this.credit >= MAX_PIPE_CHUNK) {
      this.paused = false;
      this.sock.resume();
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
    this.sock.destroy();
    this.link.done(this.vfd);
  }
}

/**
 * Writes what the source sends into a local pipe, and gives credit back as the bytes leave, so
 * what waits here is bounded by the window (kept in a ring of that size). A reader that goes
 * away ends the transfer on the other side too.
 */
export class PipeSink implements PipeEnd {
  private readonly ring = new ByteRing(PIPE_WINDOW);
  private toCredit = 0;
  private finished = false;
  private readonly sock: net.Socket;

  constructor(
    readonly vfd: number,
    fd: number,
    private readonly link: PipeFrames,
  ) {
    this.sock = new net.Socket({ fd, readable: false, writable: true });
    this.sock.on('error', () => {
      // The reader closed its end (EPIPE): the source need not send any more.
      if (this.finished) return;
      this.link.close(this.vfd);
      this.finish();
    });
  }

  /** PIPE_DATA: `bytes` is only valid during the call. */
  data(bytes: Buffer): void {
    if (this.finished) return;
    const n = bytes.length;
    if (this.ring.used + n > PIPE_WINDOW)
      throw new LinkProtocolError(`the peer sent more pipe data than its credit (pipe ${this.vfd})`);
    const parts = this.ring.push(bytes, n);
    for (let i = 0; i < parts.length; i++)
      this.sock.write(parts[i]!, i < parts.length - 1 ? undefined : (err) => this.written(n, err));
  }

  private written(n: number, err: Error | null | undefined): void {
    if (err || this.finished) return;
    this.ring.free(n);
    this.toCredit += n;
    // Credit in batches, or at once when everything is out (the source may be waiting).
    if (this.toCredit >= PIPE_WINDOW / 4 || this.ring.used === 0) {
      this.link.credit(this.vfd, this.toCredit);
      this.toCredit = 0;
    }
  }

  /** PIPE_EOF: closes the pipe once everything is written. */
  eof(): void {
    if (this.finished) return;
    this.sock.end(() => this.finish());
  }

  abort(): void {
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.sock.destroy();
    this.link.done(this.vfd);
  }
}
