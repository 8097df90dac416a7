import {
  changeWindowAttributes,
  configureWindow,
  decodeXprotoEvent,
  EventMask,
  mapWindow,
  type ClientMessageEvent,
  type ConfigureNotifyEvent,
  type ConfigureRequestEvent,
  type CreateNotifyEvent,
  type DestroyNotifyEvent,
  type MapNotifyEvent,
  type MapRequestEvent,
  type PropertyNotifyEvent,
  type UnmapNotifyEvent,
  type XprotoEvent,
} from '../../../protos/gen/x11/xproto.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import type { XReader } from '../x11/x-codec.js';
import type { XConnection } from '../x11/x-connection.js';
import { data32 } from '../x11/client-message.js';
import { handleWmMessage } from './ewmh-messages.js';
import { ClientList } from './client-list.js';
import type { WindowHost } from './window-host.js';
import { WindowRoles } from './window-roles.js';
import { XWindow } from './x-window.js';
import { announceWindowManager, becomeWindowManager, type WmIdentity } from './xwm-setup.js';

const trace = debugEnabled('xwm');

/** Receives the events the window manager does not handle itself (selections, XFIXES). */
export type ExtraEventHandler = (code: number, r: XReader, e: XprotoEvent | null) => void;

/**
 * The X window manager for rootless Xwayland. Dispatch reads like wlroots' xwm: one short
 * switch over X events, each calling one small handler. What an X window becomes on the
 * desktop is decided in WindowRoles; EWMH client messages in ewmh-messages.ts.
 */
export class Xwm {
  readonly windows = new Map<number, XWindow>();
  readonly roles: WindowRoles;
  readonly clientList: ClientList;
  onExtraEvent: ExtraEventHandler = () => {};
  /** XDND client messages (to the drag-and-drop bridge's windows): true when taken. */
  onDndMessage: (e: ClientMessageEvent) => boolean = () => false;

  private constructor(
    readonly c: XConnection,
    readonly id: WmIdentity,
    readonly host: WindowHost,
  ) {
    this.clientList = new ClientList(c, id);
    this.roles = new WindowRoles(this);
    c.onEvent = (code, r) => this.handleEvent(code, r);
  }

  /** Takes over a fresh Xwayland's window management on connection `c`. */
  static async start(c: XConnection, host: WindowHost, opts: { dpi: number }): Promise<Xwm> {
    const id = await becomeWindowManager(c, opts.dpi);
    return new Xwm(c, id, host);
  }

  /** Lets Xwayland accept clients (call once the selection bridge is listening too). */
  announce(): void {
    announceWindowManager(this.c, this.id);
  }

  get atoms() {
    return this.id.atoms;
  }

  private handleEvent(code: number, r: XReader): void {
    const e = decodeXprotoEvent(code, r);
    if (trace && e) debugLog('xwm', `${e.kind} ${'window' in e ? `0x${e.window.toString(16)}` : ''}`);
    switch (e?.kind) {
      case 'CreateNotify':
        return this.createNotify(e);
      case 'DestroyNotify':
        return this.destroyNotify(e);
      case 'MapRequest':
        return this.mapRequest(e);
      case 'MapNotify':
        return this.mapNotify(e);
      case 'UnmapNotify':
        return this.unmapNotify(e);
      case 'ConfigureRequest':
        return this.configureRequest(e);
      case 'ConfigureNotify':
        return this.configureNotify(e);
      case 'PropertyNotify':
        // Selection transfers (INCR) also watch properties, on their windows and requestors'.
        if (this.windows.has(e.window)) this.propertyNotify(e);
        return this.onExtraEvent(code, r, e);
      case 'ClientMessage':
        return this.clientMessage(e);
      default:
        // SelectionRequest/Notify/Clear and extension events belong to the selection bridge.
        this.onExtraEvent(code, r, e);
    }
  }

