import type { ByteRanges } from './byte-ranges.js';
import { encodeFrameHead, FrameType, MAX_UPDATE_RANGES } from './link-frames.js';
import { linkStats } from './link-stats.js';
import { putVarint, varintSize } from './varint.js';

/** Updates with less data than this are copied into one buffer (one write, not one per range). */
const COPY_LIMIT = 256 * 1024;

type Out = { write(b: Buffer): void };

function split(ranges: ByteRanges): Array<Array<[number, number]>> {
  const all: Array<[number, number]> = [];
  ranges.forEach((s, e) => all.push([s, e]));
  const out: Array<Array<[number, number]>> = [];
  for (let i = 0; i < all.length; i += MAX_UPDATE_RANGES) out.push(all.slice(i, i + MAX_UPDATE_RANGES));
  return out;
}

/** The numbers of a range list: count, then (gap from the previous range's end, length) each. */
function rangeInts(ranges: Array<[number, number]>): number[] {
  const ints = [ranges.length];
  let end = 0;
  for (const [s, e] of ranges) {
    ints.push(s - end, e - s);
    end = e;
  }
  return ints;
}

/**
 * Writes SHM_UPDATE frames carrying `ranges` of `src`. Large data goes out as views of `src`
 * without a copy when `src` is memory the writer will not touch until the peer has used it
 * (a shadow buffer the host holds until it releases it); `copy` forces a copy.
 */
export function writeUpdate(out: Out, vfd: number, ranges: ByteRanges, src: Buffer, copy: boolean): void {
  for (const part of split(ranges)) {
    const ints = [vfd, ...rangeInts(part)];
    let tableLen = 0;
    for (const n of ints) tableLen += varintSize(n);
    let data = 0;
    for (const [s, e] of part) data += e - s;
    const inline = copy || data <= COPY_LIMIT;
    // Header, table length, table; then the data, in the same buffer when small.
    const head = encodeFrameHead(FrameType.ShmUpdate, [], varintSize(tableLen) + tableLen + data);
    const b = Buffer.allocUnsafe(head.length + varintSize(tableLen) + tableLen + (inline ? data : 0));
    let at = head.copy(b, 0);
    at = putVarint(b, at, tableLen);
    for (const n of ints) at = putVarint(b, at, n);
    if (inline) for (const [s, e] of part) at += src.copy(b, at, s, e);
    out.write(b);
    if (!inline) for (const [s, e] of part) out.write(src.subarray(s, e));
    linkStats.shmUpdateFrames++;
    linkStats.shmUpdateBytes += b.length + (inline ? 0 : data);
    linkStats.shmDataBytes += data;
  }
}

/** Writes SHM_COPY frames: the peer copies `ranges` from its mirror `from` into its mirror `to`. */
export function writeCopy(out: Out, from: number, to: number, ranges: ByteRanges): void {
  for (const part of split(ranges)) {
    const b = encodeFrameHead(FrameType.ShmCopy, [from, to, ...rangeInts(part)], 0);
    out.write(b);
    linkStats.shmUpdateBytes += b.length;
  }
}

/** Parses a range list written by `rangeInts`. */
export function readRanges(next: () => number, limit: number): Uint32Array {
  const count = next();
  if (count > MAX_UPDATE_RANGES) throw new RangeError(`${count} ranges`);
  const r = new Uint32Array(count * 2);
  let at = 0;
  for (let i = 0; i < r.length; i += 2) {
    at += next();
    const len = next();
    if (at + len > limit) throw new RangeError(`a range beyond ${limit} bytes`);
    r[i] = at;
    r[i + 1] = len;
    at += len;
  }
  return r;
}
