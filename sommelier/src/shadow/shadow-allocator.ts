import { WlShmProxy, type WlBufferProxy, type WlShmPoolProxy } from '../../../protos/gen/client/wayland.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import { createMemfd, mapShared } from '../../../compositor/src/native/shared-memory.js';
import { trackRegion, type RegionHandle } from '../../../compositor/src/link/shm-regions.js';
import { releasePages } from '../../../compositor/src/native/release-pages.js';
import type { Session } from '../session/session.js';
import { RowSet } from './row-set.js';
import { StaleRects } from './stale-rects.js';
import { shadowStats } from './stats.js';

/** Shape of a buffer: a shadow can stand in for any guest buffer of the same shape. */
export interface BufferShape {
  width: number;
  height: number;
  stride: number;
  format: number;
}

/** Free shadow memory kept for reuse per host connection; beyond this the oldest is dropped. */
const FREE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * A sealed memfd shared with the host (one wl_shm_pool), mapped writable in sommelier. On a
 * stream link it is also a tracked region: the link mirrors the bytes sommelier marks dirty.
 */
class Slab {
  constructor(
    readonly map: Buffer,
    readonly pool: WlShmPoolProxy,
    readonly size: number,
    readonly region: RegionHandle | null,
  ) {}

  /**
   * The memory goes: stream links drop their mirror of it, and its pages go now (not when the
   * garbage collector finds the Buffer: with little garbage per frame that can take minutes,
   * while resized windows leave slab after slab behind).
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.region?.release();
    releasePages(this.map);
  }

  private released = false;
}

/**
 * A host wl_buffer over a slab that sommelier fills with guest pixels. `busy` while the host
 * holds it (attached, not yet released); `stale` are the rows that changed in the surface since
 * this shadow was last filled, so a reused shadow gets exactly those rows copied.
 */
export class ShadowBuffer {
  busy = false;
  readonly stale = new RowSet();
  /** The same changes as rectangles, for stream links that send only changed pixels. */
  readonly staleRects = new StaleRects();
  /** Whoever uses it now; null once it was given back (it returns to the free list on release). */
  owner: object | null = null;
  buffer: WlBufferProxy;

  constructor(
    private readonly allocator: ShadowAllocator,
    readonly slab: Slab,
    public shape: BufferShape,
  ) {
    this.buffer = this.createBuffer(shape);
  }

  get map(): Buffer {
    return this.slab.map;
  }

  /** Re-cuts the slab for another shape (a new host wl_buffer over the same memory). */
  reshape(shape: BufferShape): void {
    if (!this.buffer.isDestroyed) this.buffer.destroy();
    this.shape = shape;
    this.buffer = this.createBuffer(shape);
  }

  private createBuffer(s: BufferShape): WlBufferProxy {
    const b = this.slab.pool.createBuffer(0, s.width, s.height, s.stride, s.format);
    b.on({ release: () => this.released(b) });
    return b;
  }

  private released(b: WlBufferProxy): void {
    if (b !== this.buffer) return;
    this.busy = false;
    if (this.owner === null) this.allocator.put(this);
  }

  /** Destroys the host objects; the mapping goes when the last reference does. */
  destroy(): void {
    this.slab.release();
    if (this.allocator.hostUsable) {
      if (!this.buffer.isDestroyed) this.buffer.destroy();
      if (!this.slab.pool.isDestroyed) this.slab.pool.destroy();
    }
    this.allocator.forget(this);
  }
}

/**
 * Shadow memory of one host connection: hands out shadow buffers by shape, reusing free ones
 * (same shape first, then any slab big enough and not more than twice the size) before making
 * a new sealed memfd.
 */
export class ShadowAllocator {
  private free: ShadowBuffer[] = [];
  private freeBytes = 0;
  /** Every shadow alive on this connection, for the memory count. */
  private readonly all = new Set<ShadowBuffer>();
  private dead = false;

  constructor(private readonly session: Session) {}

  /** False once the host connection is closing: its objects go with it, no requests needed. */
  get hostUsable(): boolean {
    return !this.dead && !this.session.closed;
  }

  /** A shadow of `shape` owned by `owner`; its content is unknown, so every row is stale. */
  take(shape: BufferShape, owner: object): ShadowBuffer {
    const bytes = shape.stride * shape.height;
    let i = this.free.findIndex((s) => sameShape(s.shape, shape));
    if (i < 0) i = this.free.findIndex((s) => s.slab.size >= bytes && s.slab.size <= 2 * bytes);
    let s: ShadowBuffer;
    if (i >= 0) {
      s = this.free.splice(i, 1)[0]!;
      this.freeBytes -= s.slab.size;
      if (!sameShape(s.shape, shape)) s.reshape(shape);
      shadowStats.reused++;
    } else {
      s = new ShadowBuffer(this, this.newSlab(bytes), shape);
      this.all.add(s);
      shadowStats.bytesHeld += s.slab.size;
    }
    s.owner = owner;
    s.stale.fill(shape.height);
    s.staleRects.fillAll();
    return s;
  }

  /** Takes back a shadow nobody uses any more, once the host has released it. */
  give(s: ShadowBuffer): void {
    s.owner = null;
    if (!s.busy) this.put(s);
  }

  /** Called when a given-back shadow is free of the host too. */
  put(s: ShadowBuffer): void {
    if (!this.hostUsable) return;
    this.free.push(s);
    this.freeBytes += s.slab.size;
    while (this.freeBytes > FREE_LIMIT_BYTES && this.free.length > 0) {
      const old = this.free.shift()!;
      this.freeBytes -= old.slab.size;
      old.destroy();
    }
  }

  private newSlab(bytes: number): Slab {
    const shm = this.session.internalGlobal(WlShmProxy, 1);
    if (!shm) throw new Error('the host compositor has no wl_shm');
    const fd = createMemfd('sommelier-shadow', bytes, true);
    try {
      const map = mapShared(fd, bytes, true);
      // Tracked before the pool request carries it, so a stream link mirrors it live.
      const region = trackRegion(fd, map);
      const pool = shm.createPool(fd, bytes);
      shadowStats.slabsCreated++;
      return new Slab(map, pool, bytes, region);
    } finally {
      // The pool request carries its own duplicate; the mapping outlives the fd.
      closeFd(fd);
    }
  }

  forget(s: ShadowBuffer): void {
    if (this.all.delete(s)) shadowStats.bytesHeld -= s.slab.size;
  }

  /** The host connection is going away with every object on it: just forget the memory. */
  destroy(): void {
    if (this.dead) return;
    this.dead = true;
    for (const s of this.all) {
      shadowStats.bytesHeld -= s.slab.size;
      s.slab.release();
    }
    this.all.clear();
    this.free = [];
    this.freeBytes = 0;
  }
}

function sameShape(a: BufferShape, b: BufferShape): boolean {
  return a.width === b.width && a.height === b.height && a.stride === b.stride && a.format === b.format;
}
