import * as fs from 'node:fs';
import { ByteRanges } from './byte-ranges.js';

/**
 * Shared memory over a stream link. The sending side cannot share the memory itself, so the
 * receiver keeps a copy (a ShmMirror) and gets the bytes that changed. Which bytes changed is
 * known to the program that wrote them: a region it registers with `trackRegion` is mirrored
 * live (it calls `dirty` after writing, and the link sends those ranges before its next Wayland
 * bytes). Any other memfd crossing the link is sent once, as it is at that moment (a keymap).
 */

/** One link mirroring a region: told about every change and about the region's end. */
export interface RegionSubscriber {
  dirty(start: number, end: number): void;
  /** `ranges` of this region now hold what they hold in `from`. */
  copied(from: RegionHandle, ranges: ByteRanges): void;
  released(): void;
}

/** A live region: memory this process writes and tells the links about. */
export class RegionHandle {
  /** Every byte ever written (a new mirror starts zero-filled, like the memfd did). */
  readonly everDirty = new ByteRanges();
  private readonly subscribers = new Set<RegionSubscriber>();
  private gone = false;

  constructor(
    readonly key: string,
    readonly map: Buffer,
  ) {}

  get size(): number {
    return this.map.byteLength;
  }

  /** Bytes [start, end) were written. */
  dirty(start: number, end: number): void {
    if (this.gone) return;
    const s = Math.max(0, start);
    const e = Math.min(this.map.byteLength, end);
    if (e <= s) return;
    this.everDirty.add(s, e);
    for (const sub of this.subscribers) sub.dirty(s, e);
  }

  /**
   * `ranges` were written with the bytes they have in `from` (a shadow catching up with the one
   * shown before it): a link that mirrors both copies them on the other side instead of sending.
   */
  copyFrom(from: RegionHandle, ranges: ByteRanges): void {
    if (this.gone) return;
    ranges.forEach((s, e) => this.everDirty.add(s, Math.min(e, this.map.byteLength)));
    for (const sub of this.subscribers) sub.copied(from, ranges);
  }

  subscribe(sub: RegionSubscriber): void {
    if (!this.gone) this.subscribers.add(sub);
  }

  unsubscribe(sub: RegionSubscriber): void {
    this.subscribers.delete(sub);
  }

  /** The memory is about to go: mirrors are dropped on every link. */
  release(): void {
    if (this.gone) return;
    this.gone = true;
    if (regions.get(this.key) === this) regions.delete(this.key);
    for (const sub of this.subscribers) sub.released();
    this.subscribers.clear();
  }
}

const regions = new Map<string, RegionHandle>();
let tracking = false;

/** Called when a stream link starts in this process: from now on regions are worth tracking. */
export function enableRegionTracking(): void {
  tracking = true;
}

/** The identity of the file behind an fd (the same across dups). */
export function fileKey(st: fs.Stats): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * Registers memory this process shares through `fd` and will write (mapped as `map`), so that
 * a stream link mirrors it live. Null when no stream link runs in this process (nothing to do).
 */
export function trackRegion(fd: number, map: Buffer): RegionHandle | null {
  if (!tracking) return null;
  const key = fileKey(fs.fstatSync(fd));
  regions.get(key)?.release();
  const h = new RegionHandle(key, map);
  regions.set(key, h);
  return h;
}

export function findRegion(key: string): RegionHandle | undefined {
  return regions.get(key);
}

/** Page-sized runs of a snapshot that are not all zero (a new mirror is zero already). */
export function nonZeroRanges(b: Buffer, page = 4096): ByteRanges {
  const out = new ByteRanges();
  const zero = Buffer.alloc(page);
  for (let at = 0; at < b.length; at += page) {
    const end = Math.min(b.length, at + page);
    if (b.compare(zero, 0, end - at, at, end) !== 0) out.add(at, end);
  }
  return out;
}
