import { WlOutputProxy, WlSurfaceProxy } from '../../../protos/gen/client/wayland.js';
import { WpFractionalScaleManagerV1Proxy } from '../../../protos/gen/client/fractional-scale-v1.js';
import { WpPresentationProxy } from '../../../protos/gen/client/presentation-time.js';
import { XdgToplevelProxy } from '../../../protos/gen/client/xdg-shell.js';
import { ZxdgDecorationManagerV1Proxy } from '../../../protos/gen/client/xdg-decoration-unstable-v1.js';
import type { WpFractionalScaleManagerV1Resource } from '../../../protos/gen/server/fractional-scale-v1.js';
import type { WpPresentationResource } from '../../../protos/gen/server/presentation-time.js';
import { WlOutputResource } from '../../../protos/gen/server/wayland.js';
import type { ZxdgDecorationManagerV1Resource } from '../../../protos/gen/server/xdg-decoration-unstable-v1.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';

/**
 * The small per-surface extensions: fractional scale (the preferred scale is multiplied by the
 * client's scale), presentation feedback and server-side decorations (passed as they are).
 */
export function bindFractionalScaleManager(
  s: Session,
  guest: WpFractionalScaleManagerV1Resource,
  g: HostGlobal,
): void {
  const host = s.link(guest, s.bindHost(g.name, WpFractionalScaleManagerV1Proxy, guest.version));
  s.noteScaleAware();
  guest.setHandler({
    destroy: () => host.destroy(),
    getFractionalScale: (_r, id, surface) => {
      const hf = s.link(id, host.getFractionalScale(s.hostOf(surface, WlSurfaceProxy)));
      id.setHandler({ destroy: () => hf.destroy() });
      let last: number | null = null;
      hf.on({ preferredScale: (v) => id.sendPreferredScale(s.scale.fractionalToGuest((last = v))) });
      s.onRescale(id, () => last === null || id.sendPreferredScale(s.scale.fractionalToGuest(last)));
    },
  });
}

export function bindPresentation(s: Session, guest: WpPresentationResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, WpPresentationProxy, guest.version));
  guest.setHandler({
    destroy: () => host.destroy(),
    feedback: (_r, surface, callback) => {
      const hf = s.link(callback, host.feedback(s.hostOf(surface, WlSurfaceProxy)));
      hf.on({
        syncOutput: (output: WlOutputProxy | null) => {
          const o = s.guestOf(output, WlOutputResource);
          if (o && !callback.destroyed) callback.sendSyncOutput(o);
        },
        presented: (...args) => callback.destroyed || callback.sendPresented(...args),
        discarded: () => callback.destroyed || callback.sendDiscarded(),
      });
    },
  });
  host.on({ clockId: (id) => guest.sendClockId(id) });
}

export function bindDecorationManager(
  s: Session,
  guest: ZxdgDecorationManagerV1Resource,
  g: HostGlobal,
): void {
  const host = s.link(guest, s.bindHost(g.name, ZxdgDecorationManagerV1Proxy, guest.version));
  guest.setHandler({
    destroy: () => host.destroy(),
    getToplevelDecoration: (_r, id, toplevel) => {
      const hd = s.link(id, host.getToplevelDecoration(s.hostOf(toplevel, XdgToplevelProxy)));
      id.setHandler({
        destroy: () => hd.destroy(),
        setMode: (_r2, mode) => hd.setMode(mode),
        unsetMode: () => hd.unsetMode(),
      });
      hd.on({ configure: (mode) => id.sendConfigure(mode) });
    },
  });
}
