import type { Rect } from '../../../compositor/src/geometry/rect.js';
import { fullscreenPosition, type Size } from './placement.js';
import { EDGE_LEFT, EDGE_TOP, type ToplevelConfigure, type Window } from './window.js';

/**
 * The configure/commit cycle of a toplevel (policy side): which size goes with the states
 * asked of the client, and where the window goes when the client commits them.
 */

/** Double-buffered toplevel state applied by a commit. */
export interface ToplevelCommit {
  geometry: Rect;
  minSize: Size;
  maxSize: Size;
}

/** The configure to send now: requested states and the size that goes with them. */
export function configureFor(win: Window, output: Size): ToplevelConfigure {
  const w = win.wanted;
  let size: Size;
  let sizeRequest: Size | null = null;
  if (w.maximized || w.fullscreen) size = { width: output.width, height: output.height };
  else if (win.sizeRequest) size = sizeRequest = win.sizeRequest;
  // 0×0: the client keeps (or picks) its size; only the states change.
  else size = { width: 0, height: 0 };
  return { ...w, width: size.width, height: size.height, sizeRequest, anchor: win.anchor };
}

/** Asks for (or leaves) the maximized state; the normal geometry is kept to come back to. */
export function requestMaximized(win: Window, on: boolean): void {
  const was = win.wanted.maximized;
  if (on && !was && !win.wanted.fullscreen) saveRestore(win);
  win.wanted.maximized = on;
  if (!on && was && !win.wanted.fullscreen) requestRestoreSize(win);
  win.anchor = null;
  win.handle.scheduleConfigure();
}

export function requestFullscreen(win: Window, on: boolean): void {
  const was = win.wanted.fullscreen;
  if (on && !was && !win.wanted.maximized) saveRestore(win);
  win.wanted.fullscreen = on;
  if (!on && was && !win.wanted.maximized) requestRestoreSize(win);
  win.anchor = null;
  win.handle.scheduleConfigure();
}

function saveRestore(win: Window): void {
  win.restore = win.mapped ? win.frame : null;
}

/** Back to the size before maximize/fullscreen, or the client's choice (0×0) if unknown. */
function requestRestoreSize(win: Window): void {
  win.sizeRequest = win.restore
    ? { width: win.restore.width, height: win.restore.height }
    : { width: 0, height: 0 };
}

/**
 * Applies a commit: geometry, size hints, and the states of the configure it acknowledged
 * (`acked`). Leaving maximized/fullscreen puts the window back where it was (or at
 * `fallback()`), a resize from the left/top keeps the opposite edges, and maximized and
 * fullscreen windows are laid out on the output. Returns whether anything the window list
 * shows changed (position excepted: the caller compares it).
 */
export function applyCommit(
  win: Window,
  state: ToplevelCommit,
  acked: ToplevelConfigure | null,
  output: Size,
  fallback: () => { x: number; y: number },
): boolean {
  const wasMaxOrFull = win.current.maximized || win.current.fullscreen;
  const g = win.geometry;
  let changed =
    g.width !== state.geometry.width ||
    g.height !== state.geometry.height ||
    (win.mapped && (g.x !== state.geometry.x || g.y !== state.geometry.y));
  // A new geometry offset (e.g. shadows or subsurfaces growing the implicit geometry) keeps the
  // surface still on screen: the window's geometry corner moves with it.
  if (win.mapped && !wasMaxOrFull && !acked?.anchor) {
    win.x += state.geometry.x - g.x;
    win.y += state.geometry.y - g.y;
  }
  win.geometry = { ...state.geometry };
  win.minSize = state.minSize;
  win.maxSize = state.maxSize;
  if (acked) {
    changed ||= acked.maximized !== win.current.maximized || acked.fullscreen !== win.current.fullscreen;
    win.current.maximized = acked.maximized;
    win.current.fullscreen = acked.fullscreen;
    win.current.activated = acked.activated;
    win.current.resizing = acked.resizing;
    if (acked.sizeRequest && acked.sizeRequest === win.sizeRequest) win.sizeRequest = null;
  }
  if (!win.mapped) return changed;
  const isMaxOrFull = win.current.maximized || win.current.fullscreen;
  if (wasMaxOrFull && !isMaxOrFull) {
    Object.assign(win, win.restore ? { x: win.restore.x, y: win.restore.y } : fallback());
    win.restore = null;
  }
  if (acked?.anchor && !isMaxOrFull) {
    if (acked.anchor.edges & EDGE_LEFT) win.x = acked.anchor.right - win.geometry.width;
    if (acked.anchor.edges & EDGE_TOP) win.y = acked.anchor.bottom - win.geometry.height;
  }
  layout(win, output);
  return changed;
}

/** Maximized windows sit at the top-left corner, fullscreen ones centred. */
export function layout(win: Window, output: Size): void {
  const size = { width: win.geometry.width, height: win.geometry.height };
  if (win.current.fullscreen) Object.assign(win, fullscreenPosition(size, output));
  else if (win.current.maximized) Object.assign(win, { x: 0, y: 0 });
}
