import type {
  WlBufferResource,
  WlShmPoolResource,
  WlShmResource,
} from '../../../protos/gen/server/wayland.js';
import { WlShmError } from '../../../protos/gen/spec/wayland.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import {
  ensureShrinkSeal,
  fileSize,
  mapShared,
  preadFd,
} from '../../../compositor/src/native/shared-memory.js';
import { bytesPerPixel } from '../shadow/shm-formats.js';
import { shadowStats } from '../shadow/stats.js';

/** Largest guest buffer sommelier will shadow (a 8192×8192 ARGB buffer). */
const MAX_BUFFER_BYTES = 256 * 1024 * 1024;

/**
 * A guest wl_shm_pool. Guest pools never leave the guest: sommelier reads them when a buffer is
 * committed. A pool it could seal against shrinking is mapped (reads cannot fault); any other
 * is read with pread, so a guest that truncates its file gets zeros, not a dead sommelier.
 */
export class GuestShmPool {
  map: Buffer | null = null;
  buffers = 0;
  destroyed = false;

  constructor(
    public fd: number,
    public size: number,
  ) {}

  /** Copies `len` bytes at `srcOff` of the pool into `dst[dstOff..]`; bytes that cannot be read become 0. */
  read(dst: Buffer, dstOff: number, srcOff: number, len: number): void {
    if (this.map) {
      const end = Math.min(srcOff + len, this.map.byteLength);
      const n = Math.max(0, end - srcOff);
      if (n > 0) this.map.copy(dst, dstOff, srcOff, end);
      if (n < len) dst.fill(0, dstOff + n, dstOff + len);
      return;
    }
    let n = 0;
    if (this.fd >= 0) {
      try {
        n = preadFd(this.fd, dst.subarray(dstOff, dstOff + len), len, srcOff);
      } catch {
        n = 0;
      }
    }
    if (n < len) {
      dst.fill(0, dstOff + Math.max(0, n), dstOff + len);
      shadowStats.shortReads++;
    }
  }

  /** Closes the fd once no buffer can read through it any more. */
  maybeClose(): void {
    if (this.destroyed && this.buffers === 0 && this.fd >= 0) {
      closeFd(this.fd);
      this.fd = -1;
      this.map = null;
    }
  }
}

/** A guest wl_buffer: a rectangle of a guest pool, shadowed on the host at commit. */
export class GuestShmBuffer {
  constructor(
    readonly resource: WlBufferResource,
    readonly pool: GuestShmPool,
    readonly offset: number,
    readonly width: number,
    readonly height: number,
    readonly stride: number,
    readonly format: number,
  ) {}
}

const buffers = new WeakMap<WlBufferResource, GuestShmBuffer>();

export function shmBufferOf(resource: WlBufferResource): GuestShmBuffer | undefined {
  return buffers.get(resource);
}

/** wl_shm, served by sommelier itself: it offers the host's formats that it can shadow. */
export function bindShm(shm: WlShmResource, formats: readonly number[]): void {
  shm.setHandler({ createPool: (r, id, fd, size) => createPool(r, id, fd, size) });
  for (const f of formats) shm.sendFormat(f);
}

function createPool(shm: WlShmResource, resource: WlShmPoolResource, fd: number, size: number): void {
  const pool = new GuestShmPool(fd, size);
  resource.onDestroy(() => {
    pool.destroyed = true;
    pool.maybeClose();
  });
  if (size <= 0) throw shm.error(WlShmError.InvalidStride, `invalid pool size ${size}`);
  let actual: number;
  try {
    actual = fileSize(fd);
  } catch {
    throw shm.error(WlShmError.InvalidFd, 'the pool fd is not a file that can be sized');
  }
  if (actual < size)
    throw shm.error(WlShmError.InvalidFd, `pool of ${size} bytes on a file of ${actual} bytes`);
  if (ensureShrinkSeal(fd)) {
    try {
      pool.map = mapShared(fd, size, false);
    } catch {
      pool.map = null;
    }
  }
  resource.setHandler({
    createBuffer: (r, id, offset, width, height, stride, format) => {
      const bpp = bytesPerPixel(format);
      if (bpp === undefined)
        throw r.error(WlShmError.InvalidFormat, `unsupported format 0x${format.toString(16)}`);
      if (
        offset < 0 ||
        width <= 0 ||
        height <= 0 ||
        stride < width * bpp ||
        offset + stride * height > pool.size
      )
        throw r.error(
          WlShmError.InvalidStride,
          `invalid buffer ${width}x${height} stride ${stride} at offset ${offset} in a pool of ${pool.size} bytes`,
        );
      if (stride * height > MAX_BUFFER_BYTES)
        throw r.error(WlShmError.InvalidStride, `buffer of ${stride * height} bytes is too large`);
      buffers.set(id, new GuestShmBuffer(id, pool, offset, width, height, stride, format));
      pool.buffers++;
      id.onDestroy(() => {
        pool.buffers--;
        pool.maybeClose();
      });
      id.setHandler({});
    },
    resize: (r, newSize) => {
      if (newSize < pool.size)
        throw r.error(WlShmError.InvalidStride, `pools can only grow (${pool.size} to ${newSize})`);
      if (newSize === pool.size) return;
      let actual = 0;
      try {
        actual = fileSize(pool.fd);
      } catch {
        actual = 0;
      }
      if (actual < newSize)
        throw r.error(WlShmError.InvalidFd, `resize to ${newSize} bytes but the file has ${actual}`);
      pool.size = newSize;
      if (pool.map) {
        try {
          pool.map = mapShared(pool.fd, newSize, false);
        } catch {
          pool.map = null;
        }
      }
    },
  });
}
