import { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import { socketPair } from '../../../compositor/src/native/unix-socket.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type {
  HostPopup,
  HostToplevel,
  HostWindow,
  PopupEvents,
  ToplevelEvents,
  WindowHost,
} from '../../../xwayland-bridge/src/xwm/window-host.js';
import type { Exo } from '../exo.js';
import { surfaceFromResource } from '../protocols/compositor.js';
import type { WindowManager } from '../shell/window-manager.js';
import type { Surface } from '../surface/surface.js';
import { XPopupRole } from './x-popup-role.js';
import { XToplevelRole, XWAYLAND_ROLE } from './x-toplevel-role.js';

/**
 * Exo's side of the X window manager seam: Xwayland is a client on a private connection, so
 * exo knows which client it is and finds its surfaces by the ids WL_SURFACE_ID names; the
 * XWM's decisions become windows and popups of exo's own window manager.
 */
export class ExoXWindowHost implements WindowHost {
  /** The running Xwayland's connection, if any. */
  client: Client | null = null;
  private readonly listeners = new Set<(id: number) => void>();

  constructor(
    private readonly exo: Exo,
    private readonly wm: WindowManager,
  ) {
    exo.onSurfaceCreated((s) => {
      if (s.resource.client !== this.client) return;
      for (const cb of [...this.listeners]) cb(s.resource.id);
    });
  }

  /** A new Wayland connection for Xwayland: returns Xwayland's end; ours is served as a client. */
  connect(): number {
    const [ours, theirs] = socketPair();
    const client = this.exo.display.addClientFd(ours);
    this.client = client;
    client.onDestroy(() => {
      if (this.client === client) this.client = null;
    });
    return theirs;
  }

  /** Xwayland's surface with this id, if it exists and can take an Xwayland role. */
  private surface(id: number): Surface | null {
    const r = this.client?.getObject(id);
    if (!(r instanceof WlSurfaceResource) || r.destroyed) return null;
    const s = surfaceFromResource(r);
    if (s.destroyed || s.role || (s.roleName !== null && s.roleName !== XWAYLAND_ROLE)) return null;
    return s;
  }

  createToplevel(surfaceId: number, events: ToplevelEvents): HostToplevel | null {
    const s = this.surface(surfaceId);
    return s ? new XToplevelRole(s, this.wm, events) : null;
  }

  createPopup(
    surfaceId: number,
    parent: HostWindow,
    rect: { x: number; y: number; width: number; height: number },
    events: PopupEvents,
  ): HostPopup | null {
    const s = this.surface(surfaceId);
    if (!s || !(parent instanceof XToplevelRole || parent instanceof XPopupRole)) return null;
    return new XPopupRole(s, this.wm.popups, parent, rect, events);
  }

  onSurfaceCreated(cb: (surfaceId: number) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
}
