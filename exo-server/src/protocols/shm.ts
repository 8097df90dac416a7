import { WlBufferResource, WlShmPoolResource, WlShmResource } from '../../../protos/gen/server/wayland.js';
import { WlShmError } from '../../../protos/gen/spec/wayland.js';
import type { Region } from '../../../compositor/src/geometry/region.js';
import { fileSize } from '../../../compositor/src/native/shared-memory.js';
import { ShmPool, shmBufferError } from '../../../compositor/src/shm/shm-pool.js';
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

function createPool(shm: WlShmResource, resource: WlShmPoolResource, fd: number, size: number): void {
  const pool = new ShmPool(fd, size);
  resource.onDestroy(() => pool.destroy());
  if (size <= 0) throw shm.error(WlShmError.InvalidStride, `invalid pool size ${size}`);
  let actual: number;
  try {
    actual = fileSize(fd);
  } catch {
    throw shm.error(WlShmError.InvalidFd, 'the pool fd is not a file that can be sized');
  }
  // A file shorter than the pool is accepted (as libwayland does); buffers beyond its end are
  // refused when committed, with invalid_fd on the buffer.
  if (actual >= size) {
    try {
      pool.mapIfSealable();
    } catch {
      throw shm.error(WlShmError.InvalidFd, 'the pool fd cannot be mapped');
    }
  }
  resource.setHandler({
    createBuffer: (r, id, offset, width, height, stride, format) => {
      const info = pixelFormatInfo(format);
      if (!info) throw r.error(WlShmError.InvalidFormat, `unsupported format 0x${format.toString(16)}`);
      const bad = shmBufferError(offset, width, height, stride, info.bytesPerPixel, pool.size);
      if (bad) throw r.error(WlShmError.InvalidStride, bad);
      const buffer = new ShmBuffer(id, pool, offset, width, height, stride, info);
      pool.addBuffer();
      id.onDestroy(() => pool.removeBuffer());
      registerSurfaceBuffer(id, buffer);
    },
    resize: (r, size) => {
      if (size < pool.size)
        throw r.error(WlShmError.InvalidStride, `pools can only grow (${pool.size} to ${size})`);
      // Buffers read through `pool.map` at draw time, so they see the new mapping at once.
      if (size > pool.size) pool.grow(size);
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
    if (y1 > y0) {
      const start = y0 * this.stride;
      // A pool that shrank under us reads short: the rest comes back as zeros.
      this.pool.read(this.copy, start, this.offset + start, (y1 - y0) * this.stride);
    }
    return true;
  }

  /** Refuses a buffer whose bytes lie beyond the end of its (unmapped) file. */
  checkReadable(): void {
    if (this.pool.map || this.pool.fd < 0) return;
    const size = this.pool.fileSize();
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
