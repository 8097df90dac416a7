import {
  decodeXfixesEvent,
  queryVersion,
  selectSelectionInput,
  SelectionEventMask,
  XFIXES,
} from '../../../protos/gen/x11/xfixes.js';
import {
  createWindow,
  EventMask,
  WindowClass,
  type ClientMessageEvent,
  type XprotoEvent,
} from '../../../protos/gen/x11/xproto.js';
import { PropertyPool } from '../selection/property-pool.js';
import { AtomCache } from '../x11/atoms.js';
import { data32 } from '../x11/client-message.js';
import { XReader } from '../x11/x-codec.js';
import type { XConnection } from '../x11/x-connection.js';
import type { ExtraEventHandler, Xwm } from '../xwm/xwm.js';
import { PROP_TYPES, setU32s } from '../xwm/xwm-setup.js';
import { DndSelection } from './dnd-selection.js';
import type { DragHost, WaylandDragOffer, XDropFeedback } from './drag-host.js';
import { XDragSource } from './x-drag-source.js';
import { XDropProxy } from './x-drop-proxy.js';
import { internXdndAtoms, traceXdnd, XDND_VERSION, xdndTrace, type XdndAtoms } from './xdnd.js';

/** An input-only window of ours, unmapped, with event mask `mask`. */
function ownWindow(c: XConnection, root: number, rect: [number, number, number, number], mask: number) {
  const wid = c.generateId();
  createWindow(c, {
    depth: 0,
    wid,
    parent: root,
    x: rect[0],
    y: rect[1],
    width: rect[2],
    height: rect[3],
    borderWidth: 0,
    class: WindowClass.InputOnly,
    visual: 0,
    valueList: { overrideRedirect: 1, eventMask: mask },
  });
  return wid;
}

/**
 * XDND ⇄ Wayland drag-and-drop for one Xwayland run: X drags reach Wayland surfaces through
 * the proxy (XDropProxy), Wayland drags reach X windows through us as an XDND source
 * (XDragSource), and both move their data through XdndSelection (DndSelection). Takes the XDND
 * client messages the XWM hands over and the selection events of XdndSelection.
 */
export class DndBridge {
  private out: XDragSource | null = null;
  private readonly offTargets: () => void;
  private readonly previous: ExtraEventHandler;
  private readonly xfixesEvent: number;

  private constructor(
    private readonly xwm: Xwm,
    private readonly a: XdndAtoms,
    private readonly cache: AtomCache,
    private readonly data: DndSelection,
    private readonly proxy: XDropProxy | null,
    xfixesEvent: number,
    host: DragHost,
  ) {
    this.xfixesEvent = xfixesEvent;
    data.onXOwnerGone = () => proxy?.xSourceGone();
    this.previous = xwm.onExtraEvent;
    xwm.onExtraEvent = (code, r, e) => this.event(code, r, e);
    xwm.onDndMessage = (e) => this.clientMessage(e);
    this.offTargets = host.setXDropTargets((sid, offer, feedback) =>
      this.waylandDragOver(sid, offer, feedback),
    );
  }

  static async start(xwm: Xwm, host: DragHost): Promise<DndBridge | null> {
    const c = xwm.c;
    const ext = c.extension(XFIXES) ?? (await c.initExtension(XFIXES));
    if (!ext) return null;
    await queryVersion(c, { clientMajorVersion: 5, clientMinorVersion: 0 });
    const a = await internXdndAtoms(c);
    const cache = new AtomCache(c);
    const root = xwm.id.root;
    const screen = c.setup.roots[0]!;
    const sourceWindow = ownWindow(c, root, [-10, -10, 1, 1], EventMask.PropertyChange);
    selectSelectionInput(c, {
      window: sourceWindow,
      selection: a.XdndSelection,
      eventMask:
        SelectionEventMask.SetSelectionOwner |
        SelectionEventMask.SelectionWindowDestroy |
        SelectionEventMask.SelectionClientClose,
    });
    const pool = new PropertyPool(cache);
    const data = new DndSelection(c, xwm.atoms, cache, pool, a.XdndSelection, sourceWindow);
    let proxy: XDropProxy | null = null;
    if (host.xToWayland) {
      // The proxy covers the whole X screen; mapped only while an X client drags.
      const w = ownWindow(c, root, [0, 0, screen.widthInPixels, screen.heightInPixels], 0);
      setU32s(c, w, a.XdndAware, PROP_TYPES.ATOM, [XDND_VERSION]);
      proxy = new XDropProxy(c, xwm, a, cache, data, host.xToWayland, w);
    }
    c.flush();
    return new DndBridge(xwm, a, cache, data, proxy, ext.firstEvent, host);
  }

