import { closeFd } from '../native/libc.js';
import { createMemfd, ensureShrinkSeal, mapShared } from '../native/shared-memory.js';
import { LinkProtocolError } from './link-error.js';
import { readRanges } from './shm-update.js';
import type { VarintCursor } from './varint.js';

/** Most bytes of mirrors one peer may make us hold (memfds are sparse until written). */
const MAX_MIRRORED = 8 * 1024 * 1024 * 1024;

/**
 * The receiving side's copy of a region: a memfd of the same size, sealed against shrinking
 * (so whoever maps it can trust its size), that the link writes updates into.
 */
export class ShmMirror {
  private constructor(
    readonly fd: number,
    readonly map: Buffer,
  ) {}

  static create(size: number): ShmMirror {
    const fd = createMemfd('tartine-link-shm', size, false);
    try {
      ensureShrinkSeal(fd);
      return new ShmMirror(fd, mapShared(fd, size, true));
    } catch (e) {
      closeFd(fd);
      throw e;
    }
  }

  get size(): number {
    return this.map.byteLength;
  }

  /** Closes our fd; receivers of the region keep theirs, and the mapping goes with its last use. */
  close(): void {
    closeFd(this.fd);
  }
}

/**
 * The receiving side's mirrors of one link, by vfd: made by SHM_CREATE, written by SHM_UPDATE
 * and SHM_COPY, dropped by VFD_CLOSE. Every range is checked against the mirror's size.
 */
export class ShmMirrors {
  private readonly mirrors = new Map<number, ShmMirror>();
  private bytes = 0;

  /** `settle` hands earlier Wayland input over before memory it may refer to changes. */
  constructor(private readonly settle: () => void) {}

  get count(): number {
    return this.mirrors.size;
  }

  get(vfd: number): ShmMirror | undefined {
    return this.mirrors.get(vfd);
  }

  create(vfd: number, size: number): void {
    if (size > 0x7fffffff) throw new LinkProtocolError(`shared memory of ${size} bytes`);
    if (this.bytes + size > MAX_MIRRORED)
      throw new LinkProtocolError(`the peer asks for more than ${MAX_MIRRORED} bytes of shared memory`);
    this.mirrors.set(vfd, ShmMirror.create(size));
    this.bytes += size;
  }

  /** Where an update's data goes, after checking every range fits. */
  updateTarget(vfd: number, ranges: Uint32Array): Buffer {
    const m = this.mirrors.get(vfd);
    if (!m) throw new LinkProtocolError(`an update for unknown shared memory ${vfd}`);
    for (let i = 0; i < ranges.length; i += 2)
      if (ranges[i]! + ranges[i + 1]! > m.size)
        throw new LinkProtocolError(`an update beyond the ${m.size} bytes of shared memory ${vfd}`);
    // Messages that came before this update must see the memory as it was when they were sent.
    this.settle();
    return m.map;
  }

  /** SHM_COPY: from vfd, to vfd, ranges. */
  copy(c: VarintCursor): void {
    const from = this.mirrors.get(c.next());
    const to = this.mirrors.get(c.next());
    if (!from || !to) throw new LinkProtocolError('SHM_COPY between unknown shared memory');
    let ranges: Uint32Array;
    try {
      ranges = readRanges(() => c.next(), Math.min(from.size, to.size));
    } catch (e) {
      throw e instanceof RangeError ? new LinkProtocolError(`SHM_COPY with ${e.message}`) : e;
    }
    this.settle();
    for (let i = 0; i < ranges.length; i += 2)
      from.map.copy(to.map, ranges[i]!, ranges[i]!, ranges[i]! + ranges[i + 1]!);
  }

  /** Drops a mirror; false if `vfd` is not one. */
  close(vfd: number): boolean {
    const m = this.mirrors.get(vfd);
    if (!m) return false;
    this.mirrors.delete(vfd);
    this.bytes -= m.size;
    m.close();
    return true;
  }

  closeAll(): void {
    for (const m of this.mirrors.values()) m.close();
    this.mirrors.clear();
    this.bytes = 0;
  }
}
