import { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import { XdgWmBaseProxy } from '../../../protos/gen/client/xdg-shell.js';
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
import type { Session } from '../session/session.js';
import { guestSurfaceOf, type GuestSurface } from '../surface/guest-surface.js';
import { sessionOf, type Sommelier } from '../sommelier.js';
import { setCommitHook } from './commit-hold.js';
import { HostXPopup, HostXToplevel } from './x-host-roles.js';

/**
 * Sommelier's side of the X window manager seam. Xwayland is a guest client on a private
 * connection, with its own host connection like every guest client; the XWM's decisions become
 * host xdg_toplevels and xdg_popups made on that host connection for Xwayland's surfaces.
 *
 * `drawnAt` null: the default Xwayland (96 DPI) at the session's scale, each window enlarged to
 * its app's scale once its WM_CLASS is known. `drawnAt` S: an Xwayland whose apps draw at S
 * themselves (96·S DPI), so its X pixels are host pixels: its session is pinned to scale 1 and
 * no window is enlarged again.
 */
export class SommelierXWindowHost implements WindowHost {
  private client: Client | null = null;
  private session: Session | null = null;
  private readonly roles = new Map<GuestSurface, HostXToplevel | HostXPopup>();
  private readonly seen = new WeakSet<GuestSurface>();
  private readonly listeners = new Set<(id: number) => void>();

  constructor(
    private readonly sommelier: Sommelier,
    private readonly drawnAt: number | null = null,
  ) {}

  /** The session of the running Xwayland (its host connection), or null. */
  get xwaylandSession(): Session | null {
    return this.session && !this.session.closed ? this.session : null;
  }

  /** A new guest connection for Xwayland: returns Xwayland's end. */
  connect(): number {
    const [ours, theirs] = socketPair();
    // Our socketpair names us as the peer: say which program it is (it cannot follow a scale).
    this.sommelier.expectLaunch('Xwayland');
    const client = this.sommelier.display.addClientFd(ours);
    this.sommelier.expectLaunch(null);
    const session = sessionOf(client);
    if (this.drawnAt !== null) {
      // Before Xwayland bound anything, so nothing was converted at another scale; settings
      // changes must not move it either (its apps' DPI is fixed at their start).
      session.scale.change(1);
      session.settingsChanged = () => {};
    }
    this.client = client;
    this.session = session;
    this.roles.clear();
    setCommitHook(session, (gs) => this.commitHook(gs));
    session.internalGlobal(XdgWmBaseProxy, 3)?.on({
      ping: (serial) => session.internalGlobal(XdgWmBaseProxy, 3)!.pong(serial),
    });
    return theirs;
  }

  /** Every commit of an Xwayland surface: new surfaces are announced; ones getting a role wait. */
  private commitHook(gs: GuestSurface): boolean {
    if (!this.seen.has(gs)) {
      this.seen.add(gs);
      for (const cb of [...this.listeners]) cb(gs.resource.id);
    }
    const role = this.roles.get(gs);
    return role !== undefined && !role.ready && !role.destroyed;
  }

  private surface(id: number): GuestSurface | null {
    const r = this.client?.getObject(id);
    if (!(r instanceof WlSurfaceResource) || r.destroyed) return null;
    const gs = guestSurfaceOf(r) ?? null;
    if (gs && this.roles.get(gs)?.destroyed === false) return null; // it has a role already
    return gs;
  }

  private track<T extends HostXToplevel | HostXPopup>(role: T): T {
    this.roles.set(role.gs, role);
    role.gs.resource.onDestroy(() => {
      if (this.roles.get(role.gs) === role) this.roles.delete(role.gs);
    });
    return role;
  }

  createToplevel(surfaceId: number, events: ToplevelEvents): HostToplevel | null {
    const gs = this.surface(surfaceId);
    if (!gs || !this.session) return null;
    const client = this.client!;
    const appScale = (appId: string): number =>
      this.drawnAt !== null ? 1 : this.sommelier.currentScaleFor(client, appId);
    return this.track(new HostXToplevel(this.session, gs, events, appScale));
  }

  createPopup(
    surfaceId: number,
    parent: HostWindow,
    rect: { x: number; y: number; width: number; height: number },
    events: PopupEvents,
  ): HostPopup | null {
    const gs = this.surface(surfaceId);
    if (!gs || !this.session || !(parent instanceof HostXToplevel || parent instanceof HostXPopup))
      return null;
    return this.track(new HostXPopup(this.session, gs, parent.xdg, parent.scale, rect, events));
  }

  onSurfaceCreated(cb: (surfaceId: number) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
}
