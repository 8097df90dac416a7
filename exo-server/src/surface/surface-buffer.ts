import type { WlBufferResource } from '../../../protos/gen/server/wayland.js';
import type { Region } from '../../../compositor/src/geometry/region.js';

/** Pixels the renderer can read: `format` is a wl_shm format code. */
export interface SourceImage {
  data: Uint8Array;
  width: number;
  height: number;
  stride: number;
  format: number;
}

/**
 * A client buffer as a surface sees it. Implemented by wl_shm buffers (and later others).
 * A surface holds the buffer it shows until another one replaces it, then releases it.
 */
export interface SurfaceBuffer {
  readonly resource: WlBufferResource;
  readonly width: number;
  readonly height: number;
  /** Whether the format carries alpha (an opaque format needs no blending). */
  readonly hasAlpha: boolean;
  /**
   * Called when a commit makes this buffer current, with the damaged buffer rows. Buffers
   * that cannot be read safely later (pools we could not seal) copy those rows now.
   * Returns true when the client may reuse the buffer at once (it can be released now).
   */
  committed(damage: Region): boolean;
  /** Throws a protocol error if the buffer's memory cannot be read (checked when committed). */
  checkReadable?(): void;
  /** The pixels to draw, or null if they cannot be read. */
  image(): SourceImage | null;
  /** Tells the client we are done with it (wl_buffer.release), once per commit. */
  release(): void;
}

const buffers = new WeakMap<WlBufferResource, SurfaceBuffer>();

/** Links a wl_buffer resource to its implementation, so wl_surface.attach can find it. */
export function registerSurfaceBuffer(resource: WlBufferResource, buffer: SurfaceBuffer): void {
  buffers.set(resource, buffer);
}

export function surfaceBufferOf(resource: WlBufferResource): SurfaceBuffer | undefined {
  return buffers.get(resource);
}
