/**
 * The seam between the X window manager and the Wayland compositor Xwayland draws into. The
 * XWM decides what an X window is (toplevel, transient dialog, popup) from ICCCM/EWMH; the
 * host gives Xwayland's wl_surface that role on its behalf, because Xwayland 22.1 knows no
 * shell protocol. Exo implements it with its window manager directly
 * (exo-server/src/xwayland/), sommelier with host xdg_toplevel/xdg_popup objects made on
 * Xwayland's host connection (sommelier/src/xwayland/). Coordinates are the X screen's, which
 * is the host's logical space on exo and the guest's on sommelier.
 */

export interface Size {
  width: number;
  height: number;
}

/** A configure the host asks of a toplevel: 0×0 keeps the current size. */
export interface ToplevelConfigure {
  width: number;
  height: number;
  maximized: boolean;
  fullscreen: boolean;
  activated: boolean;
  resizing: boolean;
}

/** What the host tells the XWM about one of its toplevels. */
export interface ToplevelEvents {
  configure(c: ToplevelConfigure): void;
  /** The user asked to close the window. */
  close(): void;
  /** The window's position on the desktop (hosts that place windows themselves). */
  moved?(x: number, y: number): void;
}

export interface PopupEvents {
  /** The host dismissed the popup (X clients manage their menus: rarely used). */
  done(): void;
}

/** A role given to an Xwayland surface; destroy takes it away (the X window was unmapped). */
export interface HostWindow {
  destroy(): void;
}

export interface HostToplevel extends HostWindow {
  setTitle(title: string): void;
  setAppId(appId: string): void;
  /** Transient for (dialogs): the host keeps it above and centred on its parent. */
  setParent(parent: HostToplevel | null): void;
  /** Minimum and maximum size (0 = no limit), applied with the next commit. */
  setSizeHints(min: Size, max: Size): void;
  setMaximized(on: boolean): void;
  setFullscreen(on: boolean): void;
  setMinimized(): void;
  /** False when the client draws its own frame (_MOTIF_WM_HINTS). */
  setDecorated(on: boolean): void;
  /** _NET_WM_MOVERESIZE with a button held: an interactive move / resize (xdg resize edges). */
  startMove(): void;
  startResize(edges: number): void;
  /** _NET_ACTIVE_WINDOW from a client (or a new transient): raise and focus. */
  activate(): void;
}

export interface HostPopup extends HostWindow {
  /** The X window moved or resized: place it again (relative to its parent's surface origin). */
  reposition(x: number, y: number, width: number, height: number): void;
}

export interface WindowHost {
  /** Makes Xwayland's surface `surfaceId` a toplevel; null when there is no such surface yet. */
  createToplevel(surfaceId: number, events: ToplevelEvents): HostToplevel | null;
  /**
   * Makes it a popup of `parent` at (x, y) relative to the parent's surface origin; null when
   * there is no such surface yet.
   */
  createPopup(
    surfaceId: number,
    parent: HostWindow,
    rect: { x: number; y: number; width: number; height: number },
    events: PopupEvents,
  ): HostPopup | null;
  /** Subscribes to new Xwayland surfaces (their ids), for windows whose surface came late. */
  onSurfaceCreated(cb: (surfaceId: number) => void): () => void;
}
