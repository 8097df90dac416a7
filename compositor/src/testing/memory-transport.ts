import type { Transport, TransportHandlers } from '../wire/transport.js';

/**
 * An in-memory transport pair for unit tests: bytes and fd numbers move between two ends,
 * with an optional cap on bytes per send to exercise partial writes. Fds are plain numbers
 * here (nothing is duplicated or closed), and `closedFds` records what would have been closed.
 */
export class MemoryTransport implements Transport {
  readonly maxFdsPerSend = 28;
  peer!: MemoryTransport;
  private inbox: Buffer[] = [];
  private inFds: number[] = [];
  private handlers: TransportHandlers | null = null;
  sendCap = Infinity;
  /** When true, send reports a full socket. */
  blocked = false;
  isClosed = false;
  readonly closedFds: number[] = [];
  readonly sendCalls: Array<{ bytes: number; fds: number }> = [];

  static pair(): [MemoryTransport, MemoryTransport] {
    const a = new MemoryTransport();
    const b = new MemoryTransport();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  recv(buf: Buffer, off: number, len: number, fds: number[]): number {
    if (this.inbox.length === 0) return this.peer.isClosed ? 0 : -1;
    const all = Buffer.concat(this.inbox);
    const n = Math.min(len, all.length);
    all.copy(buf, off, 0, n);
    this.inbox = n < all.length ? [all.subarray(n)] : [];
    fds.push(...this.inFds);
    this.inFds = [];
    return n;
  }

  send(buf: Buffer, off: number, len: number, fds: readonly number[]): number {
    if (this.blocked || this.peer.isClosed) return -1;
    const n = Math.min(len, this.sendCap);
    this.sendCalls.push({ bytes: n, fds: fds.length });
    this.peer.inbox.push(Buffer.from(buf.subarray(off, off + n)));
    this.peer.inFds.push(...fds);
    setImmediate(() => this.peer.handlers?.readable());
    return n;
  }

  start(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  setWantWritable(_on: boolean): void {}

  /** Lets a blocked sender go on. */
  unblock(): void {
    this.blocked = false;
    this.handlers?.writable();
  }

  /** Delivers pending input now (tests drive the loop by hand). */
  pump(): void {
    this.handlers?.readable();
  }

  dupFd(fd: number): number {
    return fd;
  }

  closeFd(fd: number): void {
    this.closedFds.push(fd);
  }

  allocBuffer(size: number): Buffer {
    return Buffer.alloc(size);
  }

  close(): void {
    this.isClosed = true;
    setImmediate(() => this.peer.handlers?.hangup());
  }
}
