import {
  configureWindow,
  getGeometry,
  getInputFocus,
  mapWindow,
  queryPointer,
  StackMode,
  unmapWindow,
} from '../../../protos/gen/x11/xproto.js';
import { mimesForTargets } from '../selection/mime-targets.js';
import { readProperty, u32s } from '../x11/properties.js';
import type { AtomCache } from '../x11/atoms.js';
import type { XConnection } from '../x11/x-connection.js';
import { PROP_TYPES, setU32s } from '../xwm/xwm-setup.js';
import type { Xwm } from '../xwm/xwm.js';
import type { DndSelection } from './dnd-selection.js';
import { DND_COPY, DND_NONE, type WaylandDragForX, type XToWaylandHost } from './drag-host.js';
import { DropSites } from './drop-sites.js';
import { relayEnter, relayFor, type Relay } from './x-relay.js';
import { actionFromAtom, atomFromAction, sendXdnd, unpackXY, XDND_VERSION, type XdndAtoms } from './xdnd.js';

/** Longest wait for a target's XdndFinished (or a Wayland finish) after a drop. */
const FINISH_MS = 30_000;
/** A drag handed over to the host goes on there after X's drop: the user may still hover. */
const HANDED_OVER_MS = 120_000;
/** While the proxy is up, how often we check that a button is still held. */
const POLL_MS = 200;
const BUTTON_MASKS = 0x1f00;

/** One X drag that reached the proxy (XdndEnter to XdndFinished). */
interface InDrag {
  source: number;
  version: number;
  types: number[];
  mimes: string[];
  actions: number;
  over: Relay | 'wayland' | null;
  wayland: WaylandDragForX | null;
  accepted: { mime: string | null; action: number };
  dropped: boolean;
  /** The host's drag took the pointer (WaylandDragForX.takesPointer): X only waits for its end. */
  handedOver: boolean;
  /** The host's drag ended (ok or not) before the X source's XdndDrop came. */
  hostOutcome: boolean | null;
  timer: NodeJS.Timeout | null;
  /** The last XdndPosition's data (a host motion may re-run it: X's pointer can be held still). */
  last: number[] | null;
  queue: Promise<void>;
  aware: Map<number, Promise<Relay>>;
}

/**
 * X → Wayland: while an X client drags (it owns XdndSelection), a full-screen, XdndAware,
 * input-only proxy window sits above every X window, so the X source talks XDND to us
 * wherever the pointer is, the way XWayland-capable compositors do it. Over a Wayland surface
 * we run a Wayland drag on the source's behalf (the host's); over an X window we pass the
 * messages on as if we were the source and hand its answers back, so X-to-X drags keep
 * working. The data never passes through us for X targets (they convert XdndSelection from
 * the source) and is read through XdndSelection for Wayland ones.
 */
export class XDropProxy {
  private mapped = false;
  private poll: NodeJS.Timeout | null = null;
  private drag: InDrag | null = null;
  private readonly offGrabMotion: () => void;
  private readonly sites: DropSites;

  constructor(
    private readonly c: XConnection,
    private readonly xwm: Xwm,
    private readonly a: XdndAtoms,
    private readonly cache: AtomCache,
    private readonly data: DndSelection,
    private readonly host: XToWaylandHost,
    readonly window: number,
  ) {
    this.sites = new DropSites(c, xwm, host);
    this.offGrabMotion = host.onGrabMotion?.(() => this.grabMoved()) ?? (() => {});
  }

  /** An X drag is on the host's drag now (its source still owns XdndSelection). */
  get handedOver(): boolean {
    return this.drag?.handedOver ?? false;
  }

  /** An X client took XdndSelection: it starts a drag, so the proxy goes on top. */
  xDragStarted(): void {
    if (this.mapped) return;
    this.mapped = true;
    mapWindow(this.c, { window: this.window });
    configureWindow(this.c, { window: this.window, valueList: { stackMode: StackMode.Above } });
    // The root grows and shrinks with the outputs: cover it as it is now.
    void getGeometry(this.c, { drawable: this.xwm.id.root }).then(
      (g) => {
        const valueList = { x: 0, y: 0, width: g.width, height: g.height };
        if (this.mapped) configureWindow(this.c, { window: this.window, valueList });
      },
      () => {},
    );
    this.c.flush();
    // The proxy takes all pointer input once the source's grab ends: never leave it up.
    let idle = 0;
    this.poll = setInterval(() => {
      void queryPointer(this.c, { window: this.xwm.id.root }).then(
        (p) => {
          idle = p.mask & BUTTON_MASKS ? 0 : idle + 1;
          if (idle >= 2) this.pointerReleased();
        },
        () => {},
      );
    }, POLL_MS);
  }

  /** The source's owner is gone (the client quit mid-drag): the drag ends here. */
  xSourceGone(): void {
    const d = this.drag;
    // A drag on the host's hands is cancelled there too: nothing could be read from it now.
    if (d && (!d.dropped || d.handedOver)) this.end(d, false);
    this.hide();
  }

