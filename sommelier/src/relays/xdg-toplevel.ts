import { WlOutputProxy, WlSeatProxy } from '../../../protos/gen/client/wayland.js';
import { XdgToplevelProxy } from '../../../protos/gen/client/xdg-shell.js';
import type { XdgToplevelResource } from '../../../protos/gen/server/xdg-shell.js';
import type { Session } from '../session/session.js';

/**
 * The app id the host sees for a guest window: `GUEST:APP_ID`, e.g. `penguin:org.gnome.gedit`.
 * Guest names cannot contain ':' (see cli/options.ts), so the host splits at the first one. A
 * window whose app never sets an app id is still tagged: the host sees `GUEST:`.
 */
export function tagAppId(guestName: string, appId: string): string {
  return `${guestName}:${appId}`;
}

/**
 * xdg_toplevel: app ids are tagged with the guest's name; sizes (configure, bounds, min/max) and
 * the window menu position are converted between guest and host pixels.
 */
export function relayToplevel(s: Session, guest: XdgToplevelResource, host: XdgToplevelProxy): void {
  s.link(guest, host);
  const sc = s.scale;
  host.setAppId(tagAppId(s.guestName, ''));
  guest.setHandler({
    destroy: () => host.destroy(),
    setParent: (_r, parent) => host.setParent(s.hostOfOrNull(parent, XdgToplevelProxy)),
    setTitle: (_r, title) => host.setTitle(title),
    setAppId: (_r, appId) => {
      s.appIdSet(appId);
      host.setAppId(tagAppId(s.guestName, appId));
    },
    showWindowMenu: (_r, seat, serial, x, y) =>
      host.showWindowMenu(s.hostOf(seat, WlSeatProxy), serial, sc.toHost(x), sc.toHost(y)),
    move: (_r, seat, serial) => host.move(s.hostOf(seat, WlSeatProxy), serial),
    resize: (_r, seat, serial, edges) => host.resize(s.hostOf(seat, WlSeatProxy), serial, edges),
    setMaxSize: (_r, w, h) => host.setMaxSize(sc.sizeToHost(w), sc.sizeToHost(h)),
    setMinSize: (_r, w, h) => host.setMinSize(sc.sizeToHost(w), sc.sizeToHost(h)),
    setMaximized: () => host.setMaximized(),
    unsetMaximized: () => host.unsetMaximized(),
    setFullscreen: (_r, output) => host.setFullscreen(s.hostOfOrNull(output, WlOutputProxy)),
    unsetFullscreen: () => host.unsetFullscreen(),
    setMinimized: () => host.setMinimized(),
  });
  host.on({
    configure: (w, h, states) => guest.sendConfigure(sc.sizeToGuest(w), sc.sizeToGuest(h), states),
    close: () => guest.sendClose(),
    configureBounds: (w, h) => {
      if (guest.version >= 4) guest.sendConfigureBounds(sc.sizeToGuest(w), sc.sizeToGuest(h));
    },
    wmCapabilities: (caps) => {
      if (guest.version >= 5) guest.sendWmCapabilities(caps);
    },
  });
}
