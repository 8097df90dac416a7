import type { WpViewportResource, WpViewporterResource } from '../../../protos/gen/server/viewporter.js';
import { WpViewportError, WpViewporterError } from '../../../protos/gen/spec/viewporter.js';
import { guestSurfaceOf, type GuestSurface } from '../surface/guest-surface.js';

/**
 * wp_viewporter, served by sommelier itself. A surface can have only one viewport, and
 * sommelier needs the host one to scale the surface, so the guest's viewport is virtual: its
 * source and destination are kept with the surface and folded into the host viewport at commit
 * (surface/surface-commit.ts). Offered when the host has wp_viewporter.
 */
export function bindViewporter(guest: WpViewporterResource): void {
  guest.setHandler({
    getViewport: (r, id, surface) => {
      const gs = guestSurfaceOf(surface);
      if (!gs) throw new Error(`${surface} is not a relayed surface`);
      if (gs.hasViewport)
        throw r.error(WpViewporterError.ViewportExists, `${surface} already has a viewport`);
      relayViewport(id, gs);
    },
  });
}

function relayViewport(guest: WpViewportResource, gs: GuestSurface): void {
  gs.hasViewport = true;
  const pending = gs.pendingViewport;
  const live = (r: WpViewportResource): void => {
    if (gs.resource.destroyed)
      throw r.error(WpViewportError.NoSurface, 'the surface of this viewport is gone');
  };
  guest.onDestroy(() => {
    gs.hasViewport = false;
    // Destroying the viewport removes its effect at the surface's next commit.
    pending.source = null;
    pending.destination = null;
  });
  guest.setHandler({
    setSource: (r, x, y, w, h) => {
      live(r);
      if (x === -1 && y === -1 && w === -1 && h === -1) {
        pending.source = null;
        return;
      }
      if (x < 0 || y < 0 || w <= 0 || h <= 0)
        throw r.error(WpViewportError.BadValue, `invalid source ${x},${y} ${w}x${h}`);
      pending.source = [x, y, w, h];
    },
    setDestination: (r, w, h) => {
      live(r);
      if (w === -1 && h === -1) {
        pending.destination = null;
        return;
      }
      if (w <= 0 || h <= 0) throw r.error(WpViewportError.BadValue, `invalid destination ${w}x${h}`);
      pending.destination = [w, h];
    },
  });
}
