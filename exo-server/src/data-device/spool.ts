import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { preadFd } from '../../../compositor/src/native/shared-memory.js';

/**
 * Clipboard data too big to keep in memory, kept in an anonymous temporary file instead (an
 * O_TMPFILE in the temp directory, or a file unlinked at once where the file system has no
 * O_TMPFILE): it has no name, so it vanishes when its fd closes, even if exo is killed.
 * Transfers move it with splice(2) from and to pipes, so its bytes never enter JavaScript memory.
 *
 * A spool is shared by whoever holds it: each holder `retain`s it and `release`s it when done;
 * the fd closes with the last release (or, as a safety net, when the object is collected).
 */

const O_TMPFILE = 0o20000000 | 0o200000; // __O_TMPFILE | O_DIRECTORY, as the kernel wants it
const CHUNK = 1 << 20;
/**
 * Closing the last fd of a large file frees its pages, which takes milliseconds per 64 MiB: it
 * is done on libuv's thread pool rather than on the event loop.
 */
const closeLater = (fd: number): void => fs.close(fd, () => {});
const closing = new FinalizationRegistry<number>(closeLater);
let counter = 0;

/** An anonymous read-write file in `dir` (the system's temp directory by default). */
export function createTempFile(dir = os.tmpdir()): number {
  try {
    return fs.openSync(dir, O_TMPFILE | fs.constants.O_RDWR, 0o600);
  } catch {
    const name = path.join(dir, `tartine-clip-${process.pid}-${counter++}-${Date.now()}`);
    const fd = fs.openSync(name, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    fs.unlinkSync(name);
    return fd;
  }
}

export class Spool {
  /** Known to be valid UTF-8 (checked as it was written), so it need not be read to check it. */
  utf8?: boolean;
  private refs = 1;
  private isClosed = false;
  private readonly token = {};

  /** Takes ownership of `fd`, which holds `length` bytes from offset 0. */
  constructor(
    readonly fd: number,
    readonly length: number,
  ) {
    closing.register(this, fd, this.token);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** A new holder: call `release` once done with it. */
  retain(): this {
    if (this.isClosed) throw new Error('the spooled data is gone');
    this.refs++;
    return this;
  }

  release(): void {
    if (this.isClosed || --this.refs > 0) return;
    this.isClosed = true;
    closing.unregister(this.token);
    closeLater(this.fd);
  }

  /** Reads `len` bytes at `offset` into `buf` (fewer at the end); the count. */
  readAt(buf: Uint8Array, offset: number, len = buf.byteLength): number {
    if (this.isClosed) throw new Error('the spooled data is gone');
    let n = 0;
    while (n < len && offset + n < this.length) {
      const got = preadFd(this.fd, buf.subarray(n), Math.min(len - n, this.length - offset - n), offset + n);
      if (got <= 0) break;
      n += got;
    }
    return n;
  }

  /** The bytes a chunk at a time, in one reused buffer (valid until the next chunk). */
  *chunks(size = CHUNK): Generator<Buffer> {
    const buf = Buffer.allocUnsafe(Math.min(size, Math.max(this.length, 1)));
    this.retain();
    try {
      for (let off = 0; off < this.length;) {
        const n = this.readAt(buf, off);
        if (n <= 0) throw new Error(`the spooled data ended at ${off} of ${this.length} bytes`);
        yield buf.subarray(0, n);
        off += n;
      }
    } finally {
      this.release();
    }
  }

  /** The first `n` bytes (or all, if fewer), in memory. */
  head(n: number): Buffer {
    const b = Buffer.allocUnsafe(Math.min(n, this.length));
    return b.subarray(0, this.readAt(b, 0));
  }

  /** The whole data in memory: only for what must be whole (a JSON answer, a conversion). */
  toBuffer(): Buffer {
    return this.head(this.length);
  }
}

/** Clipboard bytes: in memory, or spooled to a file. */
export type Bytes = Buffer | Spool;

/** Writes chunks into a new spool; `finish` gives it, `abort` drops it. */
export class SpoolWriter {
  readonly fd = createTempFile();
  length = 0;
  private done = false;

  write(chunk: Uint8Array): void {
    for (let off = 0; off < chunk.byteLength;)
      off += fs.writeSync(this.fd, chunk, off, chunk.byteLength - off, this.length + off);
    this.length += chunk.byteLength;
  }

  /** `n` more bytes were written at the end by someone else (splice). */
  grew(n: number): void {
    this.length += n;
  }

  finish(): Spool {
    this.done = true;
    return new Spool(this.fd, this.length);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    closeLater(this.fd);
  }
}

/** Whether two byte sequences are equal, chunk by chunk when spooled. */
export function sameBytes(a: Bytes, b: Bytes): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  if (a instanceof Buffer && b instanceof Buffer) return a.equals(b);
  const [spool, other]: [Spool, Bytes] = a instanceof Spool ? [a, b] : [b as Spool, a];
  let off = 0;
  if (other instanceof Buffer) {
    for (const c of spool.chunks()) {
      if (!c.equals(other.subarray(off, off + c.length))) return false;
      off += c.length;
    }
    return true;
  }
  const buf = Buffer.allocUnsafe(CHUNK);
  const otherSpool = other as Spool;
  for (const c of spool.chunks()) {
    const n = otherSpool.readAt(buf, off, c.length);
    if (n !== c.length || !c.equals(buf.subarray(0, n))) return false;
    off += n;
  }
  return true;
}
