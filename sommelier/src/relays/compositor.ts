import { WlCompositorProxy, type WlRegionProxy } from '../../../protos/gen/client/wayland.js';
import type { WlCompositorResource, WlRegionResource } from '../../../protos/gen/server/wayland.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';
import { relaySurface } from '../surface/guest-surface.js';

/** wl_compositor: surfaces (see surface/guest-surface.ts) and regions, created on the host as they come. */
export function bindCompositor(s: Session, guest: WlCompositorResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, WlCompositorProxy, guest.version));
  guest.setHandler({
    createSurface: (_r, id) => void relaySurface(s, id, host.createSurface()),
    createRegion: (_r, id) => relayRegion(s, id, host.createRegion()),
  });
}

/** wl_region: rectangles in surface coordinates, scaled to the host's. */
function relayRegion(s: Session, guest: WlRegionResource, host: WlRegionProxy): void {
  s.link(guest, host);
  guest.setHandler({
    destroy: () => host.destroy(),
    add: (_r, x, y, w, h) => host.add(...s.scale.rectToHost(x, y, w, h)),
    subtract: (_r, x, y, w, h) => host.subtract(...s.scale.rectToHost(x, y, w, h)),
  });
}
