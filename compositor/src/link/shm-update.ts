import type { ByteRanges } from './byte-ranges.js';
import { encodeHeader, FrameType, HEADER_SIZE, MAX_UPDATE_RANGES } from './link-frames.js';
import { linkStats } from './link-stats.js';

/** Updates with less data than this are copied into one buffer (one write, not one per range). */
const COPY_LIMIT = 256 * 1024;

/**
 * Writes SHM_UPDATE frames carrying `ranges` of `src`. Large data goes out as views of `src`
 * without a copy when `src` is memory the writer will not touch until the peer has used it
 * (a shadow buffer the host holds until it releases it); `copy` forces a copy.
 */
export function writeUpdate(
  out: { write(b: Buffer): void },
  vfd: number,
  ranges: ByteRanges,
  src: Buffer,
  copy: boolean,
): void {
  if (ranges.isEmpty) return;
  const all: Array<[number, number]> = [];
  ranges.forEach((s, e) => all.push([s, e]));
  for (let i = 0; i < all.length; i += MAX_UPDATE_RANGES)
    writeFrame(out, vfd, all.slice(i, i + MAX_UPDATE_RANGES), src, copy);
}

function writeFrame(
  out: { write(b: Buffer): void },
  vfd: number,
  ranges: Array<[number, number]>,
  src: Buffer,
  copy: boolean,
): void {
  let data = 0;
  for (const [s, e] of ranges) data += e - s;
  const tableLen = 8 + ranges.length * 8;
  const inline = copy || data <= COPY_LIMIT;
  const head = Buffer.allocUnsafe(HEADER_SIZE + tableLen + (inline ? data : 0));
  encodeHeader(FrameType.ShmUpdate, tableLen + data).copy(head, 0);
  head.writeUInt32LE(vfd, HEADER_SIZE);
  head.writeUInt32LE(ranges.length, HEADER_SIZE + 4);
  let at = HEADER_SIZE + 8;
  for (const [s, e] of ranges) {
    head.writeUInt32LE(s, at);
    head.writeUInt32LE(e - s, at + 4);
    at += 8;
  }
  if (inline) {
    for (const [s, e] of ranges) {
      src.copy(head, at, s, e);
      at += e - s;
    }
    out.write(head);
  } else {
    out.write(head);
    for (const [s, e] of ranges) out.write(src.subarray(s, e));
  }
  linkStats.shmUpdateFrames++;
  linkStats.shmUpdateBytes += HEADER_SIZE + tableLen + data;
  linkStats.shmDataBytes += data;
}
