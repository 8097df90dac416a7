import { MAX_MESSAGE_SIZE, WireError } from './wire-error.js';

/**
 * Encodes messages into a growable output buffer. `begin` starts a message, the argument
 * methods append, `end` patches the header. The fds a message carries are recorded with the
 * byte offset of their message, so a flush can cut before the message that owns fd number 29.
 */
export class WireWriter {
  buf: Buffer;
  private i32: Int32Array;
  private u32: Uint32Array;
  /** Byte offsets of unsent data: [start, end). */
  start = 0;
  end = 0;
  private msgStart = 0;
  /** Fds waiting to be sent, and the byte offset of the message each belongs to. */
  readonly fds: number[] = [];
  readonly fdOwners: number[] = [];

  /** `alloc` makes the output buffers (native memory lets a socket send them without a copy). */
  constructor(
    private readonly alloc: (size: number) => Buffer = (n) => Buffer.alloc(n),
    initialSize = 16384,
  ) {
    this.buf = alloc(initialSize);
    this.i32 = new Int32Array(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength >>> 2);
    this.u32 = new Uint32Array(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength >>> 2);
  }

  /** Byte offset of the message begun last (for protocol dumps). */
  get messageStart(): number {
    return this.msgStart;
  }

  /** Bytes encoded but not yet sent. */
  get pending(): number {
    return this.end - this.start;
  }

  private reserve(bytes: number): void {
    if (this.end + bytes <= this.buf.byteLength) return;
    // Slide unsent bytes to the front first; grow only if that is not enough.
    const live = this.end - this.start;
    let size = this.buf.byteLength;
    while (live + bytes > size) size *= 2;
    const next = size === this.buf.byteLength && this.start > 0 ? this.buf : this.alloc(size);
    this.buf.copy(next, 0, this.start, this.end);
    const shift = this.start;
    for (let i = 0; i < this.fdOwners.length; i++) this.fdOwners[i]! -= shift;
    this.msgStart -= shift;
    this.end -= shift;
    this.start = 0;
    if (next !== this.buf) {
      this.buf = next;
      this.i32 = new Int32Array(next.buffer, next.byteOffset, next.byteLength >>> 2);
      this.u32 = new Uint32Array(next.buffer, next.byteOffset, next.byteLength >>> 2);
    }
  }

  begin(senderId: number, opcode: number): void {
    this.reserve(MAX_MESSAGE_SIZE);
    this.msgStart = this.end;
    const w = this.end >>> 2;
    this.u32[w] = senderId;
    this.u32[w + 1] = opcode;
    this.end += 8;
  }

  /** Finishes the message begun last; a message over 4096 bytes is dropped and reported. */
  finish(): void {
    const size = this.end - this.msgStart;
    if (size > MAX_MESSAGE_SIZE) {
      this.abort();
      throw new WireError(`message of ${size} bytes exceeds the ${MAX_MESSAGE_SIZE}-byte limit`);
    }
    const w = (this.msgStart >>> 2) + 1;
    this.u32[w] = ((size << 16) | (this.u32[w]! & 0xffff)) >>> 0;
  }

  /** Drops the message begun last, with any fds it had attached. */
  abort(): void {
    while (this.fdOwners.length > 0 && this.fdOwners[this.fdOwners.length - 1]! >= this.msgStart) {
      this.fdOwners.pop();
      this.fds.pop();
    }
    this.end = this.msgStart;
  }

  private room(bytes: number): void {
    if (this.end - this.msgStart + bytes > MAX_MESSAGE_SIZE) {
      this.abort();
      throw new WireError(`message exceeds the ${MAX_MESSAGE_SIZE}-byte limit`);
    }
  }

  int(v: number): void {
    this.room(4);
    this.i32[this.end >>> 2] = v;
    this.end += 4;
  }

  uint(v: number): void {
    this.room(4);
    this.u32[this.end >>> 2] = v;
    this.end += 4;
  }

  fixed(v: number): void {
    this.int(Math.round(v * 256));
  }

  object(id: number): void {
    this.uint(id);
  }

  newId(id: number): void {
    this.uint(id);
  }

  string(s: string | null): void {
    if (s === null) {
      this.uint(0);
      return;
    }
    const len = Buffer.byteLength(s, 'utf8') + 1;
    this.room(4 + ((len + 3) & ~3));
    this.u32[this.end >>> 2] = len;
    const at = this.end + 4;
    this.buf.write(s, at, 'utf8');
    // NUL and padding
    this.buf.fill(0, at + len - 1, at + ((len + 3) & ~3));
    this.end = at + ((len + 3) & ~3);
  }

  array(a: Uint8Array): void {
    const len = a.byteLength;
    this.room(4 + ((len + 3) & ~3));
    this.u32[this.end >>> 2] = len;
    const at = this.end + 4;
    this.buf.set(a, at);
    this.buf.fill(0, at + len, at + ((len + 3) & ~3));
    this.end = at + ((len + 3) & ~3);
  }

  /** Queues an fd to travel with this message; the writer owns it from now on. */
  fd(fd: number): void {
    this.fds.push(fd);
    this.fdOwners.push(this.msgStart);
  }

  /** Marks `n` bytes and `nfds` fds as sent. */
  consume(n: number, nfds: number): void {
    this.start += n;
    if (nfds > 0) {
      this.fds.splice(0, nfds);
      this.fdOwners.splice(0, nfds);
    }
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
      this.msgStart = 0;
    }
  }
}
