import {
  configureWindow,
  InputFocus,
  killClient,
  setInputFocus,
  StackMode,
} from '../../../protos/gen/x11/xproto.js';
import { sendClientMessage } from '../x11/client-message.js';
import type { HostWindow, ToplevelConfigure } from './window-host.js';
import type { XWindow } from './x-window.js';
import type { Xwm } from './xwm.js';
import { PROP_TYPES, setU32s } from './xwm-setup.js';

const NormalState = 1;
const WithdrawnState = 0;

/**
 * What an X window becomes on the desktop, and keeping both sides in step: a mapped window
 * whose surface is known (WL_SURFACE_ID) becomes a popup (override-redirect windows, menus,
 * tooltips) placed relative to its parent, or a toplevel whose title, app id (WM_CLASS),
 * parent, size hints and decorations follow its properties. Host configures resize the X
 * window, set _NET_WM_STATE and move the X input focus (ICCCM input models).
 */
export class WindowRoles {
  /** Windows whose surface the host has not seen yet, by surface id. */
  private readonly waiting = new Map<number, XWindow>();
  private focused: XWindow | null = null;
  private readonly offSurface: () => void;

  constructor(private readonly xwm: Xwm) {
    this.offSurface = xwm.host.onSurfaceCreated((id) => {
      const win = this.waiting.get(id);
      if (!win) return;
      this.waiting.delete(id);
      void this.tryManage(win);
    });
  }

  private get c() {
    return this.xwm.c;
  }

  private get atoms() {
    return this.xwm.atoms;
  }

  /** A client asked to map a window: ICCCM Normal state, and no X border (the host frames it). */
  prepareMap(win: XWindow): void {
    configureWindow(this.c, { window: win.id, valueList: { borderWidth: 0 } });
    setU32s(this.c, win.id, this.atoms.WM_STATE, this.atoms.WM_STATE, [NormalState, 0]);
  }

  /** Gives the window its role once it is mapped, its surface known and its properties read. */
  async tryManage(win: XWindow): Promise<void> {
    if (!win.mapped || !win.surfaceId || win.managed) return;
    const sid = win.surfaceId;
    await win.loaded;
    if (!win.mapped || win.surfaceId !== sid || win.managed || !this.xwm.windows.has(win.id)) return;
    const parent = this.isPopup(win) ? this.popupParent(win) : null;
    if (parent) {
      const rect = { x: win.x - parent.x, y: win.y - parent.y, width: win.width, height: win.height };
      win.popup = this.xwm.host.createPopup(sid, (parent.toplevel ?? parent.popup)!, rect, {
        done: () => {},
      });
      if (!win.popup) this.waiting.set(sid, win);
      return;
    }
    const t = this.xwm.host.createToplevel(sid, {
      configure: (c) => this.configure(win, c),
      close: () => this.close(win),
      moved: (x, y) => {
        if (x !== win.x || y !== win.y) configureWindow(this.c, { window: win.id, valueList: { x, y } });
      },
    });
    if (!t) {
      this.waiting.set(sid, win);
      return;
    }
    win.toplevel = t;
    this.syncToplevel(win);
    const a = this.atoms;
    const st = win.props.netState;
    if (st.includes(a._NET_WM_STATE_FULLSCREEN)) t.setFullscreen(true);
    if (st.includes(a._NET_WM_STATE_MAXIMIZED_VERT) && st.includes(a._NET_WM_STATE_MAXIMIZED_HORZ))
      t.setMaximized(true);
    this.xwm.clientList.add(win.id);
  }

  /** Menus, tooltips and override-redirect windows become popups of a toplevel, when there is one. */
  private isPopup(win: XWindow): boolean {
    if (win.overrideRedirect) return true;
    const a = this.atoms;
    const popupTypes = [
      a._NET_WM_WINDOW_TYPE_MENU,
      a._NET_WM_WINDOW_TYPE_DROPDOWN_MENU,
      a._NET_WM_WINDOW_TYPE_POPUP_MENU,
      a._NET_WM_WINDOW_TYPE_TOOLTIP,
      a._NET_WM_WINDOW_TYPE_COMBO,
      a._NET_WM_WINDOW_TYPE_DND,
    ];
    return win.props.types.some((t) => popupTypes.includes(t));
  }

  /**
   * The transient-for window if managed, else a toplevel of the same X client (the focused
   * one if it is), else the focused toplevel, else the newest managed one.
   */
  private popupParent(win: XWindow): XWindow | null {
    const tf = this.xwm.windows.get(win.props.transientFor);
    if (tf?.managed && tf !== win) return tf;
    const mask = this.c.setup.resourceIdMask;
    const client = (w: XWindow) => (w.id & ~mask) >>> 0;
    const focused = this.focused?.toplevel ? this.focused : null;
    if (focused && client(focused) === client(win)) return focused;
    let sameClient: XWindow | null = null;
    let last: XWindow | null = null;
    for (const w of this.xwm.windows.values()) {
      if (!w.toplevel) continue;
      last = w;
      if (client(w) === client(win)) sameClient = w;
    }
    return sameClient ?? focused ?? last;
  }

