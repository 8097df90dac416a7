import { PROP_TYPES, setU32s } from './xwm-setup.js';
import type { XWindow } from './x-window.js';
import type { Xwm } from './xwm.js';

/** _NET_WM_STATE actions. */
const REMOVE = 0;
const ADD = 1;
const TOGGLE = 2;

/** _NET_WM_MOVERESIZE directions 0-7 → xdg_toplevel resize edges (top 1, bottom 2, left 4, right 8). */
const RESIZE_EDGES = [5, 1, 9, 8, 10, 2, 6, 4];
const MOVE = 8;

const IconicState = 3;

/**
 * Client messages a window manager answers (EWMH and ICCCM): _NET_WM_STATE (fullscreen,
 * maximized), _NET_ACTIVE_WINDOW, _NET_WM_MOVERESIZE, _NET_CLOSE_WINDOW, WM_CHANGE_STATE.
 */
export function handleWmMessage(xwm: Xwm, window: number, type: number, d: number[]): void {
  const a = xwm.atoms;
  const win = xwm.windows.get(window);
  if (!win) return;
  switch (type) {
    case a._NET_WM_STATE:
      return netWmState(xwm, win, d);
    case a._NET_ACTIVE_WINDOW:
      return win.toplevel?.activate();
    case a._NET_WM_MOVERESIZE: {
      const dir = d[2]!;
      if (dir === MOVE) win.toplevel?.startMove();
      else if (dir < RESIZE_EDGES.length) win.toplevel?.startResize(RESIZE_EDGES[dir]!);
      return;
    }
    case a._NET_CLOSE_WINDOW:
      return xwm.roles.close(win);
    case a.WM_CHANGE_STATE:
      if (d[0] === IconicState) win.toplevel?.setMinimized();
      return;
  }
}

function netWmState(xwm: Xwm, win: XWindow, d: number[]): void {
  const a = xwm.atoms;
  const [action, p1, p2] = d as [number, number, number];
  const has = (atom: number) => p1 === atom || p2 === atom;
  const next = (current: boolean): boolean =>
    action === ADD ? true : action === REMOVE ? false : action === TOGGLE ? !current : current;
  const st = win.props.netState;
  const fullscreen = has(a._NET_WM_STATE_FULLSCREEN)
    ? next(win.toplevel ? win.fullscreen : st.includes(a._NET_WM_STATE_FULLSCREEN))
    : null;
  const maxAtoms = has(a._NET_WM_STATE_MAXIMIZED_VERT) || has(a._NET_WM_STATE_MAXIMIZED_HORZ);
  const maximized = maxAtoms
    ? next(win.toplevel ? win.maximized : st.includes(a._NET_WM_STATE_MAXIMIZED_VERT))
    : null;
  if (win.toplevel) {
    if (fullscreen !== null) win.toplevel.setFullscreen(fullscreen);
    if (maximized !== null) win.toplevel.setMaximized(maximized);
    return;
  }
  // Not mapped yet: remember it in the property; mapping applies it.
  let s = [...st];
  const set = (atoms: number[], on: boolean | null) => {
    if (on === null) return;
    s = s.filter((x) => !atoms.includes(x));
    if (on) s.push(...atoms);
  };
  set([a._NET_WM_STATE_FULLSCREEN], fullscreen);
  set([a._NET_WM_STATE_MAXIMIZED_VERT, a._NET_WM_STATE_MAXIMIZED_HORZ], maximized);
  win.props.netState = s;
  setU32s(xwm.c, win.id, a._NET_WM_STATE, PROP_TYPES.ATOM, s);
}
