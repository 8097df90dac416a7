/**
 * A fixed ring of bytes, filled at the tail and freed at the head in the same order: pipe data
 * waits here until it is written (or credited), in memory allocated once per pipe.
 */
export class ByteRing {
  private readonly buf: Buffer;
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get used(): number {
    return this.size;
  }

  /**
   * Copies `src[0, n)` in and returns where it landed (one view, or two when it wraps). The
   * views stay valid until `free` passes them. Throws if there is no room.
   */
  push(src: Buffer, n: number): Buffer[] {
    if (this.size + n > this.capacity)
      throw new Error(`ring overflow: ${this.size} + ${n} > ${this.capacity}`);
    const tail = (this.head + this.size) % this.capacity;
    this.size += n;
    const first = Math.min(n, this.capacity - tail);
    src.copy(this.buf, tail, 0, first);
    if (first === n) return [this.buf.subarray(tail, tail + n)];
    src.copy(this.buf, 0, first, n);
    return [this.buf.subarray(tail, this.capacity), this.buf.subarray(0, n - first)];
  }

  /** The free space at the tail that is contiguous (none when full): read into it, then `commit`. */
  tailSpace(): Buffer {
    const tail = (this.head + this.size) % this.capacity;
    const end = tail < this.head || this.size === this.capacity ? this.head : this.capacity;
    return this.buf.subarray(tail, end);
  }

  /** `n` bytes were written into `tailSpace()`: they are now the newest; answers them. */
  commit(n: number): Buffer {
    const tail = (this.head + this.size) % this.capacity;
    if (this.size + n > this.capacity || tail + n > this.capacity)
      throw new Error(`ring commit of ${n} past the free space`);
    this.size += n;
    return this.buf.subarray(tail, tail + n);
  }

  /** The oldest bytes that are contiguous (empty when the ring is). */
  headBytes(): Buffer {
    return this.buf.subarray(this.head, Math.min(this.head + this.size, this.capacity));
  }

  /** Frees the `n` oldest bytes. */
  free(n: number): void {
    const k = Math.min(n, this.size);
    this.head = (this.head + k) % this.capacity;
    this.size -= k;
    if (this.size === 0) this.head = 0; // the next reads get the whole ring contiguous
  }
}