  // --- X events --------------------------------------------------------------------------

  /** XDND client messages to our windows; true when it was one. */
  private clientMessage(e: ClientMessageEvent): boolean {
    const l = data32(e.data);
    if (e.window === this.proxy?.window || e.window === this.data.window) traceXdnd('←', e.window, e.type, l);
    if (this.proxy && e.window === this.proxy.window) return this.proxy.message(e.type, l);
    if (e.window !== this.data.window) return false;
    const out = this.out;
    if (e.type === this.a.XdndStatus) {
      if (out && l[0] === out.targetWindow) out.status(l);
    } else if (e.type === this.a.XdndFinished) {
      if (out && l[0] === out.targetWindow) out.finished(l);
    } else return false;
    this.xwm.c.flush();
    return true;
  }

  /** XdndSelection's events are ours; everything else goes on to the selection bridge. */
  private event(code: number, r: XReader, e: XprotoEvent | null): void {
    const sel = this.data.selection;
    if (code === this.xfixesEvent) {
      const x = decodeXfixesEvent(0, new XReader(r.data));
      if (x?.kind === 'SelectionNotify' && x.selection === this.a.XdndSelection) {
        xdndTrace(`XdndSelection owner 0x${x.owner.toString(16)}`);
        sel.ownerChanged(x.owner, x.selectionTimestamp);
        if (x.owner !== 0 && x.owner !== this.data.window) this.proxy?.xDragStarted();
        return;
      }
    }
    switch (e?.kind) {
      case 'SelectionRequest':
        if (e.selection === this.a.XdndSelection) return void sel.selectionRequest(e);
        break;
      case 'SelectionNotify':
        if (e.requestor === this.data.window) return sel.selectionNotify(e.property, e.target);
        break;
      case 'PropertyNotify':
        sel.propertyNotify(e.window, e.atom, e.state === 1);
        break;
    }
    this.previous(code, r, e);
  }

  // --- Wayland drags over X ----------------------------------------------------------------

  private waylandDragOver(surfaceId: number, offer: WaylandDragOffer, feedback: XDropFeedback) {
    let win = null;
    for (const w of this.xwm.windows.values()) if (w.mapped && w.surfaceId === surfaceId) win = w;
    xdndTrace(
      `Wayland drag over surface ${surfaceId}: X window ${win ? `0x${win.id.toString(16)}` : 'none'}`,
    );
    if (!win) return null;
    this.out?.leave();
    const s = new XDragSource(
      this.xwm.c,
      this.a,
      this.cache,
      this.data,
      this.data.window,
      win,
      offer,
      feedback,
      (ended) => {
        if (this.out !== ended) return;
        this.out = null;
        // The X target read what it wanted (or left): nothing more to serve.
        if (ended.ownsData) this.data.own(null);
      },
      () => this.xwm.windows.get(win.id) === win,
      !this.proxy?.handedOver,
    );
    this.out = s;
    return s;
  }

  destroy(): void {
    this.offTargets();
    this.out?.targetGone();
    this.proxy?.destroy();
    this.data.destroy();
  }
}
