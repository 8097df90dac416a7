/**
 * The X11 wire codec the generated bindings (protos/gen/x11/) are written against: a reader
 * over one message (reply, event or setup block) and a writer that appends requests to the
 * connection's output buffer. Little-endian only: we always open connections with byte order
 * 'l', so the server speaks our order.
 */

/** Raised for a message shorter than its fields say: the server (or a bug) sent garbage. */
export class XDecodeError extends Error {
  override readonly name = 'XDecodeError';
}

export class XReader {
  private readonly view: DataView;
  pos = 0;

  constructor(readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get remaining(): number {
    return this.data.byteLength - this.pos;
  }

  private need(n: number): number {
    const p = this.pos;
    if (n < 0 || p + n > this.data.byteLength)
      throw new XDecodeError(`X message too short: need ${n} bytes at ${p} of ${this.data.byteLength}`);
    this.pos = p + n;
    return p;
  }

  seek(pos: number): void {
    this.pos = 0;
    this.need(pos);
  }

  skip(n: number): void {
    this.need(n);
  }

  /** Skips to the next multiple of `n` from the start of the message. */
  align(n: number): void {
    const r = this.pos % n;
    if (r !== 0) this.need(n - r);
  }

  u8(): number {
    return this.view.getUint8(this.need(1));
  }
  i8(): number {
    return this.view.getInt8(this.need(1));
  }
  u16(): number {
    return this.view.getUint16(this.need(2), true);
  }
  i16(): number {
    return this.view.getInt16(this.need(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }
  i32(): number {
    return this.view.getInt32(this.need(4), true);
  }
  f32(): number {
    return this.view.getFloat32(this.need(4), true);
  }
  f64(): number {
    return this.view.getFloat64(this.need(8), true);
  }
  bool(): boolean {
    return this.u8() !== 0;
  }

  /** A copy of the next `n` bytes (the message buffer is reused by the connection). */
  bytes(n: number): Uint8Array {
    const p = this.need(n);
    return this.data.slice(p, p + n);
  }

  /** An 8-bit string (STRING8: Latin-1, which covers every atom name). */
  string(n: number): string {
    const p = this.need(n);
    return Buffer.from(this.data.buffer, this.data.byteOffset + p, n).toString('latin1');
  }

  array<T>(n: number, read: (r: XReader) => T): T[] {
    if (n < 0 || n > this.remaining) throw new XDecodeError(`X list of ${n} items does not fit`);
    const out: T[] = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = read(this);
    return out;
  }
}

/** Encodes a string or bytes as the bytes of an 8-bit string. */
function bytesOf(v: string | Uint8Array): Uint8Array {
  return typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
}

export class XWriter {
  buf: Buffer;
  length = 0;
  /** Where the request being written starts (alignment is relative to it). */
  start = 0;

  constructor(size = 64 * 1024) {
    this.buf = Buffer.alloc(size);
  }

  private room(n: number): number {
    const p = this.length;
    if (p + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, p + n + 4096));
      this.buf.copy(next, 0, 0, p);
      this.buf = next;
    }
    this.length = p + n;
    return p;
  }

  u8(v: number): void {
    this.buf[this.room(1)] = v & 0xff;
  }
  i8(v: number): void {
    this.u8(v);
  }
  u16(v: number): void {
    this.buf.writeUInt16LE(v & 0xffff, this.room(2));
  }
  i16(v: number): void {
    this.u16(v);
  }
  u32(v: number): void {
    this.buf.writeUInt32LE(v >>> 0, this.room(4));
  }
  i32(v: number): void {
    this.u32(v);
  }
  f32(v: number): void {
    this.buf.writeFloatLE(v, this.room(4));
  }
  f64(v: number): void {
    this.buf.writeDoubleLE(v, this.room(8));
  }
  bool(v: boolean): void {
    this.u8(v ? 1 : 0);
  }

  skip(n: number): void {
    this.buf.fill(0, this.room(n), this.length);
  }

  /** Pads with zeros to the next multiple of `n` from the start of the request. */
  align(n: number): void {
    const r = (this.length - this.start) % n;
    if (r !== 0) this.skip(n - r);
  }

  /** Bytes or an 8-bit string; with `size`, exactly that many (zero-padded or cut). */
  bytes(v: string | Uint8Array, size?: number): void {
    const b = bytesOf(v);
    const n = size ?? b.length;
    const p = this.room(n);
    const m = Math.min(n, b.length);
    this.buf.set(m === b.length ? b : b.subarray(0, m), p);
    if (m < n) this.buf.fill(0, p + m, p + n);
  }

  /** Takes what was written so far and starts over (keeps the buffer). */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.length));
    this.length = 0;
    this.start = 0;
    return out;
  }
}

/** Byte length of an 8-bit string or byte list (what its length field holds). */
export function byteLength(v: string | Uint8Array): number {
  return typeof v === 'string' ? Buffer.byteLength(v, 'latin1') : v.length;
}

/** Number of bits set (xcb's `popcount` in length expressions). */
export function popcount(v: number): number {
  let n = 0;
  for (let x = v >>> 0; x !== 0; x &= x - 1) n++;
  return n;
}

/** An extension the bindings of one protocol file belong to. */
export interface XExtension {
  /** The name QueryExtension knows it by, e.g. `XFIXES`. */
  readonly xname: string;
}

/**
 * What generated request functions need from a connection: they write the request into the
 * writer `begin` returns, then hand it back with `send` (no reply) or `sendWithReply`.
 */
export interface XRequester {
  /** Starts a core request: opcode, the data byte, a length patched by `send`. */
  begin(opcode: number, data: number): XWriter;
  /** Starts an extension request; throws if the extension was not initialized. */
  beginExt(ext: XExtension, minor: number): XWriter;
  /** Finishes the request; returns its sequence number. */
  send(w: XWriter): number;
  /** Finishes the request and resolves with its decoded reply (rejects with its X error). */
  sendWithReply<T>(w: XWriter, read: (r: XReader) => T): Promise<T>;
}
