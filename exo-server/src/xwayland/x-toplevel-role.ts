import type { HostToplevel, Size, ToplevelEvents } from '../../../xwayland-bridge/src/xwm/window-host.js';
import type { Surface, SurfaceRole } from '../surface/surface.js';
import type { SurfaceState } from '../surface/surface-state.js';
import { MoveGrab, ResizeGrab } from '../shell/interactive-grabs.js';
import type { WindowManager } from '../shell/window-manager.js';
import type { ToplevelConfigure, ToplevelHandle, Window } from '../shell/window.js';

/** The role name Xwayland's surfaces get (toplevel or popup: X may remap a window as either). */
export const XWAYLAND_ROLE = 'xwayland';

/**
 * An X toplevel on exo: an Xwayland surface given a window of exo's window manager by the X
 * window manager, the way xdg_toplevel gives one to a Wayland client's surface. There is no
 * configure/ack handshake with X: a configure is sent to the XWM (which resizes the X window)
 * and the next commit counts as its acknowledgement.
 */
export class XToplevelRole implements HostToplevel, ToplevelHandle, SurfaceRole {
  readonly roleName = XWAYLAND_ROLE;
  readonly window: Window;
  private minSize: Size = { width: 0, height: 0 };
  private maxSize: Size = { width: 0, height: 0 };
  private awaitingAck: ToplevelConfigure | null = null;
  private configureQueued = false;
  private destroyed = false;
  private lastPos: { x: number; y: number } | null = null;
  private readonly offChanged: () => void;

  constructor(
    readonly surface: Surface,
    private readonly wm: WindowManager,
    private readonly events: ToplevelEvents,
  ) {
    this.window = wm.createWindow(this);
    surface.setRole(XWAYLAND_ROLE, this);
    surface.onDestroy(() => this.destroy());
    // The XWM keeps X window positions equal to desktop positions, so X menus and pointer
    // coordinates line up with what the user sees.
    this.offChanged = wm.onWindowsChanged(() => this.reportPosition());
    if (surface.buffer) this.committed();
  }

  // --- SurfaceRole ------------------------------------------------------------------------

  /**
   * A buffer of another size is coming: damage where the window is now, since the commit's own
   * damage only covers the new size (a window leaving fullscreen would leave stale pixels).
   */
  precommit(_s: Surface, pending: SurfaceState): void {
    const b = pending.buffer;
    const cur = this.surface.buffer;
    if (this.window.mapped && b && cur && (b.width !== cur.width || b.height !== cur.height))
      this.wm.damageWindow(this.window);
  }

  committed(): void {
    if (this.destroyed) return;
    const s = this.surface;
    const acked = this.awaitingAck;
    this.awaitingAck = null;
    const geometry = { x: 0, y: 0, width: s.width, height: s.height };
    this.wm.windowCommitted(this.window, { geometry, minSize: this.minSize, maxSize: this.maxSize }, acked);
    if (s.buffer && !this.window.mapped) {
      this.wm.mapWindow(this.window);
      this.reportPosition();
    } else if (!s.buffer && this.window.mapped) this.wm.unmapWindow(this.window);
  }

  position(): { x: number; y: number } | null {
    const w = this.window;
    return w.mapped && !w.minimized ? w.surfaceOrigin : null;
  }

  // --- ToplevelHandle (what exo's window manager asks) ------------------------------------

  get unresponsive(): boolean {
    return false;
  }

  scheduleConfigure(): void {
    if (this.configureQueued || this.destroyed) return;
    this.configureQueued = true;
    queueMicrotask(() => {
      this.configureQueued = false;
      if (this.destroyed) return;
      const c = this.wm.configureFor(this.window);
      this.awaitingAck = c;
      this.events.configure(c);
    });
  }

  sendClose(): void {
    this.events.close();
  }

  ping(): void {}

  private reportPosition(): void {
    const w = this.window;
    if (!w.mapped || this.destroyed) return;
    const p = w.surfaceOrigin;
    if (this.lastPos?.x === p.x && this.lastPos.y === p.y) return;
    this.lastPos = p;
    this.events.moved?.(p.x, p.y);
  }

  // --- HostToplevel (what the XWM asks) ---------------------------------------------------

  setTitle(title: string): void {
    this.wm.setTitle(this.window, title);
  }

  setAppId(appId: string): void {
    this.wm.setAppId(this.window, appId);
  }

  setParent(parent: HostToplevel | null): void {
    this.wm.setParent(this.window, parent instanceof XToplevelRole ? parent.window : null);
  }

  setSizeHints(min: Size, max: Size): void {
    this.minSize = min;
    this.maxSize = max;
  }

  setMaximized(on: boolean): void {
    this.wm.setMaximized(this.window, on);
  }

  setFullscreen(on: boolean): void {
    this.wm.setFullscreen(this.window, on);
  }

  setMinimized(): void {
    this.wm.minimize(this.window);
  }

  setDecorated(on: boolean): void {
    this.wm.setDecorated(this.window, on);
  }

  /** X has no Wayland serial: the grab is allowed while a button is down on this window. */
  startMove(): void {
    const seat = this.wm.seat();
    if (!seat || !this.interactiveAllowed()) return;
    this.wm.grabs.start(seat, new MoveGrab(this.wm, this.window, seat.pointerX, seat.pointerY));
  }

  startResize(edges: number): void {
    const seat = this.wm.seat();
    if (!seat || edges === 0 || !this.interactiveAllowed()) return;
    this.wm.grabs.start(seat, new ResizeGrab(this.wm, this.window, edges, seat.pointerX, seat.pointerY));
  }

  private interactiveAllowed(): boolean {
    const w = this.window;
    const seat = this.wm.seat();
    return !!seat && seat.buttonsDown > 0 && w.mapped && !w.current.maximized && !w.current.fullscreen;
  }

  activate(): void {
    this.wm.popups.dismissChainUnlessOf(this.window);
    this.wm.activate(this.window);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offChanged();
    this.wm.destroyWindow(this.window);
    this.surface.clearRole(this);
  }
}
