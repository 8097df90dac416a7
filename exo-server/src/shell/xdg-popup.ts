import type { XdgPopupResource } from '../../../protos/gen/server/xdg-shell.js';
import { XdgPopupError, XdgWmBaseError } from '../../../protos/gen/spec/xdg-shell.js';
import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Surface } from '../surface/surface.js';
import type { PopupManager } from './popup-manager.js';
import { Popup, type PopupHandle, type PopupRules } from './popup.js';
import type { Window } from './window.js';
import type { XdgRoleObject, XdgSurface } from './xdg-surface.js';
import { positionerRules } from './xdg-positioner.js';

/**
 * xdg_popup (mechanism): placement configures, explicit grabs and the destruction order of
 * nested popups; the policy lives in PopupManager.
 */
export class XdgPopup implements XdgRoleObject, PopupHandle {
  readonly roleName = 'xdg_popup';
  readonly popup: Popup;
  private readonly popups: PopupManager;
  /** Token of a reposition request, echoed by xdg_popup.repositioned in the next configure. */
  private repositionToken: number | null = null;

  constructor(
    readonly xdg: XdgSurface,
    readonly resource: XdgPopupResource,
    parent: Window | Popup,
    rules: PopupRules,
  ) {
    this.popups = xdg.wmBase.wm.popups;
    this.popup = this.popups.create(this, parent, rules);
    resource.onDestroy(() => this.destroyed());
    const base = xdg.wmBase.resource;
    resource.setHandler({
      destroy: (r) => {
        if (r.client.destroyed) return;
        const above = this.popup.children.find((c) => c.mapped || c.grabbing);
        if (above)
          throw base.error(
            XdgWmBaseError.NotTheTopmostPopup,
            `${r} destroyed while its child popup ${above.surface.resource} is still shown`,
          );
      },
      grab: (r, _seat, serial) => {
        const p = this.popup;
        if (this.xdg.mapped) throw r.error(XdgPopupError.InvalidGrab, 'grab after the popup was mapped');
        const parent = p.parent;
        if (parent instanceof Popup && !parent.grabbing && !parent.dismissed)
          throw r.error(XdgPopupError.InvalidGrab, 'grab on a popup whose parent popup has no grab');
        const top = this.popups.chainTop(r.client);
        if (top && top !== parent)
          throw r.error(
            XdgPopupError.InvalidGrab,
            'grab on a popup that is not a child of the topmost grabbing popup',
          );
        this.popups.grab(p, serial);
      },
      reposition: (_r, positioner, token) => {
        this.popup.rules = positionerRules(positioner, base);
        this.repositionToken = token;
        this.popups.place(this.popup);
        this.xdg.scheduleConfigure();
      },
    });
  }

  get managed(): Popup {
    return this.popup;
  }

  // --- PopupHandle ----------------------------------------------------------------------

  get surface(): Surface {
    return this.xdg.surface;
  }

  scheduleConfigure(): void {
    this.xdg.scheduleConfigure();
  }

  sendDone(): void {
    if (!this.resource.destroyed && !this.resource.client.destroyed) this.resource.sendPopupDone();
  }

  // --- XdgRoleObject --------------------------------------------------------------------

  sendConfigure(): Rect {
    const r = this.resource;
    if (this.repositionToken !== null && r.version >= 3) r.sendRepositioned(this.repositionToken);
    this.repositionToken = null;
    const rect = { ...this.popup.pendingRect };
    r.sendConfigure(rect.x, rect.y, rect.width, rect.height);
    return rect;
  }

  committed(geometry: Rect, acked: unknown): void {
    this.popups.committed(this.popup, geometry, (acked as Rect | null) ?? null);
  }

  initialCommit(): void {
    this.popups.place(this.popup);
  }

  map(): void {
    this.popups.map(this.popup);
  }

  unmap(): void {
    this.popups.unmap(this.popup);
  }

  position(): { x: number; y: number } | null {
    return this.popups.surfaceOrigin(this.popup);
  }

  private destroyed(): void {
    this.popups.destroy(this.popup);
    this.xdg.roleDestroyed();
  }
}
