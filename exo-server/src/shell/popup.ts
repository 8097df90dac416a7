import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Surface } from '../surface/surface.js';
import type { PositionerRules } from './positioner-geometry.js';
import type { Window } from './window.js';

/** What the window manager asks of a popup's protocol object (xdg_popup, or a fake in tests). */
export interface PopupHandle {
  readonly surface: Surface;
  /** Sends a configure sequence soon with the popup's `pendingRect`. */
  scheduleConfigure(): void;
  /** Tells the client the popup was dismissed (xdg_popup.popup_done). */
  sendDone(): void;
}

/** Placement rules copied from an xdg_positioner, plus what only matters to exo. */
export interface PopupRules extends PositionerRules {
  /** Re-place the popup when its parent moves (xdg_positioner.set_reactive). */
  reactive: boolean;
}

/**
 * A popup (menu, tooltip...) as the window manager sees it: its parent, its place relative to
 * the parent's window geometry, and whether it holds an explicit grab.
 */
export class Popup {
  /** Where the popup's window geometry goes, relative to the parent's, as committed. */
  rect: Rect = { x: 0, y: 0, width: 0, height: 0 };
  /** The placement sent (or about to be sent) in the latest configure. */
  pendingRect: Rect = { x: 0, y: 0, width: 0, height: 0 };
  /** The popup's own window geometry, surface-local. */
  geometry: Rect = { x: 0, y: 0, width: 0, height: 0 };
  mapped = false;
  /** Dismissed by the compositor (popup_done sent): it stays hidden until destroyed. */
  dismissed = false;
  /** Took an explicit grab (xdg_popup.grab) that was granted. */
  grabbing = false;
  /** Child popups that are still alive, oldest first. */
  readonly children: Popup[] = [];

  constructor(
    readonly handle: PopupHandle,
    readonly parent: Window | Popup,
    public rules: PopupRules,
  ) {
    if (parent instanceof Popup) parent.children.push(this);
  }

  get surface(): Surface {
    return this.handle.surface;
  }

  /** The toplevel this popup ultimately belongs to. */
  get window(): Window {
    let p: Window | Popup = this.parent;
    while (p instanceof Popup) p = p.parent;
    return p;
  }

  /** Forgets this popup in its parent's child list (when the xdg_popup is destroyed). */
  detach(): void {
    if (this.parent instanceof Popup) {
      const i = this.parent.children.indexOf(this);
      if (i >= 0) this.parent.children.splice(i, 1);
    }
  }
}