  private pointerReleased(): void {
    const d = this.drag;
    // Released without a drop: a lost source (unless we released it for the host's drag).
    if (d && !d.dropped && !d.handedOver) this.end(d, false);
    this.hide();
  }

  private hide(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    if (!this.mapped) return;
    this.mapped = false;
    if (!this.c.isClosed) {
      unmapWindow(this.c, { window: this.window });
      this.c.flush();
    }
  }

  /** An XDND message to the proxy; true when it was one. */
  message(type: number, l: number[]): boolean {
    const a = this.a;
    if (type === a.XdndEnter) void this.enter(l);
    else if (type === a.XdndPosition) this.queued((d) => this.position(d, l));
    else if (type === a.XdndLeave) this.queued((d) => this.leave(d, l[0]!));
    else if (type === a.XdndDrop) this.queued((d) => this.drop(d, l));
    else if (type === a.XdndStatus) this.relayStatus(l);
    else if (type === a.XdndFinished) this.relayFinished(l);
    else return false;
    this.c.flush();
    return true;
  }

  private queued(step: (d: InDrag) => void | Promise<void>): void {
    const d = this.drag;
    if (!d) return;
    d.queue = d.queue.then(() => (this.drag === d ? step(d) : undefined)).catch(() => {});
  }

  private async enter(l: number[]): Promise<void> {
    if (this.drag) this.end(this.drag, false);
    const source = l[0]!;
    const version = Math.min(l[1]! >>> 24, XDND_VERSION);
    const d: InDrag = {
      source,
      version,
      types: [],
      mimes: [],
      actions: DND_COPY,
      over: null,
      wayland: null,
      accepted: { mime: null, action: DND_NONE },
      dropped: false,
      handedOver: false,
      hostOutcome: null,
      timer: null,
      last: null,
      queue: Promise.resolve(),
      aware: new Map(),
    };
    this.drag = d;
    d.queue = (async () => {
      if (l[1]! & 1) d.types = u32s(await readProperty(this.c, source, this.a.XdndTypeList));
      else d.types = [l[2]!, l[3]!, l[4]!].filter((t) => t !== 0);
      d.mimes = mimesForTargets(await Promise.all(d.types.map((t) => this.cache.name(t))));
      // Our own targets read the list from us: we stand in for the source.
      setU32s(this.c, this.window, this.a.XdndTypeList, PROP_TYPES.ATOM, d.types);
    })().catch(() => {});
  }

  private async position(d: InDrag, l: number[]): Promise<void> {
    if (d.handedOver) return;
    d.last = l;
    const { x, y } = unpackXY(l[2]!);
    d.actions = actionFromAtom(this.a, l[4]!) | DND_COPY;
    const site = this.sites.at(d.source, x, y);
    const win = site?.kind === 'x' ? this.sites.windowOf(site.surfaceId) : null;
    const relay = win ? await relayFor(this.c, this.a, d.aware, win) : null;
    if (this.drag !== d) return;
    const over = relay ?? (site?.kind === 'wayland' ? 'wayland' : null);
    if (over !== d.over) this.leaveCurrent(d);
    d.over = over;
    if (over === 'wayland') {
      d.wayland ??= this.startWayland(d);
      if (d.wayland?.takesPointer) return this.handOver(d, d.wayland);
      d.wayland?.motion(x, y);
      this.status(d);
    } else if (over && over.version > 0) {
      if (!over.entered) relayEnter(this.c, this.a, this.window, d.version, d.types, over);
      sendXdnd(this.c, over.window, this.a.XdndPosition, [this.window, 0, l[2]!, l[3]!, l[4]!], over.to);
    } else sendXdnd(this.c, d.source, this.a.XdndStatus, [this.window, 2, 0, 0, 0]);
    this.c.flush();
  }

  /** The host pointer moved: past the edge of the X source's window, the drag leaves X now. */
  private grabMoved(): void {
    const d = this.drag;
    const l = d?.last;
    if (!d || !l || d.handedOver || d.dropped || d.over === 'wayland') return;
    if (this.sites.at(d.source, 0, 0)?.kind === 'wayland') this.queued((dd) => this.position(dd, l));
  }

  /**
   * The host's drag takes over: the source hears we accept (so its release drops on us), and
   * once the server has passed that on (a round trip), the host gives X the release. The
   * source then waits for XdndFinished, serving XdndSelection to whatever target the host finds.
   */
  private handOver(d: InDrag, w: WaylandDragForX): void {
    if (d.handedOver) return;
    d.handedOver = true;
    d.accepted = { mime: d.mimes[0] ?? null, action: DND_COPY };
    const action = atomFromAction(this.a, DND_COPY);
    sendXdnd(this.c, d.source, this.a.XdndStatus, [this.window, 1 | 2, 0, 0, action]);
    d.timer = setTimeout(() => this.end(d, false), HANDED_OVER_MS);
    void getInputFocus(this.c).then(
      () => {
        if (this.drag !== d) return;
        // Released before the host could take over: the drop went nowhere.
        if (d.dropped) this.end(d, false);
        else w.handOver?.();
      },
      () => {},
    );
    this.c.flush();
  }

