import { closeFd } from '../native/libc.js';
import { ensureShrinkSeal, fileSize, mapShared, preadFd } from '../native/shared-memory.js';

/**
 * The server side of a wl_shm_pool, shared by exo and sommelier: client memory behind an fd.
 * A pool whose file could be sealed against shrinking is mapped and read in place (reads can
 * never fault); any other is read with pread, which comes back short instead of raising SIGBUS.
 * The fd stays open while the pool or any of its buffers lives.
 */
export class ShmPool {
  /** The mapping (sealed pools), or null (pread pools). */
  map: Buffer | null = null;
  private buffers = 0;
  private destroyed = false;

  constructor(
    public fd: number,
    public size: number,
  ) {}

  /** The current size of the pool's file, or 0 when it cannot be sized. */
  fileSize(): number {
    try {
      return this.fd >= 0 ? fileSize(this.fd) : 0;
    } catch {
      return 0;
    }
  }

  /** Maps the pool when its file is (or can now be) sealed against shrinking; mmap errors are thrown. */
  mapIfSealable(): void {
    if (ensureShrinkSeal(this.fd)) this.map = mapShared(this.fd, this.size, false);
  }

  /**
   * Grows the pool (the caller checked the new size). A mapped pool is remapped when its file is
   * long enough; otherwise it goes on through pread, where reads past the file's end are short.
   */
  grow(size: number): void {
    const actual = this.fileSize();
    this.size = size;
    if (!this.map) return;
    try {
      this.map = actual >= size ? mapShared(this.fd, size, false) : null;
    } catch {
      this.map = null;
    }
  }

  /** Copies `len` bytes at `srcOff` into `dst[dstOff..]`; returns how many could be read (the rest become 0). */
  read(dst: Uint8Array, dstOff: number, srcOff: number, len: number): number {
    let n = 0;
    if (this.map) {
      n = Math.max(0, Math.min(srcOff + len, this.map.byteLength) - srcOff);
      if (n > 0) dst.set(this.map.subarray(srcOff, srcOff + n), dstOff);
    } else if (this.fd >= 0) {
      try {
        n = Math.max(0, preadFd(this.fd, dst.subarray(dstOff, dstOff + len), len, srcOff));
      } catch {
        n = 0;
      }
    }
    if (n < len) dst.fill(0, dstOff + n, dstOff + len);
    return n;
  }

  /** A buffer was created in the pool: it keeps the fd open. */
  addBuffer(): void {
    this.buffers++;
  }

  removeBuffer(): void {
    this.buffers--;
    this.maybeClose();
  }

  /** The wl_shm_pool object is gone; the fd closes with the last buffer. */
  destroy(): void {
    this.destroyed = true;
    this.maybeClose();
  }

  private maybeClose(): void {
    if (this.destroyed && this.buffers === 0 && this.fd >= 0) {
      // The mapping stays: a surface may still show a buffer whose wl_buffer is gone.
      closeFd(this.fd);
      this.fd = -1;
    }
  }
}

/** Why a wl_shm_pool.create_buffer is invalid for a pool of `poolSize` bytes, or null if it is fine. */
export function shmBufferError(
  offset: number,
  width: number,
  height: number,
  stride: number,
  bytesPerPixel: number,
  poolSize: number,
): string | null {
  if (
    offset < 0 ||
    width <= 0 ||
    height <= 0 ||
    stride < width * bytesPerPixel ||
    offset + stride * height > poolSize
  )
    return `invalid buffer ${width}x${height} stride ${stride} at offset ${offset} in a pool of ${poolSize} bytes`;
  return null;
}
