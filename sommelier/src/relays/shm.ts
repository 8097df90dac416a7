import type {
  WlBufferResource,
  WlShmPoolResource,
  WlShmResource,
} from '../../../protos/gen/server/wayland.js';
import { WlShmError } from '../../../protos/gen/spec/wayland.js';
import { fileSize } from '../../../compositor/src/native/shared-memory.js';
import { ShmPool, shmBufferError } from '../../../compositor/src/shm/shm-pool.js';
import { bytesPerPixel } from '../shadow/shm-formats.js';
import { shadowStats } from '../shadow/stats.js';

/** Largest guest buffer sommelier will shadow (a 8192×8192 ARGB buffer). */
const MAX_BUFFER_BYTES = 256 * 1024 * 1024;

/** Reads a guest pool, counting reads that came back short (a guest that truncated its file). */
export function readGuestPool(pool: ShmPool, dst: Buffer, dstOff: number, srcOff: number, len: number): void {
  if (pool.read(dst, dstOff, srcOff, len) < len && !pool.map) shadowStats.shortReads++;
}

/** A guest wl_buffer: a rectangle of a guest pool, shadowed on the host at commit. */
export class GuestShmBuffer {
  constructor(
    readonly resource: WlBufferResource,
    readonly pool: ShmPool,
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
  // Guest pools never leave the guest: sommelier reads them when a buffer is committed.
  const pool = new ShmPool(fd, size);
  resource.onDestroy(() => pool.destroy());
  if (size <= 0) throw shm.error(WlShmError.InvalidStride, `invalid pool size ${size}`);
  let actual: number;
  try {
    actual = fileSize(fd);
  } catch {
    throw shm.error(WlShmError.InvalidFd, 'the pool fd is not a file that can be sized');
  }
  if (actual < size)
    throw shm.error(WlShmError.InvalidFd, `pool of ${size} bytes on a file of ${actual} bytes`);
  try {
    pool.mapIfSealable();
  } catch {
    pool.map = null; // read it with pread instead
  }
  resource.setHandler({
    createBuffer: (r, id, offset, width, height, stride, format) => {
      const bpp = bytesPerPixel(format);
      if (bpp === undefined)
        throw r.error(WlShmError.InvalidFormat, `unsupported format 0x${format.toString(16)}`);
      const bad = shmBufferError(offset, width, height, stride, bpp, pool.size);
      if (bad) throw r.error(WlShmError.InvalidStride, bad);
      if (stride * height > MAX_BUFFER_BYTES)
        throw r.error(WlShmError.InvalidStride, `buffer of ${stride * height} bytes is too large`);
      buffers.set(id, new GuestShmBuffer(id, pool, offset, width, height, stride, format));
      pool.addBuffer();
      id.onDestroy(() => pool.removeBuffer());
      id.setHandler({});
    },
    resize: (r, newSize) => {
      if (newSize < pool.size)
        throw r.error(WlShmError.InvalidStride, `pools can only grow (${pool.size} to ${newSize})`);
      if (newSize === pool.size) return;
      const actual = pool.fileSize();
      if (actual < newSize)
        throw r.error(WlShmError.InvalidFd, `resize to ${newSize} bytes but the file has ${actual}`);
      pool.grow(newSize);
    },
  });
}
