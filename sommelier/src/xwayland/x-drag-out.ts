import {
  WlDataDeviceManagerProxy,
  WlSeatProxy,
  type WlDataDeviceProxy,
  type WlPointerProxy,
  type WlSurfaceProxy,
} from '../../../protos/gen/client/wayland.js';
import { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import type {
  WaylandDragForX,
  XDragSource,
  XToWaylandHost,
} from '../../../xwayland-bridge/src/dnd/drag-host.js';
import type { Session } from '../session/session.js';
import { guestSurfaceOf } from '../surface/guest-surface.js';
import { guestPointers } from './guest-pointers.js';

const RELEASED = 0;
const ALL_ACTIONS = 7;

/** The host's pointer as Xwayland's connection sees it: where it is held, with which press. */
class HostPointerWatch {
  focus: WlSurfaceProxy | null = null;
  /** Surface-local, in host units: beyond the surface during the implicit grab. */
  x = 0;
  y = 0;
  readonly held = new Map<number, { serial: number; time: number }>();
  time = 0;
  private readonly pointer: WlPointerProxy;

  constructor(seat: WlSeatProxy, moved: () => void) {
    // Our own wl_pointer on Xwayland's connection: the host sends it what Xwayland's gets.
    this.pointer = seat.getPointer().on({
      enter: (_serial, surface, x, y) => {
        this.focus = surface;
        this.x = x;
        this.y = y;
      },
      leave: () => {
        this.focus = null;
        this.held.clear(); // a host grab (a drag) took the pointer: its buttons are not ours
      },
      motion: (time, x, y) => {
        this.time = time;
        this.x = x;
        this.y = y;
        if (this.held.size > 0) moved();
      },
      button: (serial, time, button, state) => {
        this.time = time;
        if (state === RELEASED) this.held.delete(button);
        else this.held.set(button, { serial, time });
      },
    });
  }

  /** The press that began the implicit grab (the first button still held). */
  get press(): { button: number; serial: number } | null {
    for (const [button, p] of this.held) return { button, serial: p.serial };
    return null;
  }

  destroy(): void {
    if (!this.pointer.isDestroyed && this.pointer.version >= 3) this.pointer.release();
  }
}

/**
 * X → host for `sommelier -X`. A guest cannot see the host's desktop, but it knows which X
 * window holds the pointer's implicit grab (the X source's): once an X drag passes the edge of
 * that window, the drag continues as a host drag, started on Xwayland's host connection with
 * the grab's press serial and a data source offering the X source's types (read through
 * XdndSelection). The host's drag takes the pointer (Xwayland hears wl_pointer.leave with the
 * button still down and would never see it go up), so Xwayland is told of the release by us,
 * on its own wl_pointer, first: the X source drops on the bridge's proxy and waits for
 * XdndFinished, which the host's dnd_finished or cancelled decides.
 */
export class XDragOut implements XToWaylandHost {
  private readonly watch: HostPointerWatch;

  constructor(
    private readonly s: Session,
    private readonly manager: WlDataDeviceManagerProxy,
    private readonly device: WlDataDeviceProxy,
    seat: WlSeatProxy,
    moved: () => void,
  ) {
    this.watch = new HostPointerWatch(seat, moved);
  }

  grab(): { surfaceId: number; x: number; y: number } | null {
    const w = this.watch;
    const guest = w.press ? this.s.guestOf(w.focus, WlSurfaceResource) : null;
    if (!guest) return null;
    // X pixels are guest pixels: host coordinates over the surface's scale on the host.
    const k = guestSurfaceOf(guest)?.appliedFactor || this.s.scale.factor;
    return { surfaceId: guest.id, x: w.x / k, y: w.y / k };
  }

  startDrag(x: XDragSource): WaylandDragForX | null {
    const s = this.s;
    const press = this.watch.press;
    const origin = this.watch.focus;
    if (s.closed || !press || !origin || x.mimeTypes.length === 0) return null;
    const source = this.manager.createDataSource();
    for (const m of x.mimeTypes) source.offer(m);
    if (source.version >= 3) source.setActions(x.actions & ALL_ACTIONS || 1);
    let done = false;
    const end = (ok: boolean | null): void => {
      if (done) return;
      done = true;
      if (!source.isDestroyed && !s.closed) {
        source.destroy();
        s.host.flush();
      }
      if (ok !== null) x.finished(ok);
    };
    source.on({
      send: (mime, fd) => x.send(mime, fd),
      cancelled: () => end(false),
      dndFinished: () => end(true),
    });
    const nothing = (): void => {};
    return {
      takesPointer: true,
      motion: nothing,
      leave: nothing,
      drop: nothing,
      cancel: () => end(null),
      handOver: () => {
        if (done || s.closed) return;
        // Xwayland first: its X source must see the release before the host's leave comes.
        const time = this.watch.time;
        for (const p of guestPointers(s)) {
          p.sendButton(press.serial, time, press.button, RELEASED);
          if (p.version >= 5) p.sendFrame();
        }
        s.client.flush();
        this.device.startDrag(source, origin, null, press.serial);
        s.host.flush();
      },
    };
  }

  destroy(): void {
    if (!this.s.closed) this.watch.destroy();
  }
}

/** The X → host side for a session, or null when the host lacks a data device or seat. */
export function xDragOut(s: Session, device: WlDataDeviceProxy, moved: () => void): XDragOut | null {
  const manager = s.internalGlobal(WlDataDeviceManagerProxy, 3);
  const seat = s.internalGlobal(WlSeatProxy, 5);
  return manager && seat ? new XDragOut(s, manager, device, seat, moved) : null;
}
