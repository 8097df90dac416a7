/**
 * A byte buffer that grows in place up to a fixed limit, for reading data of unknown size
 * (a selection, an upload) without holding it twice: it is one resizable ArrayBuffer that
 * reserves address space for `limit` bytes and commits memory only as it grows, so reading
 * N bytes costs N bytes (plus at most one growth step), where a list of chunks joined at the
 * end costs 2N at its peak.
 */

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}

/** `new ArrayBuffer(n, { maxByteLength })` (ES2024; Node 20 has it, the ES2022 lib types do not). */
const Resizable = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableArrayBuffer;

/** Growth beyond this is linear, so the unused tail stays under it. */
const MAX_STEP = 8 * 1024 * 1024;
const MIN_STEP = 64 * 1024;

export class GrowableBuffer {
  private readonly ab: ResizableArrayBuffer;
  private view: Buffer;
  private used = 0;

  /** `limit`: the most bytes it may ever hold; `initial`: bytes to commit at once (a size hint). */
  constructor(
    readonly limit: number,
    initial = MIN_STEP,
  ) {
    this.ab = new Resizable(Math.min(initial, limit), { maxByteLength: Math.max(limit, 1) });
    this.view = Buffer.from(this.ab, 0, this.ab.byteLength);
  }

  get length(): number {
    return this.used;
  }

  /**
   * Free space to write up to `want` bytes into (at least one byte), growing if needed; call
   * `commit(n)` after writing n bytes there. Empty when the limit is reached.
   */
  space(want = MIN_STEP): Buffer {
    if (this.used === this.view.byteLength) this.grow(Math.max(want, 1));
    return this.view.subarray(this.used, Math.min(this.used + want, this.view.byteLength));
  }

  commit(n: number): void {
    if (n < 0 || this.used + n > this.view.byteLength) throw new RangeError(`commit(${n}) beyond the space`);
    this.used += n;
  }

  /** Appends `bytes`; false (and nothing appended) when they would pass the limit. */
  append(bytes: Uint8Array): boolean {
    if (this.used + bytes.byteLength > this.limit) return false;
    if (this.used + bytes.byteLength > this.view.byteLength) this.grow(bytes.byteLength);
    this.view.set(bytes, this.used);
    this.used += bytes.byteLength;
    return true;
  }

  /**
   * The bytes written, as one Buffer; the unused tail is released. The GrowableBuffer must not
   * be used afterwards (the Buffer shares its memory).
   */
  finish(): Buffer {
    this.ab.resize(this.used);
    this.view = Buffer.from(this.ab, 0, this.used);
    return this.view;
  }

  private grow(atLeast: number): void {
    const size = this.view.byteLength;
    const step = Math.max(atLeast, MIN_STEP, Math.min(size, MAX_STEP));
    const next = Math.min(this.limit, size + step);
    if (next <= size) return;
    this.ab.resize(next);
    // A fixed-length view does not follow the resize: make a new one.
    this.view = Buffer.from(this.ab, 0, next);
  }
}
