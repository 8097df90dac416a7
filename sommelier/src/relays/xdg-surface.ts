import { WlSeatProxy } from '../../../protos/gen/client/wayland.js';
import {
  XdgPositionerProxy,
  XdgSurfaceProxy,
  type XdgPopupProxy,
} from '../../../protos/gen/client/xdg-shell.js';
import type { XdgPopupResource, XdgSurfaceResource } from '../../../protos/gen/server/xdg-shell.js';
import type { Session } from '../session/session.js';
import { relayToplevel } from './xdg-toplevel.js';

/** xdg_surface: window geometry is in surface coordinates, so it scales; configures pass as they are. */
export function relayXdgSurface(s: Session, guest: XdgSurfaceResource, host: XdgSurfaceProxy): void {
  s.link(guest, host);
  guest.setHandler({
    destroy: () => host.destroy(),
    getToplevel: (_r, id) => relayToplevel(s, id, host.getToplevel()),
    getPopup: (_r, id, parent, positioner) =>
      relayPopup(
        s,
        id,
        host.getPopup(s.hostOfOrNull(parent, XdgSurfaceProxy), s.hostOf(positioner, XdgPositionerProxy)),
      ),
    setWindowGeometry: (_r, x, y, w, h) => host.setWindowGeometry(...s.scale.rectToHost(x, y, w, h)),
    ackConfigure: (_r, serial) => host.ackConfigure(serial),
  });
  host.on({ configure: (serial) => guest.sendConfigure(serial) });
}

/** xdg_popup: its position relative to the parent and its size come back divided by the scale. */
function relayPopup(s: Session, guest: XdgPopupResource, host: XdgPopupProxy): void {
  s.link(guest, host);
  const sc = s.scale;
  guest.setHandler({
    destroy: () => host.destroy(),
    grab: (_r, seat, serial) => host.grab(s.hostOf(seat, WlSeatProxy), serial),
    reposition: (_r, positioner, token) => host.reposition(s.hostOf(positioner, XdgPositionerProxy), token),
  });
  host.on({
    configure: (x, y, w, h) =>
      guest.sendConfigure(sc.toGuest(x), sc.toGuest(y), sc.extentToGuest(w), sc.extentToGuest(h)),
    popupDone: () => guest.sendPopupDone(),
    repositioned: (token) => {
      if (guest.version >= 3) guest.sendRepositioned(token);
    },
  });
}
