import { WlBufferResource, WlShmPoolResource, WlShmResource } from '../../../protos/gen/server/wayland.js';
import { WlShmError } from '../../../protos/gen/spec/wayland.js';
import type { Region } from '../../../compositor/src/geometry/region.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import {
  ensureShrinkSeal,
  fileSize,
  mapShared,
  preadFd,
} from '../../../compositor/src/native/shared-memory.js';
import type { Exo } from '../exo.js';
import { pixelFormatInfo, supportedShmFormats, type PixelFormatInfo } from '../render/pixel-formats.js';
import { registerSurfaceBuffer, type SourceImage, type SurfaceBuffer } from '../surface/surface-buffer.js';

/**
 * wl_shm: client memory shared through an fd. A pool we could seal against shrinking is
 * mapped once and read in place (reads can never fault); any other pool is read with pread,
 * copying damaged rows at commit so the client's buffer can be released at once.
 */
export function registerShm(exo: Exo): void {
  exo.display.createGlobal(WlShmResource, 1, (shm) => {
    shm.setHandler({
      createPool: (r, id, fd, size) => createPool(r, id, fd, size),
    });
    for (const f of supportedShmFormats()) shm.sendFormat(f);
  });
}

class ShmPool {
  /** The mapping (sealed pools) or null (pread pools). */
  map: Buffer | null = null;
  buffers = 0;
  destroyed = false;

  constructor(
    public fd: number,
    public size: number,
  ) {}

  /** Closes the fd once nothing can read through it any more. */
  maybeClose(): void {
    if (this.destroyed && this.buffers === 0 && this.fd >= 0) {
      closeFd(this.fd);
      this.fd = -1;
    }
  }
}

function createPool(shm: WlShmResource, resource: WlShmPoolResource, fd: number, size: number): void {
  const pool = new ShmPool(fd, size);
  resource.onDestroy(() => {
    pool.destroyed = true;
    pool.maybeClose();
  });
  if (size <= 0) {
    closeFd(fd);
    pool.fd = -1;
    throw shm.error(WlShmError.InvalidStride, `invalid pool size ${size}`);
  }
  let actual: number;
  try {
    actual = fileSize(fd);
  } catch {
    throw shm.error(WlShmError.InvalidFd, 'the pool fd is not a file that can be sized');
  }
  // A file shorter than the pool is accepted (as libwayland does); buffers beyond its end are
  // refused when committed, with invalid_fd on the buffer.
  if (actual >= size && ensureShrinkSeal(fd)) {
    try {
      pool.map = mapShared(fd, size, false);
    } catch {
      throw shm.error(WlShmError.InvalidFd, 'the pool fd cannot be mapped');
    }
  }
  resource.setHandler({
    createBuffer: (r, id, offset, width, height, stride, format) => {
      const info = pixelFormatInfo(format);
      if (!info) throw r.error(WlShmError.InvalidFormat, `unsupported format 0x${format.toString(16)}`);
      if (
        offset < 0 ||
        width <= 0 ||
        height <= 0 ||
        stride < width * info.bytesPerPixel ||
        offset + stride * height > pool.size
      )
        throw r.error(
          WlShmError.InvalidStride,
          `invalid buffer ${width}x${height} stride ${stride} at offset ${offset} in a pool of ${pool.size} bytes`,
        );
      const buffer = new ShmBuffer(id, pool, offset, width, height, stride, info);
      pool.buffers++;
      id.onDestroy(() => {
        pool.buffers--;
        pool.maybeClose();
      });
      registerSurfaceBuffer(id, buffer);
    },
    resize: (r, size) => {
      if (size < pool.size)
        throw r.error(WlShmError.InvalidStride, `pools can only grow (${pool.size} to ${size})`);
      if (size === pool.size) return;
      let actual = 0;
      try {
        actual = fileSize(pool.fd);
      } catch {
        actual = 0;
      }
      pool.size = size;
      // Buffers read through `pool.map` at draw time, so they see the new mapping at once. A
      // file too short to map goes on through pread, where reads past its end come back short.
      if (pool.map) pool.map = actual >= size ? mapShared(pool.fd, size, false) : null;
    },
  });
}

class ShmBuffer implements SurfaceBuffer {
  private copy: Buffer | null = null;
  /** Committed and not yet released: one release per commit. */
  private held = false;
  readonly hasAlpha: boolean;

  constructor(
    readonly resource: WlBufferResource,
    private readonly pool: ShmPool,
    private readonly offset: number,
    readonly width: number,
    readonly height: number,
    private readonly stride: number,
    private readonly info: PixelFormatInfo,
  ) {
    this.hasAlpha = info.hasAlpha;
  }

  committed(damage: Region): boolean {
    this.held = true;
    if (this.pool.map) return false;
    // Unsealed pool: copy the damaged rows now, then the client may reuse its buffer.
    if (!this.copy) {
      this.copy = Buffer.alloc(this.stride * this.height);
      damage.add({ x: 0, y: 0, width: this.width, height: this.height });
    }
    const e = damage.extents();
    const y0 = Math.max(0, e.y);
    const y1 = Math.min(this.height, e.y + e.height);
    if (y1 > y0 && this.pool.fd >= 0) {
      const start = y0 * this.stride;
      const len = (y1 - y0) * this.stride;
      const n = preadFd(this.pool.fd, this.copy.subarray(start, start + len), len, this.offset + start);
      // A pool that shrank under us reads short: the rest stays as it was.
      if (n < len) this.copy.fill(0, start + Math.max(0, n), start + len);
    }
    return true;
  }

  /** Refuses a buffer whose bytes lie beyond the end of its (unmapped) file. */
  checkReadable(): void {
    if (this.pool.map || this.pool.fd < 0) return;
    let size = 0;
    try {
      size = fileSize(this.pool.fd);
    } catch {
      size = 0;
    }
    const end = this.offset + this.stride * this.height;
    if (size < end)
      throw this.resource.error(
        WlShmError.InvalidFd,
        `buffer ends at byte ${end} but its pool file has only ${size} bytes`,
      );
  }

  image(): SourceImage | null {
    const base = { width: this.width, height: this.height, stride: this.stride, format: this.info.code };
    if (this.copy) return { data: this.copy, ...base };
    const map = this.pool.map;
    if (!map) return null;
    return { data: map.subarray(this.offset, this.offset + this.stride * this.height), ...base };
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    if (!this.resource.destroyed) this.resource.sendRelease();
  }
}
