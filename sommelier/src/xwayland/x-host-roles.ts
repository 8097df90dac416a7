import {
  XdgWmBaseProxy,
  type XdgPopupProxy,
  type XdgPositionerProxy,
  type XdgSurfaceProxy,
  type XdgToplevelProxy,
} from '../../../protos/gen/client/xdg-shell.js';
import { XdgToplevelState } from '../../../protos/gen/spec/xdg-shell.js';
import type {
  HostPopup,
  HostToplevel,
  PopupEvents,
  Size,
  ToplevelEvents,
} from '../../../xwayland-bridge/src/xwm/window-host.js';
import { tagAppId } from '../relays/xdg-toplevel.js';
import type { Session } from '../session/session.js';
import type { GuestSurface } from '../surface/guest-surface.js';
import { commitSurface } from '../surface/surface-commit.js';
import { Scale } from '../session/scale.js';
import { setSurfaceScale } from './x-surface-scale.js';

const TOPLEVEL_ANCHOR_TOP_LEFT = 5;
const GRAVITY_BOTTOM_RIGHT = 8;

/**
 * An Xwayland surface given an xdg role on the host on Xwayland's behalf: a host xdg_surface
 * made on Xwayland's own host connection. The guest's commits are held (commit-hold.ts) until
 * the host's first configure was acknowledged, then the held state goes out.
 */
abstract class XdgRoleOnHost {
  readonly xdg: XdgSurfaceProxy;
  /** Commits pass once the first configure was acknowledged. */
  ready = false;
  destroyed = false;
  /** The scale this window is shown at: its app's (x-surface-scale.ts), else Xwayland's. */
  scale: Scale;

  constructor(
    readonly session: Session,
    readonly gs: GuestSurface,
    scale: Scale = session.scale,
  ) {
    this.scale = scale;
    if (scale !== session.scale) setSurfaceScale(gs, scale);
    // A buffer the host already has (committed before the X window was paired) must go: an
    // xdg_surface starts without one. It comes back when the held commit is released.
    if (gs.buffer) {
      gs.host.attach(null, 0, 0);
      gs.host.commit();
    }
    const wmBase = session.internalGlobal(XdgWmBaseProxy, 3)!;
    this.xdg = wmBase.getXdgSurface(gs.host);
    this.xdg.on({
      configure: (serial) => {
        if (this.destroyed) return;
        this.xdg.ackConfigure(serial);
        this.configured();
        if (!this.ready) this.release();
      },
    });
  }

  protected abstract configured(): void;

  /** The first configure is acknowledged: send what the guest committed meanwhile (or last). */
  private release(): void {
    this.ready = true;
    const gs = this.gs;
    if (gs.pendingBuffer === undefined && gs.buffer && !gs.buffer.resource.destroyed) {
      gs.pendingBuffer = gs.buffer;
      gs.pendingBufferDamage.push([0, 0, 0x7fffffff, 0x7fffffff]);
    }
    commitSurface(gs);
  }

  /**
   * Shows the window at `factor` host pixels per X pixel. Only before its content reached the
   * host: sizes and positions sent at the old scale would be wrong (a later change waits for
   * the app's next window, as for Wayland apps that already drew).
   */
  protected setScale(factor: number): void {
    if (this.ready || factor === this.scale.factor) return;
    this.scale = factor === this.session.scale.factor ? this.session.scale : new Scale(factor);
    setSurfaceScale(this.gs, this.scale === this.session.scale ? null : this.scale);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    setSurfaceScale(this.gs, null);
    // Xwayland died: its host connection, and every host object on it, is gone already.
    if (this.session.closed) return;
    this.destroyRole();
    this.xdg.destroy();
  }

  protected abstract destroyRole(): void;
}

/** An X toplevel on the host: an xdg_toplevel whose app id is tagged with the guest's name. */
export class HostXToplevel extends XdgRoleOnHost implements HostToplevel {
  readonly toplevel: XdgToplevelProxy;
  private pending: { width: number; height: number; states: number[] } = { width: 0, height: 0, states: [] };

