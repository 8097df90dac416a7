import { targetsForMimes } from '../selection/mime-targets.js';
import { readProperty, u32s } from '../x11/properties.js';
import type { AtomCache } from '../x11/atoms.js';
import type { XConnection } from '../x11/x-connection.js';
import { PROP_TYPES, setU32s } from '../xwm/xwm-setup.js';
import type { XWindow } from '../xwm/x-window.js';
import type { DndSelection } from './dnd-selection.js';
import { DND_NONE, type WaylandDragOffer, type XDropFeedback, type XDropTarget } from './drag-host.js';
import { actionFromAtom, atomFromAction, packXY, sendXdnd, XDND_VERSION, type XdndAtoms } from './xdnd.js';

/** Longest wait for the X target's XdndFinished after the drop. */
const FINISH_MS = 30_000;
const CHECK_MS = 250;

/** The MIME type we tell the Wayland source an X target accepted (X does not say which). */
function bestMime(mimes: readonly string[]): string | null {
  return (
    mimes.find((m) => m === 'text/uri-list') ?? mimes.find((m) => /^text\/plain/i.test(m)) ?? mimes[0] ?? null
  );
}

/**
 * Wayland → X: a Wayland drag over an Xwayland window. We are the XDND source: XdndSelection
 * is owned for the drag's offer (its SelectionRequests are answered from the Wayland source),
 * and the X window hears XdndEnter, one XdndPosition per status it answers, then XdndDrop or
 * XdndLeave; its XdndStatus and XdndFinished go back to the Wayland side.
 */
export class XDragSource implements XDropTarget {
  private target: Promise<{ to: number; version: number } | null>;
  private entered = false;
  private awaitingStatus = false;
  private pending: { x: number; y: number } | null = null;
  private accepted = false;
  private dropped = false;
  private done = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly mime: string | null;

  constructor(
    private readonly c: XConnection,
    private readonly a: XdndAtoms,
    private readonly cache: AtomCache,
    private readonly data: DndSelection,
    /** Our window: the XDND source window and XdndSelection's owner. */
    private readonly window: number,
    private readonly win: XWindow,
    private readonly offer: WaylandDragOffer,
    private readonly feedback: XDropFeedback,
    private readonly ended: (s: XDragSource) => void,
    /** False once the window manager saw the X window destroyed (its client died). */
    private readonly alive: () => boolean,
    /**
     * False when the Wayland drag is an X drag the host took over (sommelier): its X source
     * still owns XdndSelection, so X targets read from it directly.
     */
    readonly ownsData = true,
  ) {
    this.mime = bestMime(offer.mimeTypes);
    if (ownsData) data.own(offer);
    this.target = this.findTarget();
  }

  /** The X window we talk to: XdndAware, with the version it speaks and its XdndProxy. */
  private async findTarget(): Promise<{ to: number; version: number } | null> {
    try {
      const [aware, proxy] = await Promise.all([
        readProperty(this.c, this.win.id, this.a.XdndAware),
        readProperty(this.c, this.win.id, this.a.XdndProxy),
      ]);
      const version = aware.format === 32 ? (u32s(aware)[0] ?? 0) : 0;
      if (version === 0) return null;
      return { to: u32s(proxy)[0] ?? this.win.id, version: Math.min(version, XDND_VERSION) };
    } catch {
      return null; // the window is gone
    }
  }

  get targetWindow(): number {
    return this.win.id;
  }

  motion(sx: number, sy: number): void {
    if (this.done || this.dropped) return;
    this.pending = { x: this.win.x + sx, y: this.win.y + sy };
    void this.pump();
  }

  /** Sends the latest position once the last one was answered (XDND's flow control). */
  private async pump(): Promise<void> {
    const t = await this.target;
    if (!t || this.done || this.dropped || this.awaitingStatus || !this.pending) return;
    if (!this.entered) await this.enter(t);
    if (this.done) return;
    const p = this.pending;
    this.pending = null;
    this.awaitingStatus = true;
    const action = atomFromAction(this.a, this.offer.actions);
    sendXdnd(this.c, this.win.id, this.a.XdndPosition, [this.window, 0, packXY(p.x, p.y), 0, action], t.to);
    this.c.flush();
  }

  private async enter(t: { to: number; version: number }): Promise<void> {
    this.entered = true;
    const types = await Promise.all(targetsForMimes(this.offer.mimeTypes).map((n) => this.cache.atom(n)));
    if (this.done) return;
    setU32s(this.c, this.window, this.a.XdndTypeList, PROP_TYPES.ATOM, types);
    const flags = ((t.version << 24) | (types.length > 3 ? 1 : 0)) >>> 0;
    sendXdnd(
      this.c,
      this.win.id,
      this.a.XdndEnter,
      [this.window, flags, types[0] ?? 0, types[1] ?? 0, types[2] ?? 0],
      t.to,
    );
  }

  /** XdndStatus from the target: accepted or not, with which action. */
  status(l: number[]): void {
    if (this.done) return;
    this.awaitingStatus = false;
    const action = actionFromAtom(this.a, l[4]!) & this.offer.actions;
    this.accepted = (l[1]! & 1) === 1 && action !== DND_NONE;
    if (!this.dropped)
      this.feedback.status(this.accepted ? this.mime : null, this.accepted ? action : DND_NONE);
    void this.pump();
  }

  /** XdndFinished: the target took the data (before XDND 5 it could not say it failed). */
  finished(l: number[]): void {
    if (!this.dropped || this.done) return;
    this.end();
    this.feedback.finished(this.version < 5 || (l[1]! & 1) === 1);
  }

  private version = XDND_VERSION;

  leave(): void {
    if (this.done || this.dropped) return;
    void this.target.then((t) => {
      if (t && this.entered) {
        sendXdnd(this.c, this.win.id, this.a.XdndLeave, [this.window, 0], t.to);
        this.c.flush();
      }
    });
    this.end();
  }

  drop(): boolean {
    if (this.done || this.dropped) return false;
    if (!this.accepted || !this.entered || !this.alive()) {
      this.leave();
      return false;
    }
    this.dropped = true;
    void this.target.then((t) => {
      if (!t || this.done) return;
      this.version = t.version;
      sendXdnd(this.c, this.win.id, this.a.XdndDrop, [this.window, 0, 0], t.to);
      this.c.flush();
    });
    // A target that dies before it finished never will: checked a few times a second.
    const deadline = Date.now() + FINISH_MS;
    this.timer = setInterval(() => {
      if (!this.alive() || Date.now() > deadline) this.targetGone();
    }, CHECK_MS);
    return true;
  }

  /** The X target's window went away: whatever it was doing fails. */
  targetGone(): void {
    if (this.done) return;
    const dropped = this.dropped;
    this.end();
    if (dropped) this.feedback.finished(false);
    else this.feedback.status(null, DND_NONE);
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearInterval(this.timer);
    this.ended(this);
  }
}
