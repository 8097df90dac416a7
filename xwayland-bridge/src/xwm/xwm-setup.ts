import {
  changeProperty,
  changeWindowAttributes,
  createWindow,
  EventMask,
  PropMode,
  setSelectionOwner,
  WindowClass,
} from '../../../protos/gen/x11/xproto.js';
import { COMPOSITE, queryVersion, Redirect, redirectSubwindows } from '../../../protos/gen/x11/composite.js';
import { RES } from '../../../protos/gen/x11/res.js';
import { XFIXES } from '../../../protos/gen/x11/xfixes.js';
import { internAtoms, type Atoms } from '../x11/atoms.js';
import type { XConnection } from '../x11/x-connection.js';

const ATOM = 4;
const CARDINAL = 6;
const WINDOW = 33;
const STRING = 31;
const RESOURCE_MANAGER = 23;

/** Replaces a property with 32-bit values. */
export function setU32s(
  c: XConnection,
  window: number,
  property: number,
  type: number,
  values: number[],
): void {
  const data = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => data.writeUInt32LE(v >>> 0, i * 4));
  changeProperty(c, {
    mode: PropMode.Replace,
    window,
    property,
    type,
    format: 32,
    dataLen: values.length,
    data,
  });
}

/** Replaces a property with 8-bit text. */
export function setText(c: XConnection, window: number, property: number, type: number, value: string): void {
  const data = Buffer.from(value, type === STRING ? 'latin1' : 'utf8');
  changeProperty(c, {
    mode: PropMode.Replace,
    window,
    property,
    type,
    format: 8,
    dataLen: data.length,
    data,
  });
}

export const PROP_TYPES = { ATOM, CARDINAL, WINDOW, STRING };

/** The EWMH hints we implement, announced in _NET_SUPPORTED. */
function supported(a: Atoms): number[] {
  return [
    a._NET_SUPPORTED,
    a._NET_SUPPORTING_WM_CHECK,
    a._NET_CLIENT_LIST,
    a._NET_CLIENT_LIST_STACKING,
    a._NET_ACTIVE_WINDOW,
    a._NET_CLOSE_WINDOW,
    a._NET_WM_MOVERESIZE,
    a._NET_WM_NAME,
    a._NET_WM_PID,
    a._NET_WM_STATE,
    a._NET_WM_STATE_FULLSCREEN,
    a._NET_WM_STATE_MAXIMIZED_VERT,
    a._NET_WM_STATE_MAXIMIZED_HORZ,
    a._NET_WM_STATE_HIDDEN,
    a._NET_WM_STATE_FOCUSED,
    a._NET_WM_WINDOW_TYPE,
  ];
}

export interface WmIdentity {
  atoms: Atoms;
  root: number;
  /** Our own window: _NET_SUPPORTING_WM_CHECK, WM_S0 owner, selection requestor. */
  window: number;
}

/**
 * Becomes Xwayland's window manager: redirects the root's substructure to us (and its
 * rendering: Composite, or Xwayland makes no surfaces), publishes the
 * EWMH check window and _NET_SUPPORTED, and sets Xft.dpi.
 */
export async function becomeWindowManager(c: XConnection, dpi: number): Promise<WmIdentity> {
  const root = c.setup.roots[0]!.root;
  // One round trip for everything setup needs to know: Xwayland accepts X clients only once we
  // are done, so each round trip here delays every app's first window. The extensions the
  // selection bridge and the idle watch use come along (x-connection caches them).
  const [atoms, composite] = await Promise.all([
    internAtoms(c),
    c.initExtension(COMPOSITE),
    c.initExtension(XFIXES),
    c.initExtension(RES),
  ]);
  if (!composite) throw new Error('Xwayland has no Composite extension');
  // Requests run in order: the version is negotiated before the redirect without waiting.
  queryVersion(c, { clientMajorVersion: 0, clientMinorVersion: 4 }).catch(() => {});
  // Rootless Xwayland gives a wl_surface only to windows redirected by hand: all of them.
  redirectSubwindows(c, { window: root, update: Redirect.Manual });
  changeWindowAttributes(c, {
    window: root,
    valueList: {
      eventMask: EventMask.SubstructureRedirect | EventMask.SubstructureNotify | EventMask.PropertyChange,
    },
  });
  const window = c.generateId();
  createWindow(c, {
    depth: 0,
    wid: window,
    parent: root,
    x: -100,
    y: -100,
    width: 1,
    height: 1,
    borderWidth: 0,
    class: WindowClass.InputOnly,
    visual: 0,
    valueList: { eventMask: EventMask.PropertyChange },
  });
  setU32s(c, window, atoms._NET_SUPPORTING_WM_CHECK, WINDOW, [window]);
  setText(c, window, atoms._NET_WM_NAME, atoms.UTF8_STRING, 'Tartine');
  setU32s(c, root, atoms._NET_SUPPORTING_WM_CHECK, WINDOW, [window]);
  setU32s(c, root, atoms._NET_SUPPORTED, ATOM, supported(atoms));
  setU32s(c, root, atoms._NET_CLIENT_LIST, WINDOW, []);
  setU32s(c, root, atoms._NET_CLIENT_LIST_STACKING, WINDOW, []);
  setU32s(c, root, atoms._NET_ACTIVE_WINDOW, WINDOW, [0]);
  // Xft-based toolkits read their DPI from the resource database, not from the screen size.
  setText(c, root, RESOURCE_MANAGER, STRING, `Xft.dpi:\t${Math.round(dpi)}\n`);
  return { atoms, root, window };
}

/**
 * Takes WM_S0, which is what Xwayland waits for before it accepts clients on the display
 * socket: done last, once everything that must see the first client (selections) is ready.
 */
export function announceWindowManager(c: XConnection, id: WmIdentity): void {
  setSelectionOwner(c, { owner: id.window, selection: id.atoms.WM_S0, time: 0 });
  c.flush();
}
