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
import type { HostOutputScale } from './host-output-scale.js';
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
 *
 * On a HiDPI host (output scale D > 1) both draw D times denser (96·D·S DPI) and every scale
 * above is divided by D, so an X pixel is a host device pixel: sharp, at the same logical size.
 * An Xwayland takes D when it starts and keeps it while it runs (its apps' DPI is fixed).
 */
export class SommelierXWindowHost implements WindowHost {
  private client: Client | null = null;
  private session: Session | null = null;
  private readonly roles = new Map<GuestSurface, HostXToplevel | HostXPopup>();
  private readonly seen = new WeakSet<GuestSurface>();
  private readonly listeners = new Set<(id: number) => void>();
  /** The host output scale D of the current (or next) Xwayland run. */
  private hostScale = 1;
  /** Whether the display's Xwayland runs (its bridge tells, once it exists). */
  running: () => boolean = () => false;

  constructor(
    private readonly sommelier: Sommelier,
    private readonly drawnAt: number | null,
    private readonly outputScale: HostOutputScale,
  ) {}

  /**
   * The DPI X apps see, 96·D·S: read for Xwayland's `-dpi` when it is forked (ahead of its first
   * client) and for `Xft.dpi` when its window manager starts.
   */
  get dpi(): number {
    const d = this.running() ? this.hostScale : (this.outputScale.current ?? 1);
    return 96 * (this.drawnAt ?? 1) * d;
  }

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
    this.client = client;
    this.session = session;
    this.hostScale = this.outputScale.current ?? 1;
    this.pinScale(session);
    if (this.drawnAt !== null) {
      // Settings changes must not move it (its apps' DPI is fixed at their start).
      session.settingsChanged = () => {};
    } else {
      const follow = session.settingsChanged.bind(session);
      // At D = 1 the default session follows the settings as any client's; above, the scale is
      // divided by D, which only we know, and only until Xwayland starts.
      session.settingsChanged = () => {
        if (this.hostScale === 1) follow();
        else if (!this.running()) this.pinScale(session);
      };
    }
    this.roles.clear();
    setCommitHook(session, (gs) => this.commitHook(gs));
    session.internalGlobal(XdgWmBaseProxy, 3)?.on({
      ping: (serial) => session.internalGlobal(XdgWmBaseProxy, 3)!.pong(serial),
    });
    return theirs;
  }

  /**
   * Sets the session's scale for this run: its app scale divided by D. Only before Xwayland
   * bound anything (it has not started), so nothing was converted at another scale.
   */
  private pinScale(session: Session): void {
    const base = this.drawnAt !== null ? 1 : this.sommelier.scaleFor(session.client);
    if (this.drawnAt !== null || this.hostScale !== 1 || base !== session.scale.factor)
      session.scale.change(base / this.hostScale);
  }

  /**
   * The host's output scale changed: an Xwayland forked ahead but not started takes it; a
   * running one keeps its DPI (its apps cannot follow), the next run takes the new one.
   */
  hostScaleChanged(): void {
    const session = this.xwaylandSession;
    if (!session || this.running()) return;
    this.hostScale = this.outputScale.current ?? 1;
    this.pinScale(session);
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
    const d = this.hostScale;
    const appScale = (appId: string): number =>
      (this.drawnAt !== null ? 1 : this.sommelier.currentScaleFor(client, appId)) / d;
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
