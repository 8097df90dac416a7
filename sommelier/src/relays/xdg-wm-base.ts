import { WlSurfaceProxy } from '../../../protos/gen/client/wayland.js';
import { XdgWmBaseProxy, type XdgPositionerProxy } from '../../../protos/gen/client/xdg-shell.js';
import type { XdgPositionerResource, XdgWmBaseResource } from '../../../protos/gen/server/xdg-shell.js';
import { XdgPositionerError } from '../../../protos/gen/spec/xdg-shell.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';
import { relayXdgSurface } from './xdg-surface.js';

/**
 * xdg_wm_base. Pings go to the guest and its pongs back: with one host connection per guest
 * client, the host's "not responding" is about that client, not about sommelier.
 */
export function bindXdgWmBase(s: Session, guest: XdgWmBaseResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, XdgWmBaseProxy, guest.version));
  s.noteShell();
  guest.setHandler({
    destroy: () => host.destroy(),
    createPositioner: (_r, id) => relayPositioner(s, id, host.createPositioner()),
    getXdgSurface: (_r, id, surface) =>
      relayXdgSurface(s, id, host.getXdgSurface(s.hostOf(surface, WlSurfaceProxy)), surface),
    pong: (_r, serial) => host.pong(serial),
  });
  host.on({ ping: (serial) => guest.sendPing(serial) });
}

/** xdg_positioner: every size, rectangle and offset is in guest surface coordinates, so it scales. */
function relayPositioner(s: Session, guest: XdgPositionerResource, host: XdgPositionerProxy): void {
  s.link(guest, host);
  const sc = s.scale;
  guest.setHandler({
    destroy: () => host.destroy(),
    setSize: (r, w, h) => {
      if (w <= 0 || h <= 0) throw r.error(XdgPositionerError.InvalidInput, `invalid size ${w}x${h}`);
      host.setSize(sc.sizeToHost(w), sc.sizeToHost(h));
    },
    setAnchorRect: (r, x, y, w, h) => {
      if (w < 0 || h < 0)
        throw r.error(XdgPositionerError.InvalidInput, `invalid anchor rect size ${w}x${h}`);
      host.setAnchorRect(...sc.rectToHost(x, y, w, h));
    },
    setAnchor: (_r, anchor) => host.setAnchor(anchor),
    setGravity: (_r, gravity) => host.setGravity(gravity),
    setConstraintAdjustment: (_r, adj) => host.setConstraintAdjustment(adj),
    setOffset: (_r, x, y) => host.setOffset(sc.toHost(x), sc.toHost(y)),
    setReactive: () => host.setReactive(),
    setParentSize: (_r, w, h) => host.setParentSize(sc.sizeToHost(w), sc.sizeToHost(h)),
    setParentConfigure: (_r, serial) => host.setParentConfigure(serial),
  });
}
