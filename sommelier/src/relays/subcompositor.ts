import {
  WlSubcompositorProxy,
  WlSurfaceProxy,
  type WlSubsurfaceProxy,
} from '../../../protos/gen/client/wayland.js';
import type {
  WlSubcompositorResource,
  WlSubsurfaceResource,
  WlSurfaceResource,
} from '../../../protos/gen/server/wayland.js';
import { guestSurfaceOf } from '../surface/guest-surface.js';
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
        surface,
        parent,
      ),
  });
}

/**
 * A subsurface's position applies at its parent's next commit, so it is sent then, converted
 * at the scale of that commit (and sent again when the scale changed).
 */
function relaySubsurface(
  s: Session,
  guest: WlSubsurfaceResource,
  host: WlSubsurfaceProxy,
  surface: WlSurfaceResource,
  parent: WlSurfaceResource,
): void {
  s.link(guest, host);
  const child = guestSurfaceOf(surface);
  const gp = guestSurfaceOf(parent);
  let position: [number, number] = [0, 0];
  let pending = false;
  const hook = (rescaled: boolean): void => {
    if (!pending && !rescaled) return;
    pending = false;
    host.setPosition(s.scale.toHost(position[0]), s.scale.toHost(position[1]));
  };
  if (child && gp) {
    child.parent = gp;
    gp.children.add(child);
    gp.commitHooks.add(hook);
  }
  guest.onDestroy(() => {
    gp?.commitHooks.delete(hook);
    if (child && child.parent === gp) child.parent = null;
    if (child) gp?.children.delete(child);
  });
  guest.setHandler({
    destroy: () => host.destroy(),
    setPosition: (_r, x, y) => {
      position = [x, y];
      pending = true;
      if (gp) gp.dirty = true;
      else host.setPosition(s.scale.toHost(x), s.scale.toHost(y));
    },
    placeAbove: (_r, sibling) => host.placeAbove(s.hostOf(sibling, WlSurfaceProxy)),
    placeBelow: (_r, sibling) => host.placeBelow(s.hostOf(sibling, WlSurfaceProxy)),
    setSync: () => host.setSync(),
    setDesync: () => host.setDesync(),
  });
}
