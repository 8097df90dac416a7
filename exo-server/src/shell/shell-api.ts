import type { Surface } from '../surface/surface.js';

/** A surface to draw and hit-test, at its desktop position (logical pixels). */
export interface SceneRoot {
  surface: Surface;
  x: number;
  y: number;
}

/** What the control API and the desktop report about a window. */
export interface WindowInfo {
  id: number;
  title: string;
  appId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  focused: boolean;
  maximized: boolean;
  fullscreen: boolean;
  minimized: boolean;
  /** Id of the parent window (transient for), or null. */
  parent: number | null;
  /** Process id of the client, when known. */
  pid: number | null;
  /** The client asked for server-side decorations (xdg-decoration): the desktop draws the frame. */
  decorated: boolean;
  /** The client did not answer the last ping within a few seconds. */
  unresponsive: boolean;
}

export type WindowAction =
  | { action: 'activate' }
  | { action: 'close' }
  | { action: 'maximize' }
  | { action: 'unmaximize' }
  | { action: 'fullscreen' }
  | { action: 'unfullscreen' }
  | { action: 'minimize' }
  | { action: 'move'; x: number; y: number }
  | { action: 'resize'; width: number; height: number };

/**
 * The window manager as the rest of exo sees it: the scene order, window list and actions
 * for the control API, and the policy hooks the seat calls.
 */
export interface ShellApi {
  /** Mapped toplevel and popup surfaces, bottom to top, at their desktop positions. */
  roots(): SceneRoot[];
  windows(): WindowInfo[];
  /** The window surface (toplevel) with this API id. */
  windowSurface(id: number): Surface | null;
  /** Applies an action; throws an Error with a clear message for an unknown window or bad arguments. */
  act(id: number, action: WindowAction): void;
  /**
   * Called by the seat before a button press or touch-down is delivered to `surface` (null =
   * the desktop background): click-to-focus, raising, dismissing popups.
   */
  pointerPressed(surface: Surface | null): void;
  /** Called when the output (desktop) size or scale changed. */
  outputChanged(): void;
  /** Subscribes to window list changes (map, unmap, title, state, geometry). */
  onWindowsChanged(cb: () => void): () => void;
}
