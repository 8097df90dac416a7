import { WireError } from './wire-error.js';

/**
 * Reads the arguments of one message from a receive buffer. One reader serves a whole
 * connection: `begin` points it at the next message, so decoding allocates nothing but the
 * strings and arrays a message carries. Every read is bounds-checked against the message.
 */
export class WireReader {
  private buf: Buffer;
  private i32: Int32Array;
  private u32: Uint32Array;
  /** Word index of the next argument and of the end of the current message. */
  private pos = 0;
  private end = 0;
  private fdQueue: number[] = [];
  private fdHead = 0;

  constructor(buf: Buffer) {
    this.buf = buf;
    this.i32 = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
    this.u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
  }

  /** Re-targets the reader at a (new) buffer; its byteOffset must be 4-aligned. */
  setBuffer(buf: Buffer): void {
    this.buf = buf;
    this.i32 = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
    this.u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
  }

  /** The queue fds are taken from, shared with the connection that receives them. */
  setFdQueue(queue: number[]): void {
    this.fdQueue = queue;
    this.fdHead = 0;
  }

  /** Points at the arguments of the message whose header starts at byte `start` and is `size` bytes. */
  begin(start: number, size: number): void {
    this.pos = (start >>> 2) + 2;
    this.end = (start + size) >>> 2;
  }

  /** Words left in the current message: a message with leftovers is malformed too. */
  remaining(): number {
    return this.end - this.pos;
  }

  int(): number {
    if (this.pos >= this.end) throw new WireError('message too short for its arguments');
    return this.i32[this.pos++]!;
  }

  uint(): number {
    if (this.pos >= this.end) throw new WireError('message too short for its arguments');
    return this.u32[this.pos++]!;
  }

  /** A 24.8 fixed-point value as a JS number. */
  fixed(): number {
    return this.int() / 256;
  }

  object(): number {
    return this.uint();
  }

  newId(): number {
    const id = this.uint();
    if (id === 0) throw new WireError('new_id argument is 0');
    return id;
  }

  string(): string {
    const s = this.stringOrNull();
    if (s === null) throw new WireError('null string where one is required');
    return s;
  }

  stringOrNull(): string | null {
    const len = this.uint();
    if (len === 0) return null;
    const start = this.pos << 2;
    const words = (len + 3) >>> 2;
    if (words > this.end - this.pos) throw new WireError('string longer than its message');
    if (this.buf[start + len - 1] !== 0) throw new WireError('string without its terminating NUL');
    this.pos += words;
    return this.buf.toString('utf8', start, start + len - 1);
  }

  /** A copy of an array argument (the receive buffer is reused). */
  array(): Uint8Array {
    const len = this.uint();
    const start = this.pos << 2;
    const words = (len + 3) >>> 2;
    if (words > this.end - this.pos) throw new WireError('array longer than its message');
    this.pos += words;
    return Uint8Array.prototype.slice.call(this.buf, start, start + len);
  }

  fd(): number {
    if (this.fdHead >= this.fdQueue.length)
      throw new WireError('file descriptor expected but none was received');
    return this.fdQueue[this.fdHead++]!;
  }

  /** Number of received fds not yet consumed; the connection trims the queue with `takeFds`. */
  fdsConsumed(): number {
    return this.fdHead;
  }

  /** Drops consumed fds from the shared queue. */
  compactFds(): void {
    if (this.fdHead > 0) {
      this.fdQueue.splice(0, this.fdHead);
      this.fdHead = 0;
    }
  }
}
