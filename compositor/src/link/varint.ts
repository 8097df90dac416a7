import { LinkProtocolError } from './link-error.js';

/**
 * Unsigned LEB128 integers (7 bits a byte, low bits first, high bit set on all but the last
 * byte): the link's numbers are mostly small (channel and fd ids, gaps and lengths of damaged
 * rows), so a 16x16 change costs a few bytes of bookkeeping, not a table of 32-bit words.
 * Values up to 2^32 - 1 (at most 5 bytes).
 */

export const MAX_VARINT = 0xffffffff;

export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Writes `n` at `at`; returns the position after it. */
export function putVarint(b: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    b[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  b[at++] = n;
  return at;
}

/** Reads varints from a frame's payload; anything malformed is the peer's protocol error. */
export class VarintCursor {
  pos = 0;

  constructor(
    readonly b: Buffer,
    private readonly what: string,
  ) {}

  next(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.b.length) throw new LinkProtocolError(`${this.what} frame too short`);
      const byte = this.b[this.pos++]!;
      n += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (n > MAX_VARINT) break;
        return n;
      }
      scale *= 128;
    }
    throw new LinkProtocolError(`${this.what} frame has a number out of range`);
  }

  /** What is left after the numbers. */
  rest(): Buffer {
    return this.b.subarray(this.pos);
  }
}

/**
 * Incremental varint decoding for a stream cut anywhere: feed bytes until `done`, then `value`.
 */
export class VarintStream {
  value = 0;
  private scale = 1;
  private bytes = 0;

  reset(): void {
    this.value = 0;
    this.scale = 1;
    this.bytes = 0;
  }

  /** Takes one byte; true when the number is complete. */
  feed(byte: number, what: string): boolean {
    this.value += (byte & 0x7f) * this.scale;
    this.scale *= 128;
    if (++this.bytes > 5 || this.value > MAX_VARINT)
      throw new LinkProtocolError(`${what}: a number out of range`);
    return (byte & 0x80) === 0;
  }
}
