import {
  WlSubcompositorProxy,
  WlSurfaceProxy,
  type WlSubsurfaceProxy,
} from '../../../protos/gen/client/wayland.js';
import type { WlSubcompositorResource, WlSubsurfaceResource } from '../../../protos/gen/server/wayland.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';

/** wl_subcompositor and wl_subsurface: positions are in parent surface coordinates, so they scale. */
export function bindSubcompositor(s: Session, guest: WlSubcompositorResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, WlSubcompositorProxy, guest.version));
  guest.setHandler({
    destroy: () => host.destroy(),
    getSubsurface: (_r, id, surface, parent) =>
      relaySubsurface(
        s,
        id,
        host.getSubsurface(s.hostOf(surface, WlSurfaceProxy), s.hostOf(parent, WlSurfaceProxy)),
      ),
  });
}

function relaySubsurface(s: Session, guest: WlSubsurfaceResource, host: WlSubsurfaceProxy): void {
  s.link(guest, host);
  guest.setHandler({
    destroy: () => host.destroy(),
    setPosition: (_r, x, y) => host.setPosition(s.scale.toHost(x), s.scale.toHost(y)),
    placeAbove: (_r, sibling) => host.placeAbove(s.hostOf(sibling, WlSurfaceProxy)),
    placeBelow: (_r, sibling) => host.placeBelow(s.hostOf(sibling, WlSurfaceProxy)),
    setSync: () => host.setSync(),
    setDesync: () => host.setDesync(),
  });
}
