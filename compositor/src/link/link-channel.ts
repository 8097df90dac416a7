import { closeFd, dupFd } from '../native/libc.js';
import { MAX_WAYLAND_CHUNK } from './link-frames.js';
import type { Transport, TransportHandlers } from '../wire/transport.js';

/** What a channel needs from the link that carries it. */
export interface ChannelLink {
  /** False while the stream is backed up: the channel must wait for `writable`. */
  canSend(): boolean;
  /** Sends Wayland bytes and the fds riding on their first byte; throws for an fd it cannot carry. */
  sendWayland(channel: number, bytes: Buffer, fds: readonly number[]): void;
  /** The local side closed the channel. */
  channelClosed(channel: number): void;
}

interface Incoming {
  bytes: Buffer;
  fds: number[];
}

/**
 * One Wayland connection multiplexed on a stream link, as a Transport: what the peer sent for
 * this channel waits in an inbox until the connection reads it, with each frame's fds handed
 * over with its first byte. To the Wayland code above it is a socket like any other.
 */
export class LinkChannel implements Transport {
  readonly maxFdsPerSend = 28;
  private readonly inbox: Incoming[] = [];
  private inboxOffset = 0;
  /** Unread bytes in the inbox. */
  private pending = 0;
  private handlers: TransportHandlers | null = null;
  private wantWritable = false;
  /** The peer closed the channel (or the link ended): reads end once the inbox is empty. */
  private ended = false;
  private failure: Error | null = null;
  private closed = false;

  constructor(
    readonly id: number,
    private readonly link: ChannelLink,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  get hasInput(): boolean {
    return this.pending > 0;
  }

  get wantsWritable(): boolean {
    return this.wantWritable && !this.closed;
  }

  // --- the link's side -------------------------------------------------------------------

  /** Wayland bytes from the peer (copied by the caller), with the fds they carry. */
  deliver(bytes: Buffer, fds: number[]): void {
    if (this.closed) {
      for (const fd of fds) closeFd(fd);
      return;
    }
    this.inbox.push({ bytes, fds });
    this.pending += bytes.length;
  }

  /** Lets the connection read everything that arrived (it reads a bounded amount per call). */
  pump(): void {
    while (this.handlers && !this.closed && this.pending > 0) {
      const before = this.pending;
      this.handlers.readable();
      if (this.pending === before) return;
    }
  }

  /** The peer closed this channel, or (with `reason`) the link failed. */
  end(reason: Error | null): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = reason;
    if (this.handlers && !this.closed) this.handlers.hangup();
  }

  writable(): void {
    if (this.handlers && this.wantsWritable) this.handlers.writable();
  }

  // --- Transport -------------------------------------------------------------------------

  recv(buf: Buffer, off: number, len: number, fds: number[]): number {
    if (this.inbox.length === 0) {
      if (!this.ended) return -1;
      if (this.failure) throw this.failure;
      return 0;
    }
    let n = 0;
    while (n < len && this.inbox.length > 0) {
      const head = this.inbox[0]!;
      if (this.inboxOffset === 0) {
        fds.push(...head.fds);
        head.fds = [];
      }
      const take = Math.min(len - n, head.bytes.length - this.inboxOffset);
      head.bytes.copy(buf, off + n, this.inboxOffset, this.inboxOffset + take);
      n += take;
      this.pending -= take;
      this.inboxOffset += take;
      if (this.inboxOffset === head.bytes.length) {
        this.inbox.shift();
        this.inboxOffset = 0;
      }
    }
    return n;
  }

  send(buf: Buffer, off: number, len: number, fds: readonly number[]): number {
    if (this.closed) throw new Error('the link channel is closed');
    if (this.ended) throw this.failure ?? new Error('the peer closed the link channel');
    if (!this.link.canSend()) return -1;
    // A long send goes out in several frames; the fds ride on the first.
    const n = Math.min(len, MAX_WAYLAND_CHUNK);
    this.link.sendWayland(this.id, buf.subarray(off, off + n), fds);
    return n;
  }

  start(handlers: TransportHandlers): void {
    this.handlers = handlers;
    // Whatever arrived before the connection started is read on the next turn.
    setImmediate(() => {
      if (this.closed) return;
      if (this.inbox.length > 0) handlers.readable();
      if (this.ended && !this.closed) handlers.hangup();
    });
  }

  setWantWritable(on: boolean): void {
    this.wantWritable = on;
  }

  dupFd(fd: number): number {
    return dupFd(fd);
  }

  closeFd(fd: number): void {
    closeFd(fd);
  }

  allocBuffer(size: number): Buffer {
    return Buffer.alloc(size);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const m of this.inbox) for (const fd of m.fds) closeFd(fd);
    this.inbox.length = 0;
    this.pending = 0;
    this.link.channelClosed(this.id);
  }
}
