import {
  WpFractionalScaleManagerV1Resource,
  type WpFractionalScaleV1Resource,
} from '../../../protos/gen/server/fractional-scale-v1.js';
import { WpFractionalScaleManagerV1Error } from '../../../protos/gen/spec/fractional-scale-v1.js';
import type { Exo } from '../exo.js';
import type { Surface } from '../surface/surface.js';
import { surfaceFromResource } from './compositor.js';

/** The preferred_scale value for an output scale: the scale in 120ths. */
export function preferredScale120(scale: number): number {
  return Math.round(scale * 120);
}

/**
 * wp_fractional_scale_manager_v1 (v1): tells each surface that asks the output's fractional
 * scale, so clients can render at 1.25 or 1.5 (with wp_viewport) instead of the next integer.
 * There is one output, so every surface prefers its scale, from creation and on every change.
 */
export function registerFractionalScale(exo: Exo): void {
  const objects = new Map<Surface, WpFractionalScaleV1Resource>();

  exo.output.onChange(() => {
    const value = preferredScale120(exo.output.scale);
    for (const r of objects.values()) r.sendPreferredScale(value);
  });

  exo.display.createGlobal(WpFractionalScaleManagerV1Resource, 1, (manager) => {
    manager.setHandler({
      getFractionalScale: (r, id, surfaceResource) => {
        const surface = surfaceFromResource(surfaceResource);
        if (objects.has(surface))
          throw r.error(
            WpFractionalScaleManagerV1Error.FractionalScaleExists,
            `wl_surface#${surfaceResource.id} already has a wp_fractional_scale_v1: destroy it before getting another`,
          );
        objects.set(surface, id);
        const forget = (): void => {
          if (objects.get(surface) === id) objects.delete(surface);
        };
        id.onDestroy(forget);
        // Once the surface is gone the object is inert: no more events.
        surface.onDestroy(forget);
        id.setHandler({});
        id.sendPreferredScale(preferredScale120(exo.output.scale));
      },
    });
  });
}
