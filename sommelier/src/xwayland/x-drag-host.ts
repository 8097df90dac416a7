import { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import {
  WlDataDeviceManagerProxy,
  WlSeatProxy,
  type WlDataDeviceProxy,
  type WlDataOfferProxy,
} from '../../../protos/gen/client/wayland.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import type {
  DragHost,
  XDropTarget,
  XDropTargets,
  XToWaylandHost,
} from '../../../xwayland-bridge/src/dnd/drag-host.js';
import type { Session } from '../session/session.js';
import { guestSurfaceOf } from '../surface/guest-surface.js';
import { xDragOut, type XDragOut } from './x-drag-out.js';

/** What a data offer announced before it was used (MIME types, source actions). */
interface OfferInfo {
  mimes: string[];
  actions: number;
}

/** The drag over one of Xwayland's surfaces, and the X window speaking XDND for it. */
interface Over {
  offer: WlDataOfferProxy;
  serial: number;
  target: XDropTarget | null;
  /** Host surface coordinates over guest ones (the surface's scale on the host). */
  factor: number;
  dropped: boolean;
}

/**
 * Sommelier's side of the XDND seam. Wayland → X: host drags entering Xwayland's host
 * surfaces arrive on a wl_data_device of our own on Xwayland's host connection, and the
 * bridge speaks XDND to the X window for them; X's answers become accept, set_actions and
 * finish on the host offer. X → Wayland: an X drag leaving its X window becomes a host drag
 * started on that same device (x-drag-out.ts); over X windows of ours it comes back here.
 */
export class SommelierXDragHost implements DragHost {
  private out: XDragOut | null = null;
  private readonly grabMotion = new Set<() => void>();
  readonly xToWayland: XToWaylandHost = {
    grab: () => this.out?.grab() ?? null,
    onGrabMotion: (cb) => {
      this.grabMotion.add(cb);
      return () => this.grabMotion.delete(cb);
    },
    startDrag: (x) => this.out?.startDrag(x) ?? null,
  };

  constructor(private readonly session: () => Session | null) {}

  setXDropTargets(targets: XDropTargets): () => void {
    const s = this.session();
    const manager = s?.internalGlobal(WlDataDeviceManagerProxy, 3);
    const seat = s?.internalGlobal(WlSeatProxy, 5);
    if (!s || !manager || !seat) return () => {};
    const device = manager.getDataDevice(seat);
    const out = (this.out = xDragOut(s, device, () => {
      for (const cb of this.grabMotion) cb();
    }));
    const offers = new Map<WlDataOfferProxy, OfferInfo>();
    let over: Over | null = null;

    const forget = (o: WlDataOfferProxy | null): void => {
      if (!o) return;
      offers.delete(o);
      if (!o.isDestroyed) o.destroy();
    };
    /** Ends the drag over X: its offer goes unless a drop still needs it. */
    const leave = (): void => {
      const o = over;
      over = null;
      if (!o) return;
      o.target?.leave();
      forget(o.offer);
    };

    device.on({
      dataOffer: (o) => {
        const info: OfferInfo = { mimes: [], actions: 0 };
        offers.set(o, info);
        o.on({ offer: (m) => info.mimes.push(m), sourceActions: (a) => (info.actions = a) });
      },
      // The clipboard is the selection host's: offers made to this device for it are dropped.
      selection: (o) => forget(o),
      enter: (serial, surface, x, y, offer) => {
        leave();
        const info = offer ? offers.get(offer) : undefined;
        const guest = s.guestOf(surface, WlSurfaceResource);
        if (!offer || !info || !guest) return forget(offer);
        const gs = guestSurfaceOf(guest);
        const o: Over = {
          offer,
          serial,
          target: null,
          factor: gs?.appliedFactor || s.scale.factor,
          dropped: false,
        };
        over = o;
        o.target = targets(
          guest.id,
          {
            mimeTypes: [...info.mimes],
            // A version 2 host offer knows no actions: it copies.
            actions: offer.version >= 3 ? info.actions : 1,
            receive: (mime, fd) => {
              try {
                if (!offer.isDestroyed) offer.receive(mime, fd);
              } finally {
                closeFd(fd);
              }
            },
          },
          {
            status: (mime, action) => {
              if (offer.isDestroyed || o.dropped) return;
              offer.accept(o.serial, mime);
              if (offer.version >= 3) offer.setActions(action, action);
            },
            finished: (ok) => {
              if (!o.dropped) return;
              if (ok && !offer.isDestroyed && offer.version >= 3) offer.finish();
              forget(offer);
            },
          },
        );
        o.target?.motion(x / o.factor, y / o.factor);
      },
      motion: (_time, x, y) => over?.target?.motion(x / over.factor, y / over.factor),
      leave: () => leave(),
      drop: () => {
        const o = over;
        over = null;
        if (!o) return;
        o.dropped = true;
        // Refused: the offer goes now; taken: it stays until the X target finished reading.
        if (!o.target?.drop()) forget(o.offer);
      },
    });

    return () => {
      if (this.out === out) this.out = null;
      out?.destroy();
      leave();
      for (const o of [...offers.keys()]) forget(o);
      releaseDevice(device);
    };
  }
}

function releaseDevice(device: WlDataDeviceProxy): void {
  try {
    if (!device.isDestroyed && device.version >= 2) device.release();
  } catch {
    // The host connection is already gone (Xwayland's session ended with it).
  }
}
