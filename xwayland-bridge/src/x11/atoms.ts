import { getAtomName, internAtom } from '../../../protos/gen/x11/xproto.js';
import type { XConnection } from './x-connection.js';

/** Atoms the window manager and the selection bridge use, interned once per connection. */
export const ATOM_NAMES = [
  'WM_PROTOCOLS',
  'WM_DELETE_WINDOW',
  'WM_TAKE_FOCUS',
  'WM_STATE',
  'WM_CHANGE_STATE',
  'WM_S0',
  'WL_SURFACE_ID',
  'UTF8_STRING',
  'TEXT',
  'CLIPBOARD',
  'TARGETS',
  'TIMESTAMP',
  'INCR',
  'MULTIPLE',
  '_TARTINE_SELECTION',
  '_NET_WM_NAME',
  '_NET_SUPPORTED',
  '_NET_SUPPORTING_WM_CHECK',
  '_NET_CLIENT_LIST',
  '_NET_CLIENT_LIST_STACKING',
  '_NET_ACTIVE_WINDOW',
  '_NET_CLOSE_WINDOW',
  '_NET_WM_MOVERESIZE',
  '_NET_WM_PID',
  '_NET_WM_STATE',
  '_NET_WM_STATE_FULLSCREEN',
  '_NET_WM_STATE_MAXIMIZED_VERT',
  '_NET_WM_STATE_MAXIMIZED_HORZ',
  '_NET_WM_STATE_HIDDEN',
  '_NET_WM_STATE_FOCUSED',
  '_NET_WM_STATE_MODAL',
  '_NET_WM_WINDOW_TYPE',
  '_NET_WM_WINDOW_TYPE_NORMAL',
  '_NET_WM_WINDOW_TYPE_DIALOG',
  '_NET_WM_WINDOW_TYPE_UTILITY',
  '_NET_WM_WINDOW_TYPE_TOOLBAR',
  '_NET_WM_WINDOW_TYPE_SPLASH',
  '_NET_WM_WINDOW_TYPE_MENU',
  '_NET_WM_WINDOW_TYPE_DROPDOWN_MENU',
  '_NET_WM_WINDOW_TYPE_POPUP_MENU',
  '_NET_WM_WINDOW_TYPE_TOOLTIP',
  '_NET_WM_WINDOW_TYPE_NOTIFICATION',
  '_NET_WM_WINDOW_TYPE_COMBO',
  '_NET_WM_WINDOW_TYPE_DND',
  '_MOTIF_WM_HINTS',
] as const;

export type AtomName = (typeof ATOM_NAMES)[number];
export type Atoms = Record<AtomName, number>;

/** Interns every atom of ATOM_NAMES with pipelined requests (one round trip). */
export async function internAtoms(c: XConnection): Promise<Atoms> {
  const replies = await Promise.all(ATOM_NAMES.map((name) => internAtom(c, { onlyIfExists: false, name })));
  const out = {} as Atoms;
  ATOM_NAMES.forEach((name, i) => (out[name] = replies[i]!.atom));
  return out;
}

/**
 * Atoms interned on demand (MIME types as selection targets), with their names both ways.
 * Lookups of names we never saw cost one GetAtomName round trip, then are cached.
 */
export class AtomCache {
  private readonly byName = new Map<string, number>();
  private readonly byAtom = new Map<number, string>();

  constructor(private readonly c: XConnection) {}

  async atom(name: string): Promise<number> {
    const have = this.byName.get(name);
    if (have !== undefined) return have;
    const { atom } = await internAtom(this.c, { onlyIfExists: false, name });
    this.byName.set(name, atom);
    this.byAtom.set(atom, name);
    return atom;
  }

  async name(atom: number): Promise<string> {
    const have = this.byAtom.get(atom);
    if (have !== undefined) return have;
    const { name } = await getAtomName(this.c, { atom });
    this.byAtom.set(atom, name);
    this.byName.set(name, atom);
    return name;
  }
}
