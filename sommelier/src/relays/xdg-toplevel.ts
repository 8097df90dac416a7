import { WlOutputProxy, WlSeatProxy } from '../../../protos/gen/client/wayland.js';
import { XdgToplevelProxy } from '../../../protos/gen/client/xdg-shell.js';
import type { XdgToplevelResource } from '../../../protos/gen/server/xdg-shell.js';
import { XdgToplevelState } from '../../../protos/gen/spec/xdg-shell.js';
import type { Session } from '../session/session.js';
import type { GuestSurface } from '../surface/guest-surface.js';
import type { ConfigureSerials } from './xdg-surface.js';

/**
 * The app id the host sees for a guest window: `GUEST:APP_ID`, e.g. `penguin:org.gnome.gedit`.
 * Guest names cannot contain ':' (see cli/options.ts), so the host splits at the first one. A
 * window whose app never sets an app id is still tagged: the host sees `GUEST:`.
 */
export function tagAppId(guestName: string, appId: string): string {
  return `${guestName}:${appId}`;
}

/** States in which the host, not the app, decides the window's size. */
const SIZE_LOCKING = new Set<number>([
  XdgToplevelState.Maximized,
  XdgToplevelState.Fullscreen,
  XdgToplevelState.TiledLeft,
  XdgToplevelState.TiledRight,
  XdgToplevelState.TiledTop,
  XdgToplevelState.TiledBottom,
]);

function locksSize(states: Uint8Array): boolean {
  const v = new DataView(states.buffer, states.byteOffset, states.byteLength);
  for (let i = 0; i + 4 <= states.byteLength; i += 4) if (SIZE_LOCKING.has(v.getUint32(i, true))) return true;
  return false;
}

/**
 * xdg_toplevel: app ids are tagged with the guest's name; sizes (configure, bounds, min/max) and
 * the window menu position are converted between guest and host pixels. Min/max sizes apply at
 * commit, so they are sent then, at the scale of that commit. When the scale changes, a window
 * whose size the host decides gets the host's last configure again at the new scale.
 */
export function relayToplevel(
  s: Session,
  guest: XdgToplevelResource,
  host: XdgToplevelProxy,
  serials: ConfigureSerials,
  gs: GuestSurface | undefined,
): void {
  s.link(guest, host);
  const sc = s.scale;
  host.setAppId(tagAppId(s.guestName, ''));
  let min: [number, number] | null = null;
  let max: [number, number] | null = null;
  let pendingMin = false;
  let pendingMax = false;
  const hook = (rescaled: boolean): void => {
    if (min && (pendingMin || rescaled)) host.setMinSize(sc.sizeToHost(min[0]), sc.sizeToHost(min[1]));
    if (max && (pendingMax || rescaled)) host.setMaxSize(sc.sizeToHost(max[0]), sc.sizeToHost(max[1]));
    pendingMin = pendingMax = false;
  };
  gs?.commitHooks.add(hook);
  guest.onDestroy(() => gs?.commitHooks.delete(hook));
  let last: { w: number; h: number; states: Uint8Array } | null = null;
  let bounds: [number, number] | null = null;
  s.onRescale(guest, () => {
    if (!last) return;
    if (guest.version >= 4 && bounds)
      guest.sendConfigureBounds(sc.sizeToGuest(bounds[0]), sc.sizeToGuest(bounds[1]));
    if (!locksSize(last.states)) return;
    guest.sendConfigure(sc.sizeToGuest(last.w), sc.sizeToGuest(last.h), last.states);
    serials.ownConfigure();
  });
  guest.setHandler({
    destroy: () => host.destroy(),
    setParent: (_r, parent) => host.setParent(s.hostOfOrNull(parent, XdgToplevelProxy)),
    setTitle: (_r, title) => host.setTitle(title),
    setAppId: (_r, appId) => {
      host.setAppId(tagAppId(s.guestName, appId));
      s.appIdSet(appId);
    },
    showWindowMenu: (_r, seat, serial, x, y) =>
      host.showWindowMenu(s.hostOf(seat, WlSeatProxy), serial, sc.toHost(x), sc.toHost(y)),
    move: (_r, seat, serial) => host.move(s.hostOf(seat, WlSeatProxy), serial),
    resize: (_r, seat, serial, edges) => host.resize(s.hostOf(seat, WlSeatProxy), serial, edges),
    setMaxSize: (_r, w, h) => {
      max = [w, h];
      pendingMax = true;
      if (gs) gs.dirty = true;
      else host.setMaxSize(sc.sizeToHost(w), sc.sizeToHost(h));
    },
    setMinSize: (_r, w, h) => {
      min = [w, h];
      pendingMin = true;
      if (gs) gs.dirty = true;
      else host.setMinSize(sc.sizeToHost(w), sc.sizeToHost(h));
    },
    setMaximized: () => host.setMaximized(),
    unsetMaximized: () => host.unsetMaximized(),
    setFullscreen: (_r, output) => host.setFullscreen(s.hostOfOrNull(output, WlOutputProxy)),
    unsetFullscreen: () => host.unsetFullscreen(),
    setMinimized: () => host.setMinimized(),
  });
  host.on({
    configure: (w, h, states) => {
      last = { w, h, states: new Uint8Array(states) };
      if (gs) gs.sizeLocked = locksSize(states);
      guest.sendConfigure(sc.sizeToGuest(w), sc.sizeToGuest(h), states);
    },
    close: () => guest.sendClose(),
    configureBounds: (w, h) => {
      bounds = [w, h];
      if (guest.version >= 4) guest.sendConfigureBounds(sc.sizeToGuest(w), sc.sizeToGuest(h));
    },
    wmCapabilities: (caps) => {
      if (guest.version >= 5) guest.sendWmCapabilities(caps);
    },
  });
}
