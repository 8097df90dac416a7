import type { Transport } from './transport.js';
import { MAX_MESSAGE_SIZE, WireError } from './wire-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** Receives the messages of a connection, one at a time, in order. */
export interface MessageSink {
  /** One complete message; `reader` is positioned at its arguments. */
  message(senderId: number, opcode: number, size: number, reader: WireReader): void;
  /** Called once after a batch of messages was handled (a good moment to flush). */
  batchDone(): void;
  /** The connection is gone: `reason` is null for an orderly end of stream. */
  closed(reason: Error | null): void;
  /**
   * A header with an impossible size: the sink may tell the peer (a protocol error) before the
   * connection closes, since nothing after it can be framed.
   */
  malformed?(senderId: number, opcode: number, error: WireError): void;
}

const INPUT_BUFFER_SIZE = 65536;
/** A peer that piles up more unconsumed fds than this is broken or hostile. */
const MAX_QUEUED_FDS = 1024;

/**
 * Framing for one Wayland connection over a Transport: splits incoming bytes into messages
 * (header: sender id, then size << 16 | opcode), keeps received fds in order, and flushes the
 * output with at most `maxFdsPerSend` fds per send. Knows nothing about what objects mean.
 */
export class WireConnection {
  readonly writer: WireWriter;
  readonly reader: WireReader;
  /** Received fds not yet taken by a message, in arrival order. */
  readonly inFds: number[] = [];
  private readonly inBuf: Buffer;
  private readonly inWords: Uint32Array;
  private inStart = 0;
  private inEnd = 0;
  private wantWritable = false;
  private isClosed = false;
  private messageFdStart = 0;
  /** Where the message being handled starts in `inputBuffer` (for protocol dumps). */
  messageStart = 0;

  constructor(
    readonly transport: Transport,
    private readonly sink: MessageSink,
  ) {
    this.inBuf = transport.allocBuffer(INPUT_BUFFER_SIZE);
    this.inWords = new Uint32Array(this.inBuf.buffer, this.inBuf.byteOffset, INPUT_BUFFER_SIZE >>> 2);
    this.reader = new WireReader(this.inBuf);
    this.reader.setFdQueue(this.inFds);
    this.writer = new WireWriter((n) => transport.allocBuffer(n));
  }

  get inputBuffer(): Buffer {
    return this.inBuf;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  start(): void {
    this.transport.start({
      readable: () => this.onReadable(),
      writable: () => this.flush(),
      hangup: () => this.onHangup(),
    });
  }

  /** Reads what is there (one read, for fairness between connections) and handles every whole message. */
  private onReadable(): boolean {
    if (this.isClosed) return false;
    let n: number;
    try {
      n = this.transport.recv(this.inBuf, this.inEnd, INPUT_BUFFER_SIZE - this.inEnd, this.inFds);
    } catch (e) {
      this.fail(e as Error);
      return false;
    }
    if (n < 0) return false;
    if (n === 0) {
      this.close(null);
      return false;
    }
    this.inEnd += n;
    if (this.inFds.length > MAX_QUEUED_FDS) {
      this.fail(new WireError(`more than ${MAX_QUEUED_FDS} fds received without messages to take them`));
      return false;
    }
    this.processInput();
    if (!this.isClosed) this.sink.batchDone();
    return true;
  }

  private onHangup(): void {
    // The peer may have sent its last messages just before hanging up: handle them first.
    while (!this.isClosed && this.onReadable());
    if (!this.isClosed) this.close(null);
  }

  private processInput(): void {
    const words = this.inWords;
    while (!this.isClosed && this.inEnd - this.inStart >= 8) {
      const w = this.inStart >>> 2;
      const sender = words[w]!;
      const sizeOpcode = words[w + 1]!;
      const size = sizeOpcode >>> 16;
      if (size < 8 || (size & 3) !== 0 || size > MAX_MESSAGE_SIZE) {
        const err = new WireError(
          `invalid message size ${size} (object ${sender}, opcode ${sizeOpcode & 0xffff})`,
        );
        this.sink.malformed?.(sender, sizeOpcode & 0xffff, err);
        this.fail(err);
        return;
      }
      if (this.inEnd - this.inStart < size) break;
      this.reader.begin(this.inStart, size);
      this.messageStart = this.inStart;
      this.inStart += size;
      this.messageFdStart = 0;
      this.sink.message(sender, sizeOpcode & 0xffff, size, this.reader);
      this.reader.compactFds();
    }
    if (this.inStart === this.inEnd) {
      this.inStart = this.inEnd = 0;
    } else if (this.inStart > INPUT_BUFFER_SIZE - MAX_MESSAGE_SIZE) {
      this.inBuf.copyWithin(0, this.inStart, this.inEnd);
      this.inEnd -= this.inStart;
      this.inStart = 0;
    }
  }

  /** Closes the fds the current message took before its decoding failed (they have no owner). */
  discardMessageFds(): void {
    const taken = this.reader.fdsConsumed();
    for (let i = this.messageFdStart; i < taken; i++) this.transport.closeFd(this.inFds[i]!);
    this.reader.compactFds();
  }

  /** Sends queued output; returns true when everything went out. */
  flush(): boolean {
    if (this.isClosed) return false;
    const w = this.writer;
    const max = this.transport.maxFdsPerSend;
    try {
      while (w.pending > 0) {
        let len = w.pending;
        let nfds = w.fds.length;
        if (nfds > max) {
          // Cut before the message that owns fd number max+1, so every fd travels with its message.
          nfds = max;
          len = w.fdOwners[max]! - w.start;
          if (len <= 0) throw new WireError(`a single message carries more than ${max} fds`);
        }
        const n = this.transport.send(w.buf, w.start, len, nfds > 0 ? w.fds.slice(0, nfds) : NO_FDS);
        if (n < 0) {
          this.setWantWritable(true);
          return false;
        }
        // The fds left with the first byte: our duplicates are done.
        for (let i = 0; i < nfds; i++) this.transport.closeFd(w.fds[i]!);
        w.consume(n, nfds);
      }
    } catch (e) {
      // The peer hung up (EPIPE, ECONNRESET): what it sent before, such as a protocol error
      // explaining why, may still wait in our receive buffer. Read it before closing.
      const errno = (e as { errno?: number }).errno;
      if (errno === 32 || errno === 104) this.onHangup();
      else this.fail(e as Error);
      return false;
    }
    this.setWantWritable(false);
    return true;
  }

  private setWantWritable(on: boolean): void {
    if (on === this.wantWritable) return;
    this.wantWritable = on;
    this.transport.setWantWritable(on);
  }

  private fail(e: Error): void {
    this.close(e);
  }

  /** Closes the transport and every fd still queued in either direction. */
  close(reason: Error | null = null): void {
    if (this.isClosed) return;
    this.isClosed = true;
    // Fds the message being handled already took belong to its handler now (or were discarded).
    for (let i = this.reader.fdsConsumed(); i < this.inFds.length; i++)
      this.transport.closeFd(this.inFds[i]!);
    this.inFds.length = 0;
    for (const fd of this.writer.fds) this.transport.closeFd(fd);
    this.writer.consume(this.writer.pending, this.writer.fds.length);
    this.transport.close();
    this.sink.closed(reason);
  }
}

const NO_FDS: readonly number[] = [];
