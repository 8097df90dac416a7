import type { WlBufferProxy } from '../../../protos/gen/client/wayland.js';
import { readGuestPool, type GuestShmBuffer } from '../relays/shm.js';
import type { BufferShape, ShadowAllocator, ShadowBuffer } from './shadow-allocator.js';
import type { RowSet } from './row-set.js';
import { bytesPerPixel } from './shm-formats.js';
import { rectBytes, type StaleRect } from './stale-rects.js';
import { shadowStats } from './stats.js';

/** More shadows than this for one surface means the host is not releasing: reuse the oldest. */
const MAX_SHADOWS_PER_SURFACE = 6;

/**
 * The shadow buffers of one guest surface. Each commit's damaged rows are added to every
 * shadow's stale rows; the commit then fills one shadow the host is not holding, copying only
 * its stale rows from the guest buffer (which holds the whole new frame), and attaches it. So a
 * shadow that missed some frames catches up with exactly the rows those frames changed.
 */
export class SurfaceShadows {
  /** Least recently attached first. */
  private list: ShadowBuffer[] = [];
  private shape: BufferShape | null = null;

  constructor(private readonly allocator: ShadowAllocator) {}

  /**
   * Copies what `damage` (rows of `src`; `rects` the same damage as rectangles, if known) makes
   * stale into a free shadow; returns it for attaching.
   */
  update(src: GuestShmBuffer, damage: RowSet, rects?: readonly StaleRect[]): WlBufferProxy {
    const shape = { width: src.width, height: src.height, stride: src.stride, format: src.format };
    if (!this.shape || !same(this.shape, shape)) {
      this.release();
      this.shape = shape;
    }
    const damageRects = rects ?? rowRects(damage, shape.width);
    // The shadow filled last holds the previous frame: a stream link catches a reused shadow up
    // from it on the host side, and sends only this frame's damage.
    const prev = this.list[this.list.length - 1];
    let s = this.list.find((x) => !x.busy);
    if (!s) {
      if (this.list.length < MAX_SHADOWS_PER_SURFACE) {
        s = this.allocator.take(shape, this);
        this.list.push(s);
      } else {
        s = this.list[0]!;
      }
    }
    for (const x of this.list) {
      x.stale.addSet(damage, shape.height);
      if (x !== s) x.staleRects.add(damageRects);
    }
    mirrorOnLink(s, prev, damageRects, shape, bytesPerPixel(shape.format) ?? 4);
    this.list.splice(this.list.indexOf(s), 1);
    this.list.push(s);
    copyRows(src, s);
    s.busy = true;
    return s.buffer;
  }

  /**
   * Gives every shadow back to the allocator: on a change of shape the host still shows one
   * until the next commit replaces it, so it returns once released. When the surface is gone,
   * the host may never release what it held: those shadows are destroyed instead.
   */
  release(surfaceGone = false): void {
    for (const s of this.list) {
      if (surfaceGone && s.busy) s.destroy();
      else this.allocator.give(s);
    }
    this.list = [];
    this.shape = null;
  }
}

/** Copies the stale rows of `dst` from the guest buffer: one contiguous run per row interval. */
function copyRows(src: GuestShmBuffer, dst: ShadowBuffer): void {
  const stride = src.stride;
  let rows = 0;
  dst.stale.forEach((y0, y1) => {
    const at = y0 * stride;
    const len = (y1 - y0) * stride;
    readGuestPool(src.pool, dst.map, at, src.offset + at, len);
    rows += y1 - y0;
  });
  dst.stale.clear();
  shadowStats.copies++;
  shadowStats.rowsCopied += rows;
  shadowStats.bytesCopied += rows * stride;
}

/**
 * Tells a stream link what changes in shadow `s` (mirrored on the host): what it missed since it
 * was last filled is copied there from `prev` (the shadow shown last, which has it), and this
 * frame's damage is sent from the guest's pixels. Without `prev`, everything it missed is sent.
 */
function mirrorOnLink(
  s: ShadowBuffer,
  prev: ShadowBuffer | undefined,
  damage: readonly StaleRect[],
  shape: BufferShape,
  bpp: number,
): void {
  const region = s.slab.region;
  if (!region) return;
  const fresh = rectBytes(damage, shape.width, shape.stride, bpp);
  // What this frame redraws anyway is not worth catching up on.
  const missed = s.staleRects.ranges(shape.width, shape.height, shape.stride, bpp).minus(fresh);
  s.staleRects.clear();
  if (prev && prev !== s && prev.slab.region) {
    if (!missed.isEmpty) region.copyFrom(prev.slab.region, missed);
  } else missed.forEach((a, b) => region.dirty(a, b));
  fresh.forEach((a, b) => region.dirty(a, b));
}

/** Rows as full-width rectangles. */
function rowRects(rows: RowSet, width: number): StaleRect[] {
  const out: StaleRect[] = [];
  rows.forEach((y0, y1) => out.push([0, y0, width, y1 - y0]));
  return out;
}

function same(a: BufferShape, b: BufferShape): boolean {
  return a.width === b.width && a.height === b.height && a.stride === b.stride && a.format === b.format;
}
