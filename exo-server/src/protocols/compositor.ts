import {
  WlCompositorResource,
  WlRegionResource,
  WlSurfaceResource,
} from '../../../protos/gen/server/wayland.js';
import { WlSurfaceError, wlOutputTransformValid } from '../../../protos/gen/spec/wayland.js';
import { Region } from '../../../compositor/src/geometry/region.js';
import { DisplayError } from '../../../compositor/src/server/protocol-error.js';
import type { Exo } from '../exo.js';
import { surfaceBufferOf } from '../surface/surface-buffer.js';
import { Surface } from '../surface/surface.js';
import { MAX_DAMAGE_RECTS } from '../surface/surface-state.js';

/**
 * A wl_region beyond this many boxes becomes a coarser region that covers it, as damage does
 * (MAX_DAMAGE_RECTS): region operations cost time in the number of boxes, and scattered
 * rectangles added one by one would keep the server busy for seconds. An exact shape needs far
 * fewer (one box per scanline of a disc).
 */
const MAX_REGION_RECTS = 2048;

const surfaces = new WeakMap<WlSurfaceResource, Surface>();
const regions = new WeakMap<WlRegionResource, Region>();

/** The Surface behind a wl_surface resource (every wl_surface has one). */
export function surfaceFromResource(resource: WlSurfaceResource): Surface {
  const s = surfaces.get(resource);
  if (!s) throw resource.error(DisplayError.invalidObject, 'not a surface of this compositor');
  return s;
}

export function regionFromResource(resource: WlRegionResource): Region {
  return regions.get(resource) ?? Region.empty();
}

/** wl_compositor (v6): creates surfaces and regions. */
export function registerCompositor(exo: Exo): void {
  exo.display.createGlobal(WlCompositorResource, 6, (compositor) => {
    compositor.setHandler({
      createSurface: (_r, id) => createSurface(exo, id),
      createRegion: (_r, id) => createRegion(id),
    });
  });
}

function createRegion(resource: WlRegionResource): void {
  const region = Region.empty();
  regions.set(resource, region);
  resource.setHandler({
    add: (_r, x, y, width, height) => {
      if (width > 0 && height > 0) region.add({ x, y, width, height }).simplify(MAX_REGION_RECTS);
    },
    subtract: (_r, x, y, width, height) => {
      if (width > 0 && height > 0) region.subtract({ x, y, width, height }).simplify(MAX_REGION_RECTS);
    },
  });
}

function createSurface(exo: Exo, resource: WlSurfaceResource): void {
  const surface = new Surface(resource, exo);
  surfaces.set(resource, surface);
  resource.onDestroy(() => surface.destroy());
  const p = surface.pending;
  resource.setHandler({
    attach: (r, buffer, x, y) => {
      if (r.version >= 5 && (x !== 0 || y !== 0))
        throw r.error(WlSurfaceError.InvalidOffset, 'attach with a non-zero offset: use wl_surface.offset');
      if (buffer === null) {
        p.buffer = null;
      } else {
        const b = surfaceBufferOf(buffer);
        if (!b)
          throw r.error(
            DisplayError.invalidObject,
            `wl_buffer#${buffer.id} is not a buffer this compositor can show`,
          );
        p.buffer = b;
      }
      p.dx = x;
      p.dy = y;
    },
    offset: (_r, x, y) => {
      p.dx = x;
      p.dy = y;
    },
    damage: (_r, x, y, width, height) => {
      if (width > 0 && height > 0) p.damage.add({ x, y, width, height }).simplify(MAX_DAMAGE_RECTS);
    },
    damageBuffer: (_r, x, y, width, height) => {
      if (width > 0 && height > 0) p.bufferDamage.add({ x, y, width, height }).simplify(MAX_DAMAGE_RECTS);
    },
    frame: (_r, callback) => {
      p.frameCallbacks.push(callback);
    },
    setOpaqueRegion: (_r, region) => {
      p.opaque = region ? regionFromResource(region).clone() : Region.empty();
    },
    setInputRegion: (_r, region) => {
      p.input = region ? regionFromResource(region).clone() : null;
    },
    setBufferTransform: (r, transform) => {
      if (!wlOutputTransformValid(transform, 4))
        throw r.error(
          WlSurfaceError.InvalidTransform,
          `buffer transform ${transform} is not a wl_output.transform value`,
        );
      p.transform = transform;
    },
    setBufferScale: (r, scale) => {
      if (scale < 1) throw r.error(WlSurfaceError.InvalidScale, `buffer scale ${scale} is below 1`);
      p.scale = scale;
    },
    commit: () => {
      p.buffer?.checkReadable?.();
      surface.commit();
    },
  });
  exo.surfaceCreated(surface);
}