  constructor(
    session: Session,
    gs: GuestSurface,
    private readonly events: ToplevelEvents,
    /** The scale the per-app settings give an app id (WM_CLASS). */
    private readonly appScale: (appId: string) => number,
  ) {
    super(session, gs);
    this.toplevel = this.xdg.getToplevel();
    this.toplevel.setAppId(tagAppId(session.guestName, ''));
    this.toplevel.on({
      configure: (width, height, states) => {
        const v = new DataView(states.buffer, states.byteOffset, states.byteLength);
        const list: number[] = [];
        for (let i = 0; i + 4 <= states.byteLength; i += 4) list.push(v.getUint32(i, true));
        this.pending = { width, height, states: list };
      },
      close: () => this.events.close(),
    });
    gs.host.commit(); // the initial commit: the host answers with the first configure
  }

  protected configured(): void {
    const sc = this.scale;
    const { width, height, states } = this.pending;
    this.events.configure({
      width: width > 0 ? sc.sizeToGuest(width) : 0,
      height: height > 0 ? sc.sizeToGuest(height) : 0,
      maximized: states.includes(XdgToplevelState.Maximized),
      fullscreen: states.includes(XdgToplevelState.Fullscreen),
      activated: states.includes(XdgToplevelState.Activated),
      resizing: states.includes(XdgToplevelState.Resizing),
    });
  }

  setTitle(title: string): void {
    this.toplevel.setTitle(title);
  }

  setAppId(appId: string): void {
    this.toplevel.setAppId(tagAppId(this.session.guestName, appId));
    if (appId) this.setScale(this.appScale(appId));
  }

  setParent(parent: HostToplevel | null): void {
    this.toplevel.setParent(parent instanceof HostXToplevel ? parent.toplevel : null);
  }

  setSizeHints(min: Size, max: Size): void {
    const sc = this.scale;
    this.toplevel.setMinSize(sc.sizeToHost(min.width), sc.sizeToHost(min.height));
    this.toplevel.setMaxSize(sc.sizeToHost(max.width), sc.sizeToHost(max.height));
  }

  setMaximized(on: boolean): void {
    if (on) this.toplevel.setMaximized();
    else this.toplevel.unsetMaximized();
  }

  setFullscreen(on: boolean): void {
    if (on) this.toplevel.setFullscreen(null);
    else this.toplevel.unsetFullscreen();
  }

  setMinimized(): void {
    this.toplevel.setMinimized();
  }

  // Not yet on sommelier: server-side decorations (zxdg_decoration on the host), interactive
  // move/resize (they need the host seat and the serial of the button press Xwayland got),
  // and activation (no xdg-activation in exo yet).
  setDecorated(): void {}
  startMove(): void {}
  startResize(): void {}
  activate(): void {}

  protected destroyRole(): void {
    this.toplevel.destroy();
  }
}

/** An X popup (menu, tooltip) on the host: an xdg_popup placed where X put it, without a grab. */
export class HostXPopup extends XdgRoleOnHost implements HostPopup {
  readonly popup: XdgPopupProxy;

  constructor(
    session: Session,
    gs: GuestSurface,
    parent: XdgSurfaceProxy,
    parentScale: Scale,
    rect: { x: number; y: number; width: number; height: number },
    private readonly events: PopupEvents,
  ) {
    // A menu is shown at the scale of the window it belongs to.
    super(session, gs, parentScale);
    const positioner = this.positioner(rect);
    this.popup = this.xdg.getPopup(parent, positioner);
    positioner.destroy();
    this.popup.on({ configure: () => {}, popupDone: () => this.events.done(), repositioned: () => {} });
    gs.host.commit();
  }

  private positioner(r: { x: number; y: number; width: number; height: number }): XdgPositionerProxy {
    const sc = this.scale;
    const p = this.session.internalGlobal(XdgWmBaseProxy, 3)!.createPositioner();
    p.setSize(sc.sizeToHost(Math.max(1, r.width)), sc.sizeToHost(Math.max(1, r.height)));
    p.setAnchorRect(sc.toHost(r.x), sc.toHost(r.y), 1, 1);
    p.setAnchor(TOPLEVEL_ANCHOR_TOP_LEFT);
    p.setGravity(GRAVITY_BOTTOM_RIGHT);
    return p;
  }

  protected configured(): void {}

  reposition(x: number, y: number, width: number, height: number): void {
    if (this.popup.version < 3) return;
    const p = this.positioner({ x, y, width, height });
    this.popup.reposition(p, 0);
    p.destroy();
  }

  protected destroyRole(): void {
    this.popup.destroy();
  }
}
