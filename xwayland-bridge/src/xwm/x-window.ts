import type { Atoms } from '../x11/atoms.js';
import {
  motifDecorated,
  readProperty,
  sizeHints,
  text,
  u32s,
  wmClass,
  wmHints,
  type SizeHints,
  type WmHints,
} from '../x11/properties.js';
import type { XConnection } from '../x11/x-connection.js';
import type { HostPopup, HostToplevel } from './window-host.js';

/** The ICCCM/EWMH properties the window manager follows, as last read. */
export interface WindowProps {
  title: string;
  /** WM_CLASS class (the app id) and instance. */
  cls: string;
  instance: string;
  transientFor: number;
  hints: WmHints;
  sizeHints: SizeHints;
  /** WM_PROTOCOLS atoms (WM_DELETE_WINDOW, WM_TAKE_FOCUS...). */
  protocols: number[];
  /** _NET_WM_WINDOW_TYPE atoms, most wanted first. */
  types: number[];
  /** _NET_WM_STATE atoms the client set (fullscreen, maximized...). */
  netState: number[];
  decorated: boolean;
  pid: number;
}

/**
 * One X window the window manager knows: its X geometry, properties, the Wayland surface
 * Xwayland draws it into (WL_SURFACE_ID), and the role the host gave that surface.
 */
export class XWindow {
  x = 0;
  y = 0;
  width = 1;
  height = 1;
  /** Mapped on the X side (MapNotify seen, UnmapNotify not). */
  mapped = false;
  /** The wl_surface id in Xwayland's connection, once WL_SURFACE_ID arrived. */
  surfaceId = 0;
  toplevel: HostToplevel | null = null;
  popup: HostPopup | null = null;
  /** The last states the host configured (to answer _NET_WM_STATE toggles). */
  fullscreen = false;
  maximized = false;
  readonly props: WindowProps = {
    title: '',
    cls: '',
    instance: '',
    transientFor: 0,
    hints: { input: true, urgent: false },
    sizeHints: { minWidth: 0, minHeight: 0, maxWidth: 0, maxHeight: 0 },
    protocols: [],
    types: [],
    netState: [],
    decorated: true,
    pid: 0,
  };
  /** Resolves when every property was read once (pairing waits for it). */
  loaded: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    public overrideRedirect: boolean,
  ) {}

  get managed(): boolean {
    return this.toplevel !== null || this.popup !== null;
  }

  /** The property atoms `readProp` understands. */
  static watched(a: Atoms): number[] {
    return [
      39,
      a._NET_WM_NAME,
      67,
      68,
      35,
      40,
      a.WM_PROTOCOLS,
      a._NET_WM_WINDOW_TYPE,
      a._NET_WM_STATE,
      a._MOTIF_WM_HINTS,
      a._NET_WM_PID,
    ];
  }

  /** Reads every watched property (pipelined); `loaded` resolves when done. */
  loadAll(c: XConnection, a: Atoms): Promise<void> {
    this.loaded = Promise.all(XWindow.watched(a).map((p) => this.readProp(c, a, p))).then(() => {});
    return this.loaded;
  }

  /** Reads one property into `props`; resolves true when it is one we follow. */
  async readProp(c: XConnection, a: Atoms, atom: number): Promise<boolean> {
    if (!XWindow.watched(a).includes(atom)) return false;
    let p;
    try {
      p = await readProperty(c, this.id, atom);
    } catch {
      return false; // the window is gone (BadWindow): its DestroyNotify follows
    }
    const props = this.props;
    switch (atom) {
      case 39: // WM_NAME: used unless _NET_WM_NAME is set
        if (!this.netName) props.title = text(p, a.UTF8_STRING) ?? '';
        break;
      case a._NET_WM_NAME: {
        const t = text(p, a.UTF8_STRING);
        this.netName = t !== null;
        if (t !== null) props.title = t;
        break;
      }
      case 67: {
        const cl = wmClass(p);
        props.cls = cl?.cls ?? '';
        props.instance = cl?.instance ?? '';
        break;
      }
      case 68:
        props.transientFor = u32s(p)[0] ?? 0;
        break;
      case 35:
        props.hints = wmHints(p);
        break;
      case 40:
        props.sizeHints = sizeHints(p);
        break;
      case a.WM_PROTOCOLS:
        props.protocols = u32s(p);
        break;
      case a._NET_WM_WINDOW_TYPE:
        props.types = u32s(p);
        break;
      case a._NET_WM_STATE:
        props.netState = u32s(p);
        break;
      case a._MOTIF_WM_HINTS:
        props.decorated = p.format === 32 ? motifDecorated(p) : true;
        break;
      case a._NET_WM_PID:
        props.pid = u32s(p)[0] ?? 0;
        break;
    }
    return true;
  }

  private netName = false;
}