  /** The XdndStatus the source gets while it is over a Wayland surface. */
  private status(d: InDrag): void {
    const ok = d.accepted.mime !== null && d.accepted.action !== DND_NONE;
    const action = ok ? atomFromAction(this.a, d.accepted.action) : 0;
    sendXdnd(this.c, d.source, this.a.XdndStatus, [this.window, (ok ? 1 : 0) | 2, 0, 0, action]);
    this.c.flush();
  }

  private startWayland(d: InDrag): WaylandDragForX | null {
    return this.host.startDrag({
      mimeTypes: d.mimes,
      actions: d.actions,
      send: (mime, fd) => this.data.sendFromX(mime, fd),
      status: (mime, action) => {
        d.accepted = { mime, action };
        if (this.drag === d && d.over === 'wayland' && !d.dropped) this.status(d);
      },
      finished: (ok) => {
        if (this.drag !== d) return;
        if (d.handedOver && !d.dropped)
          d.hostOutcome = ok; // X's drop is on its way
        else if (d.dropped && d.over === 'wayland') this.end(d, ok);
      },
    });
  }

  private leaveCurrent(d: InDrag): void {
    const over = d.over;
    if (over === 'wayland') {
      if (!d.wayland?.takesPointer) d.wayland?.leave();
    } else if (over?.entered) {
      sendXdnd(this.c, over.window, this.a.XdndLeave, [this.window, 0], over.to);
      over.entered = false;
    }
    d.accepted = { mime: null, action: DND_NONE };
  }

  private leave(d: InDrag, source: number): void {
    if (source !== d.source) return;
    this.leaveCurrent(d);
    d.wayland?.cancel();
    d.wayland = null;
    this.drag = null;
    this.hide();
  }

  private drop(d: InDrag, l: number[]): void {
    if (l[0] !== d.source) return;
    d.dropped = true;
    this.hide(); // the button is up: X windows get the pointer back at once
    if (d.timer) clearTimeout(d.timer);
    d.timer = setTimeout(() => this.end(d, false), d.handedOver ? HANDED_OVER_MS : FINISH_MS);
    if (d.handedOver) {
      if (d.hostOutcome !== null) this.end(d, d.hostOutcome);
      return;
    }
    const over = d.over;
    if (over === 'wayland' && d.accepted.mime !== null) {
      d.wayland?.drop();
      return;
    }
    if (over && over !== 'wayland' && over.entered) {
      sendXdnd(this.c, over.window, this.a.XdndDrop, [this.window, 0, l[2]!], over.to);
      return;
    }
    this.end(d, false);
  }

  /** Ends the drag: the source hears XdndFinished (accepted or not) once it dropped. */
  private end(d: InDrag, ok: boolean): void {
    if (this.drag !== d) return;
    this.drag = null;
    if (d.timer) clearTimeout(d.timer);
    if (!d.dropped) this.leaveCurrent(d);
    if (!ok || !d.dropped) d.wayland?.cancel();
    if (d.dropped && !this.c.isClosed) {
      const action = ok ? atomFromAction(this.a, d.accepted.action || DND_COPY) : 0;
      sendXdnd(this.c, d.source, this.a.XdndFinished, [this.window, ok ? 1 : 0, action]);
      this.c.flush();
    }
  }

  // --- X targets: we act as the source towards them ----------------------------------------

  /** A target's XdndStatus to us: the source hears it as ours (positions asked for always). */
  private relayStatus(l: number[]): void {
    const d = this.drag;
    const over = d?.over;
    if (!d || !over || over === 'wayland' || l[0] !== over.window) return;
    d.accepted = { mime: l[1]! & 1 ? (d.mimes[0] ?? null) : null, action: actionFromAtom(this.a, l[4]!) };
    sendXdnd(this.c, d.source, this.a.XdndStatus, [this.window, (l[1]! & 1) | 2, 0, 0, l[4]!]);
  }

  private relayFinished(l: number[]): void {
    const d = this.drag;
    const over = d?.over;
    if (!d || !d.dropped || !over || over === 'wayland' || l[0] !== over.window) return;
    this.drag = null;
    if (d.timer) clearTimeout(d.timer);
    d.wayland?.cancel();
    sendXdnd(this.c, d.source, this.a.XdndFinished, [this.window, l[1]!, l[2]!]);
  }

  destroy(): void {
    this.offGrabMotion();
    const d = this.drag;
    if (d) {
      this.drag = null;
      if (d.timer) clearTimeout(d.timer);
      d.wayland?.cancel();
    }
    this.hide();
  }
}