  unmanage(win: XWindow): void {
    for (const [id, w] of this.waiting) if (w === win) this.waiting.delete(id);
    const role: HostWindow | null = win.toplevel ?? win.popup;
    win.toplevel = null;
    win.popup = null;
    role?.destroy();
    this.xwm.clientList.remove(win.id);
    if (this.focused === win) this.focused = null;
    if (this.xwm.windows.has(win.id) && !win.mapped)
      setU32s(this.c, win.id, this.atoms.WM_STATE, this.atoms.WM_STATE, [WithdrawnState, 0]);
  }

  /** A followed property changed: the host learns the new title, app id, hints... */
  propsChanged(win: XWindow, _atom: number): void {
    if (win.toplevel) this.syncToplevel(win);
  }

  private syncToplevel(win: XWindow): void {
    const t = win.toplevel!;
    const p = win.props;
    t.setTitle(p.title);
    t.setAppId(p.cls || p.instance);
    const parent = this.xwm.windows.get(p.transientFor);
    t.setParent(parent && parent !== win ? parent.toplevel : null);
    const h = p.sizeHints;
    t.setSizeHints({ width: h.minWidth, height: h.minHeight }, { width: h.maxWidth, height: h.maxHeight });
    t.setDecorated(p.decorated);
  }

  /** The X window moved or resized: a popup follows it. */
  geometryChanged(win: XWindow): void {
    if (!win.popup) return;
    const parent = this.popupParent(win);
    if (parent) win.popup.reposition(win.x - parent.x, win.y - parent.y, win.width, win.height);
  }

  /** A managed toplevel asks for a size: granted unless maximized or fullscreen; position is ours. */
  toplevelConfigureRequest(win: XWindow, want: { width?: number; height?: number }): void {
    if (win.fullscreen || win.maximized || (want.width === undefined && want.height === undefined)) {
      // ICCCM 4.1.5: a refused request still gets a (synthetic) ConfigureNotify; an empty move does.
      configureWindow(this.c, { window: win.id, valueList: { x: win.x, y: win.y } });
      return;
    }
    configureWindow(this.c, { window: win.id, valueList: { width: want.width, height: want.height } });
  }

  /** The host's configure: size, _NET_WM_STATE and focus. */
  configure(win: XWindow, c: ToplevelConfigure): void {
    if (!this.xwm.windows.has(win.id)) return;
    win.fullscreen = c.fullscreen;
    win.maximized = c.maximized;
    if (c.width > 0 && c.height > 0 && (c.width !== win.width || c.height !== win.height))
      configureWindow(this.c, { window: win.id, valueList: { width: c.width, height: c.height } });
    if (c.activated) this.focus(win);
    else if (this.focused === win) this.focus(null);
    this.writeNetState(win);
  }

  /** WM_DELETE_WINDOW when the client speaks it, else the client is disconnected (ICCCM). */
  close(win: XWindow): void {
    const a = this.atoms;
    if (win.props.protocols.includes(a.WM_DELETE_WINDOW))
      sendClientMessage(this.c, win.id, a.WM_PROTOCOLS, [a.WM_DELETE_WINDOW, 0]);
    else killClient(this.c, { resource: win.id });
  }

  /** Gives X input focus per the ICCCM input model, raises the window, updates _NET_ACTIVE_WINDOW. */
  focus(win: XWindow | null): void {
    if (win === this.focused) return;
    const old = this.focused;
    this.focused = win;
    if (old && this.xwm.windows.has(old.id)) this.writeNetState(old);
    if (!win) {
      setInputFocus(this.c, { revertTo: InputFocus.PointerRoot, focus: InputFocus.None, time: 0 });
      this.xwm.clientList.setActive(0);
      return;
    }
    const a = this.atoms;
    if (win.props.hints.input)
      setInputFocus(this.c, { revertTo: InputFocus.PointerRoot, focus: win.id, time: 0 });
    if (win.props.protocols.includes(a.WM_TAKE_FOCUS))
      sendClientMessage(this.c, win.id, a.WM_PROTOCOLS, [a.WM_TAKE_FOCUS, 0]);
    configureWindow(this.c, { window: win.id, valueList: { stackMode: StackMode.Above } });
    this.xwm.clientList.raise(win.id);
    this.xwm.clientList.setActive(win.id);
  }

  get focusedWindow(): XWindow | null {
    return this.focused;
  }

  /** _NET_WM_STATE as the host configured it (fullscreen, maximized, focused). */
  writeNetState(win: XWindow): void {
    const a = this.atoms;
    const s: number[] = [];
    if (win.fullscreen) s.push(a._NET_WM_STATE_FULLSCREEN);
    if (win.maximized) s.push(a._NET_WM_STATE_MAXIMIZED_VERT, a._NET_WM_STATE_MAXIMIZED_HORZ);
    if (this.focused === win) s.push(a._NET_WM_STATE_FOCUSED);
    win.props.netState = s;
    setU32s(this.c, win.id, a._NET_WM_STATE, PROP_TYPES.ATOM, s);
  }

  destroy(): void {
    this.offSurface();
    this.waiting.clear();
  }
}
