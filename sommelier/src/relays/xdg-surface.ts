import { WlSeatProxy } from '../../../protos/gen/client/wayland.js';
import {
  XdgPositionerProxy,
  XdgSurfaceProxy,
  type XdgPopupProxy,
} from '../../../protos/gen/client/xdg-shell.js';
import type { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import type { XdgPopupResource, XdgSurfaceResource } from '../../../protos/gen/server/xdg-shell.js';
import type { Session } from '../session/session.js';
import { guestSurfaceOf, type GuestSurface } from '../surface/guest-surface.js';
import { relayToplevel } from './xdg-toplevel.js';

/** Serials of configures sommelier makes itself count down from here, far from the host's. */
const FIRST_OWN_SERIAL = 0xffffffff;

/**
 * The configure serials of one xdg_surface. Host configures pass with their serials; after a
 * scale change sommelier sends a configure of its own (the same state at the new size), whose
 * ack the host never sees: it acks the newest host configure the guest has not acked instead.
 */
export class ConfigureSerials {
  private own = FIRST_OWN_SERIAL;
  private readonly mine = new Set<number>();
  /** Host serials sent to the guest and not acked yet, oldest first. */
  private unacked: number[] = [];

  constructor(
    private readonly guest: XdgSurfaceResource,
    private readonly host: XdgSurfaceProxy,
  ) {}

  hostConfigure(serial: number): void {
    this.unacked.push(serial);
    this.guest.sendConfigure(serial);
  }

  /** Ends a configure sequence sommelier made (the role's events are sent already). */
  ownConfigure(): void {
    const serial = this.own--;
    this.mine.add(serial);
    this.guest.sendConfigure(serial);
  }

  ack(serial: number): void {
    if (this.mine.delete(serial)) {
      const last = this.unacked.at(-1);
      this.unacked = [];
      if (last !== undefined) this.host.ackConfigure(last);
      return;
    }
    const i = this.unacked.indexOf(serial);
    if (i >= 0) this.unacked.splice(0, i + 1);
    this.host.ackConfigure(serial);
  }
}

/**
 * xdg_surface: window geometry is in surface coordinates, so it scales; it applies at commit,
 * so it is sent then, at the scale of that commit.
 */
export function relayXdgSurface(
  s: Session,
  guest: XdgSurfaceResource,
  host: XdgSurfaceProxy,
  surface: WlSurfaceResource,
): void {
  s.link(guest, host);
  const gs = guestSurfaceOf(surface);
  const serials = new ConfigureSerials(guest, host);
  let geometry: [number, number, number, number] | null = null;
  let pending = false;
  const hook = (rescaled: boolean): void => {
    if (!geometry || (!pending && !rescaled)) return;
    pending = false;
    host.setWindowGeometry(...s.scale.rectToHost(...geometry));
  };
  gs?.commitHooks.add(hook);
  guest.onDestroy(() => gs?.commitHooks.delete(hook));
  guest.setHandler({
    destroy: () => host.destroy(),
    getToplevel: (_r, id) => relayToplevel(s, id, host.getToplevel(), serials, gs),
    getPopup: (_r, id, parent, positioner) =>
      relayPopup(
        s,
        id,
        host.getPopup(s.hostOfOrNull(parent, XdgSurfaceProxy), s.hostOf(positioner, XdgPositionerProxy)),
        gs,
      ),
    setWindowGeometry: (_r, x, y, w, h) => {
      geometry = [x, y, w, h];
      pending = true;
      if (gs) gs.dirty = true;
      else host.setWindowGeometry(...s.scale.rectToHost(x, y, w, h));
    },
    ackConfigure: (_r, serial) => serials.ack(serial),
  });
  host.on({ configure: (serial) => serials.hostConfigure(serial) });
}

/**
 * xdg_popup: its position relative to the parent and its size come back divided by the scale.
 * A popup placed at the old scale is dismissed when the scale changes (menus close; the next
 * one is placed at the new scale).
 */
function relayPopup(s: Session, guest: XdgPopupResource, host: XdgPopupProxy, gs?: GuestSurface): void {
  s.link(guest, host);
  const sc = s.scale;
  let done = false;
  s.onRescale(guest, () => {
    if (done) return;
    done = true;
    guest.sendPopupDone();
  });
  // Its tree is not committed by sommelier: it goes away.
  if (gs) gs.sizeLocked = true;
  guest.setHandler({
    destroy: () => host.destroy(),
    grab: (_r, seat, serial) => host.grab(s.hostOf(seat, WlSeatProxy), serial),
    reposition: (_r, positioner, token) => host.reposition(s.hostOf(positioner, XdgPositionerProxy), token),
  });
  host.on({
    configure: (x, y, w, h) =>
      guest.sendConfigure(sc.toGuest(x), sc.toGuest(y), sc.extentToGuest(w), sc.extentToGuest(h)),
    popupDone: () => {
      if (done) return;
      done = true;
      guest.sendPopupDone();
    },
    repositioned: (token) => {
      if (guest.version >= 3) guest.sendRepositioned(token);
    },
  });
}
