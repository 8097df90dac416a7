import type { HostPopup, HostWindow, PopupEvents } from '../../../xwayland-bridge/src/xwm/window-host.js';
import { Anchor, ConstraintAdjustment, Gravity } from '../shell/positioner-geometry.js';
import type { PopupManager } from '../shell/popup-manager.js';
import type { Popup, PopupHandle, PopupRules } from '../shell/popup.js';
import type { Surface, SurfaceRole } from '../surface/surface.js';
import { XToplevelRole, XWAYLAND_ROLE } from './x-toplevel-role.js';

type Rect = { x: number; y: number; width: number; height: number };

/** Exactly at (x, y) relative to the parent: X clients place their menus themselves. */
function rulesAt(r: Rect): PopupRules {
  return {
    size: { width: Math.max(1, r.width), height: Math.max(1, r.height) },
    anchorRect: { x: r.x, y: r.y, width: 1, height: 1 },
    anchor: Anchor.topLeft,
    gravity: Gravity.bottomRight,
    constraintAdjustment: ConstraintAdjustment.none,
    offset: { x: 0, y: 0 },
    reactive: false,
  };
}

/**
 * An X popup on exo (an override-redirect window, a menu or a tooltip): a popup of exo's
 * window manager without a grab, shown where X put it relative to its parent, until X unmaps
 * it. Commits need no acknowledgement: X already chose the place.
 */
export class XPopupRole implements HostPopup, PopupHandle, SurfaceRole {
  readonly roleName = XWAYLAND_ROLE;
  readonly popup: Popup;
  private destroyed = false;

  constructor(
    readonly surface: Surface,
    private readonly popups: PopupManager,
    parent: HostWindow,
    rect: Rect,
    private readonly events: PopupEvents,
  ) {
    const managed = parent instanceof XToplevelRole ? parent.window : (parent as XPopupRole).popup;
    this.popup = popups.create(this, managed, rulesAt(rect));
    surface.setRole(XWAYLAND_ROLE, this);
    surface.onDestroy(() => this.destroy());
    popups.place(this.popup);
    if (surface.buffer) this.committed();
  }

  committed(): void {
    if (this.destroyed) return;
    const s = this.surface;
    this.popups.committed(
      this.popup,
      { x: 0, y: 0, width: s.width, height: s.height },
      this.popup.pendingRect,
    );
    if (s.buffer && !this.popup.mapped) this.popups.map(this.popup);
    else if (!s.buffer && this.popup.mapped) this.popups.unmap(this.popup);
  }

  position(): { x: number; y: number } | null {
    return this.popups.surfaceOrigin(this.popup);
  }

  scheduleConfigure(): void {}

  sendDone(): void {
    this.events.done();
  }

  reposition(x: number, y: number, width: number, height: number): void {
    if (this.destroyed) return;
    this.popup.rules = rulesAt({ x, y, width, height });
    this.popups.place(this.popup);
    const s = this.surface;
    this.popups.committed(
      this.popup,
      { x: 0, y: 0, width: s.width, height: s.height },
      this.popup.pendingRect,
    );
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.popups.destroy(this.popup);
    this.surface.clearRole(this);
  }
}
