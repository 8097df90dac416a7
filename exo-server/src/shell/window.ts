import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Surface } from '../surface/surface.js';
import type { Size } from './placement.js';
import type { Popup } from './popup.js';
import type { WindowInfo } from './shell-api.js';

/** What the window manager asks of a toplevel's protocol object (xdg_toplevel, or a fake in tests). */
export interface ToplevelHandle {
  readonly surface: Surface;
  /** Sends a configure sequence soon (coalesced), built from `WindowManager.configureFor`. */
  scheduleConfigure(): void;
  /** Asks the client to close the window (xdg_toplevel.close). */
  sendClose(): void;
  /** Checks that the client is alive (xdg_wm_base.ping). */
  ping(): void;
  readonly unresponsive: boolean;
}

/** Left and top edges (xdg_toplevel.resize_edge bits). */
export const EDGE_TOP = 1;
export const EDGE_BOTTOM = 2;
export const EDGE_LEFT = 4;
export const EDGE_RIGHT = 8;

/** During an interactive resize from the left or top, the opposite edges stay where they were. */
export interface ResizeAnchor {
  edges: number;
  /** Desktop x of the right edge and y of the bottom edge to keep. */
  right: number;
  bottom: number;
}

/** The states a toplevel can be configured with. */
export interface WindowStates {
  maximized: boolean;
  fullscreen: boolean;
  activated: boolean;
  resizing: boolean;
}

/**
 * One configure as sent to the client; it becomes the window's state when the client acks it
 * and commits.
 */
export interface ToplevelConfigure extends WindowStates {
  width: number;
  height: number;
  /** The size request this configure carries (identity compared to know when it was honoured). */
  sizeRequest: Size | null;
  anchor: ResizeAnchor | null;
}

/**
 * A toplevel window as the window manager sees it: position, geometry, metadata, and the
 * states requested from and acknowledged by the client.
 */
export class Window {
  /** API id, given when the window is mapped (0 while unmapped). */
  id = 0;
  title = '';
  appId = '';
  parent: Window | null = null;
  /** Double-buffered size hints, as last committed (0 = no limit). */
  minSize: Size = { width: 0, height: 0 };
  maxSize: Size = { width: 0, height: 0 };
  /** Desktop position of the window geometry's top-left corner. */
  x = 0;
  y = 0;
  /** Placed once: a window mapped again after a null-buffer unmap comes back where it was. */
  placed = false;
  /** Window geometry in surface-local coordinates (xdg_surface.set_window_geometry). */
  geometry: Rect = { x: 0, y: 0, width: 0, height: 0 };
  mapped = false;
  minimized = false;
  decorated = false;
  /** States the client acknowledged and committed. */
  readonly current: WindowStates = { maximized: false, fullscreen: false, activated: false, resizing: false };
  /** States to send in the next configure. */
  readonly wanted: WindowStates = { maximized: false, fullscreen: false, activated: false, resizing: false };
  /** A size asked of the client that it has not committed yet. */
  sizeRequest: Size | null = null;
  anchor: ResizeAnchor | null = null;
  /** Position and size to return to when leaving maximized or fullscreen. */
  restore: Rect | null = null;
  /** Mapped popups of this window (and of its popups), bottom to top. */
  popups: Popup[] = [];

  constructor(readonly handle: ToplevelHandle) {}

  get surface(): Surface {
    return this.handle.surface;
  }

  /** Desktop position of the surface origin (the window geometry may start inside the surface). */
  get surfaceOrigin(): { x: number; y: number } {
    return { x: this.x - this.geometry.x, y: this.y - this.geometry.y };
  }

  /** The window geometry on the desktop. */
  get frame(): Rect {
    return { x: this.x, y: this.y, width: this.geometry.width, height: this.geometry.height };
  }

  get pid(): number | null {
    return this.surface.resource.client.credentials?.pid ?? null;
  }

  /** What the control API and the desktop show of this window. */
  info(focused: boolean): WindowInfo {
    return {
      id: this.id,
      title: this.title,
      appId: this.appId,
      x: this.x,
      y: this.y,
      width: this.geometry.width,
      height: this.geometry.height,
      focused,
      maximized: this.current.maximized,
      fullscreen: this.current.fullscreen,
      minimized: this.minimized,
      parent: this.parent?.id ?? null,
      pid: this.pid,
      decorated: this.decorated,
      unresponsive: this.handle.unresponsive,
    };
  }

  /** True when `other` is this window or one of its transient ancestors. */
  hasAncestor(other: Window): boolean {
    if (other === this) return true;
    for (let w = this.parent; w; w = w.parent) if (w === other) return true;
    return false;
  }

  /** Back to the state right after xdg_surface.get_toplevel (on unmap, per xdg-shell). */
  resetState(): void {
    this.id = 0;
    this.mapped = false;
    this.minimized = false;
    this.parent = null;
    Object.assign(this.current, { maximized: false, fullscreen: false, activated: false, resizing: false });
    Object.assign(this.wanted, { maximized: false, fullscreen: false, activated: false, resizing: false });
    this.sizeRequest = null;
    this.anchor = null;
    this.restore = null;
    this.popups = [];
  }
}
