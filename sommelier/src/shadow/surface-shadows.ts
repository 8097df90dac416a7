import type { WlBufferProxy } from '../../../protos/gen/client/wayland.js';
import type { GuestShmBuffer } from '../relays/shm.js';
import type { BufferShape, ShadowAllocator, ShadowBuffer } from './shadow-allocator.js';
import type { RowSet } from './row-set.js';
import { bytesPerPixel } from './shm-formats.js';
import type { StaleRect } from './stale-rects.js';
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
    for (const s of this.list) {
      s.stale.addSet(damage, shape.height);
      s.staleRects.add(damageRects);
    }
    let s = this.list.find((x) => !x.busy);
    if (!s) {
      if (this.list.length < MAX_SHADOWS_PER_SURFACE) {
        s = this.allocator.take(shape, this);
        this.list.push(s);
      } else {
        s = this.list[0]!;
      }
    }
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
  const region = dst.slab.region;
  if (region) dst.staleRects.markDirty(region, src.width, src.height, stride, bytesPerPixel(src.format) ?? 4);
  let rows = 0;
  dst.stale.forEach((y0, y1) => {
    const at = y0 * stride;
    const len = (y1 - y0) * stride;
    src.pool.read(dst.map, at, src.offset + at, len);
    rows += y1 - y0;
  });
  dst.stale.clear();
  shadowStats.copies++;
  shadowStats.rowsCopied += rows;
  shadowStats.bytesCopied += rows * stride;
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
