import { WlDataDeviceManagerProxy, type WlDataDeviceProxy } from '../../../protos/gen/client/wayland.js';
import { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import type {
  WaylandDragForX,
  XDragSource,
  XToWaylandHost,
} from '../../../xwayland-bridge/src/dnd/drag-host.js';
import type { Session } from '../session/session.js';
import { guestSurfaceOf } from '../surface/guest-surface.js';
import { guestPointers } from './guest-pointers.js';
import { XwaylandInput } from './xwayland-input.js';

const RELEASED = 0;
const ALL_ACTIONS = 7;

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
  private readonly unwatch: () => void;

  constructor(
    private readonly s: Session,
    private readonly manager: WlDataDeviceManagerProxy,
    private readonly device: WlDataDeviceProxy,
    private readonly watch: XwaylandInput,
    moved: () => void,
  ) {
    this.unwatch = watch.onMoved(moved);
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
    this.unwatch();
  }
}

/** The X → host side for a session, or null when the host lacks a data device or seat. */
export function xDragOut(s: Session, device: WlDataDeviceProxy, moved: () => void): XDragOut | null {
  const manager = s.internalGlobal(WlDataDeviceManagerProxy, 3);
  const input = XwaylandInput.of(s);
  return manager && input ? new XDragOut(s, manager, device, input, moved) : null;
}
