import { WpViewporterResource, type WpViewportResource } from '../../../protos/gen/server/viewporter.js';
import type { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import { WpViewportError, WpViewporterError } from '../../../protos/gen/spec/viewporter.js';
import type { Exo } from '../exo.js';
import type { SurfaceState } from '../surface/surface-state.js';
import type { Surface } from '../surface/surface.js';
import { surfaceFromResource } from './compositor.js';

/** Surfaces that have a live wp_viewport (at most one each). */
const viewports = new WeakMap<Surface, WpViewportResource>();

/**
 * wp_viewporter (v1): crop (source rectangle) and scale (destination size) of a surface. The
 * state is double-buffered in the surface's pending state; Surface applies it and sizes the
 * surface; the renderer crops and scales.
 */
export function registerViewporter(exo: Exo): void {
  exo.display.createGlobal(WpViewporterResource, 1, (viewporter) => {
    viewporter.setHandler({
      getViewport: (r, id, surfaceResource) => createViewport(r, id, surfaceResource),
    });
  });
}

function createViewport(
  viewporter: WpViewporterResource,
  viewport: WpViewportResource,
  surfaceResource: WlSurfaceResource,
): void {
  const surface = surfaceFromResource(surfaceResource);
  if (viewports.has(surface))
    throw viewporter.error(
      WpViewporterError.ViewportExists,
      `wl_surface#${surfaceResource.id} already has a wp_viewport: destroy it before getting another`,
    );
  viewports.set(surface, viewport);
  const check = (pending: SurfaceState): void => checkCommit(viewport, surface, pending);
  surface.precommitChecks.push(check);

  const detach = (): void => {
    const i = surface.precommitChecks.indexOf(check);
    if (i >= 0) surface.precommitChecks.splice(i, 1);
    if (viewports.get(surface) === viewport) viewports.delete(surface);
  };
  // The surface is gone: the viewport stays as an object, but every request but destroy fails.
  surface.onDestroy(detach);

  const live = (): Surface => {
    if (surface.destroyed)
      throw viewport.error(
        WpViewportError.NoSurface,
        'its wl_surface was destroyed; only destroy is allowed now',
      );
    return surface;
  };

  viewport.onDestroy(() => {
    if (!surface.destroyed) {
      // Destroying the viewport removes crop and scale at the next commit.
      surface.pending.viewportSource = null;
      surface.pending.viewportDestination = null;
    }
    detach();
  });

  viewport.setHandler({
    setSource: (r, x, y, width, height) => {
      const s = live();
      if (x === -1 && y === -1 && width === -1 && height === -1) {
        s.pending.viewportSource = null;
        return;
      }
      if (x < 0 || y < 0 || width <= 0 || height <= 0)
        throw r.error(
          WpViewportError.BadValue,
          `set_source(${x}, ${y}, ${width}, ${height}): x and y must be >= 0 and width and height > 0 (or all -1 to unset)`,
        );
      s.pending.viewportSource = { x, y, width, height };
    },
    setDestination: (r, width, height) => {
      const s = live();
      if (width === -1 && height === -1) {
        s.pending.viewportDestination = null;
        return;
      }
      if (width <= 0 || height <= 0)
        throw r.error(
          WpViewportError.BadValue,
          `set_destination(${width}, ${height}): width and height must be > 0 (or both -1 to unset)`,
        );
      s.pending.viewportDestination = { width, height };
    },
  });
}

/**
 * Checks the state a commit is about to apply: the source rectangle must lie inside the
 * buffer (in surface coordinates, after buffer transform and scale), and without a
 * destination its size must be whole pixels.
 */
function checkCommit(viewport: WpViewportResource, surface: Surface, pending: SurfaceState): void {
  const source = pending.viewportSource !== undefined ? pending.viewportSource : surface.viewportSource;
  const destination =
    pending.viewportDestination !== undefined ? pending.viewportDestination : surface.viewportDestination;
  const buffer = pending.buffer !== undefined ? pending.buffer : surface.buffer;
  if (!source || !buffer) return;
  if (!destination && (!Number.isInteger(source.width) || !Number.isInteger(source.height)))
    throw viewport.error(
      WpViewportError.BadSize,
      `source size ${source.width}x${source.height} is not whole pixels and no destination size is set`,
    );
  const scale = pending.scale ?? surface.bufferScale;
  const transform = pending.transform ?? surface.bufferTransform;
  const swap = (transform & 1) === 1;
  const width = (swap ? buffer.height : buffer.width) / scale;
  const height = (swap ? buffer.width : buffer.height) / scale;
  if (source.x + source.width > width || source.y + source.height > height)
    throw viewport.error(
      WpViewportError.OutOfBuffer,
      `source rectangle ${source.width}x${source.height}+${source.x}+${source.y} extends outside the ` +
        `buffer, which is ${width}x${height} in surface coordinates`,
    );
}