  private createNotify(e: CreateNotifyEvent): void {
    if (e.window === this.id.window) return;
    const win = new XWindow(e.window, e.overrideRedirect);
    Object.assign(win, { x: e.x, y: e.y, width: e.width, height: e.height });
    this.windows.set(e.window, win);
    changeWindowAttributes(this.c, {
      window: e.window,
      valueList: { eventMask: EventMask.PropertyChange | EventMask.FocusChange },
    });
    void win.loadAll(this.c, this.atoms);
  }

  private destroyNotify(e: DestroyNotifyEvent): void {
    const win = this.windows.get(e.window);
    if (!win) return;
    this.roles.unmanage(win);
    this.windows.delete(e.window);
  }

  private mapRequest(e: MapRequestEvent): void {
    const win = this.windows.get(e.window);
    if (win) {
      // Apps set WM_CLASS, titles and hints between creating and mapping the window; the reads
      // started at CreateNotify may have seen none of it. Read again: the replies come before
      // the MapNotify our MapWindow causes, so the window gets its role with them at no wait.
      void win.loadAll(this.c, this.atoms);
      this.roles.prepareMap(win);
    }
    mapWindow(this.c, { window: e.window });
  }

  private mapNotify(e: MapNotifyEvent): void {
    const win = this.windows.get(e.window);
    if (!win) return;
    win.mapped = true;
    win.overrideRedirect = e.overrideRedirect;
    this.roles.tryManage(win);
  }

  private unmapNotify(e: UnmapNotifyEvent): void {
    const win = this.windows.get(e.window);
    if (!win) return;
    win.mapped = false;
    // Xwayland destroys the surface with the mapping; the next map brings a new WL_SURFACE_ID.
    win.surfaceId = 0;
    this.roles.unmanage(win);
  }

  /** Unmanaged windows get what they ask; managed ones their size only (the host places them). */
  private configureRequest(e: ConfigureRequestEvent): void {
    const win = this.windows.get(e.window);
    const m = e.valueMask;
    const want = {
      ...(m & 1 ? { x: e.x } : {}),
      ...(m & 2 ? { y: e.y } : {}),
      ...(m & 4 ? { width: e.width } : {}),
      ...(m & 8 ? { height: e.height } : {}),
      ...(m & 16 ? { borderWidth: e.borderWidth } : {}),
      ...(m & 32 ? { sibling: e.sibling } : {}),
      ...(m & 64 ? { stackMode: e.stackMode } : {}),
    };
    if (!win?.toplevel) {
      configureWindow(this.c, { window: e.window, valueList: want });
      return;
    }
    this.roles.toplevelConfigureRequest(win, want);
  }

  private configureNotify(e: ConfigureNotifyEvent): void {
    const win = this.windows.get(e.window);
    if (!win) return;
    const moved = win.x !== e.x || win.y !== e.y || win.width !== e.width || win.height !== e.height;
    Object.assign(win, { x: e.x, y: e.y, width: e.width, height: e.height });
    win.overrideRedirect = e.overrideRedirect;
    if (moved) this.roles.geometryChanged(win);
  }

  private propertyNotify(e: PropertyNotifyEvent): void {
    const win = this.windows.get(e.window)!;
    void win.readProp(this.c, this.atoms, e.atom).then((followed) => {
      if (followed && this.windows.get(e.window) === win) this.roles.propsChanged(win, e.atom);
    });
  }

  private clientMessage(e: ClientMessageEvent): void {
    if (this.onDndMessage(e)) return;
    const a = this.atoms;
    const d = data32(e.data);
    if (e.type === a.WL_SURFACE_ID) {
      const win = this.windows.get(e.window);
      if (!win) return;
      win.surfaceId = d[0]!;
      this.roles.tryManage(win);
      return;
    }
    handleWmMessage(this, e.window, e.type, d);
  }

  /** The connection is gone (Xwayland exited): every role given to its surfaces goes too. */
  destroy(): void {
    for (const win of this.windows.values()) this.roles.unmanage(win);
    this.windows.clear();
    this.roles.destroy();
  }
}
