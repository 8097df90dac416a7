import type { WlDataDeviceResource } from '../../../protos/gen/server/wayland.js';
import { WlDataDeviceManagerDndAction } from '../../../protos/gen/spec/wayland.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type { Exo } from '../exo.js';
import type { PointerGrab } from '../seat/seat-api.js';
import type { Surface } from '../surface/surface.js';
import { chooseDndAction, DataOffer, type DndSession } from './data-offer.js';
import type { DataSource } from './data-source.js';
import type { DragIconRole } from './drag-icon.js';
import { foreignTargetsOf, type ForeignDropTarget } from './foreign-target.js';

/** The surface under the pointer during a drag, and what its client was told. */
interface DragTarget {
  surface: Surface;
  devices: WlDataDeviceResource[];
  offers: DataOffer[];
  /** An X window behind an Xwayland surface (foreign-target.ts) instead of data devices. */
  foreign: ForeignDropTarget | null;
  /** What the foreign target last said. */
  foreignAccepted: boolean;
}

export interface DragOptions {
  /**
   * A drag driven by calls to motion/drop/cancel rather than the pointer (a drag the
   * Xwayland bridge runs for an X source, whose pointer stays with Xwayland).
   */
  driven?: boolean;
  /** Finds the target at a point (default: the scene's surface there). */
  targetAt?: (x: number, y: number) => { surface: Surface; sx: number; sy: number } | null;
}

/**
 * A drag-and-drop session: a pointer grab that moves the icon and sends enter/motion/leave to
 * the data devices of the client under the pointer, negotiates the action between source and
 * target, and on the button release drops (if the target accepted a type and an action) or
 * cancels. With a null source only the origin client's surfaces take part (an in-client drag).
 * After a drop the session lives on until the target finishes or destroys its offer.
 */
export class Drag implements PointerGrab, DndSession {
  private target: DragTarget | null = null;
  private state: 'dragging' | 'dropped' | 'done' = 'dragging';
  private stopWatchingSource: (() => void) | null = null;
  /** What the source was last told (target and action events are sent on change only). */
  private sourceTarget: string | null = null;
  private sourceAction: number = WlDataDeviceManagerDndAction.None;

  constructor(
    private readonly exo: Exo,
    private readonly devicesOf: (client: Client) => WlDataDeviceResource[],
    private readonly source: DataSource | null,
    private readonly origin: Client | null,
    private readonly icon: DragIconRole | null,
    private readonly options: DragOptions = {},
  ) {}

  start(): void {
    const seat = this.exo.seat;
    if (this.source) this.stopWatchingSource = this.source.onDestroy(() => this.sourceDestroyed());
    if (this.options.driven) return;
    seat.startPointerGrab(this);
    this.icon?.show(seat.pointerX, seat.pointerY);
    this.motion(seat.pointerX, seat.pointerY, Math.floor(performance.now()) >>> 0);
  }

  // --- PointerGrab ---------------------------------------------------------------------

  motion(x: number, y: number, time: number): void {
    if (this.state !== 'dragging') return;
    this.icon?.moveTo(x, y);
    const hit = this.options.targetAt ? this.options.targetAt(x, y) : this.exo.scene.surfaceAt(x, y);
    let surface = hit?.surface ?? null;
    if (surface && this.source === null && surface.resource.client !== this.origin) surface = null;
    if (surface !== (this.target?.surface ?? null)) {
      this.leaveTarget();
      if (surface) this.enterTarget(surface, hit!.sx, hit!.sy);
      return;
    }
    if (this.target && hit) for (const d of this.target.devices) d.sendMotion(time, hit.sx, hit.sy);
    if (this.target?.foreign && hit) this.target.foreign.motion(hit.sx, hit.sy);
  }

  button(_button: number, pressed: boolean): void {
    if (pressed || this.state !== 'dragging' || this.exo.seat.buttonsDown > 0) return;
    this.drop();
  }

  cancel(): void {
    if (this.state !== 'dragging') return;
    this.leaveTarget();
    this.source?.cancel();
    this.end();
  }

  // --- targets -------------------------------------------------------------------------

  private enterTarget(surface: Surface, sx: number, sy: number): void {
    if (this.enterForeign(surface, sx, sy)) return;
    const devices = this.devicesOf(surface.resource.client);
    const offers: DataOffer[] = [];
    const serial = this.exo.nextSerial();
    for (const d of devices) {
      const offer = this.source ? DataOffer.create(d, this.source, this) : null;
      if (offer) offers.push(offer);
      d.sendEnter(serial, surface.resource, sx, sy, offer?.resource ?? null);
    }
    this.target = { surface, devices, offers, foreign: null, foreignAccepted: false };
    for (const o of offers) this.negotiate(o);
  }

  /** A surface whose client takes drops another way (X windows): its target hears the drag. */
  private enterForeign(surface: Surface, sx: number, sy: number): boolean {
    const source = this.source;
    if (!source) return false;
    const target: DragTarget = { surface, devices: [], offers: [], foreign: null, foreignAccepted: false };
    const foreign = foreignTargetsOf(this.exo)?.(surface, source, {
      status: (mime, action) => {
        if (this.target !== target || this.state !== 'dragging') return;
        target.foreignAccepted = mime !== null && action !== WlDataDeviceManagerDndAction.None;
        this.tellSource(mime, action);
      },
      finished: (ok) => {
        if (this.target !== target || this.state !== 'dropped') return;
        if (ok) source.dndFinished();
        else source.cancel();
        this.end();
      },
    });
    if (!foreign) return false;
    target.foreign = foreign;
    this.target = target;
    foreign.motion(sx, sy);
    return true;
  }

  private leaveTarget(): void {
    const t = this.target;
    if (!t) return;
    this.target = null;
    for (const o of t.offers) o.deactivate();
    t.foreign?.leave();
    if (t.surface.destroyed) return;
    for (const d of t.devices) if (!d.destroyed) d.sendLeave();
    this.tellSource(null, WlDataDeviceManagerDndAction.None);
  }

  private tellSource(mime: string | null, action: number): void {
    if (!this.source) return;
    if (mime !== this.sourceTarget) this.source.target((this.sourceTarget = mime));
    if (action !== this.sourceAction) this.source.action((this.sourceAction = action));
  }

  private negotiate(offer: DataOffer): void {
    if (!this.source) return;
    const action = chooseDndAction(this.source.dndActions, offer.dndActions, offer.preferredAction);
    offer.announceAction(action);
    this.tellSource(this.sourceTarget, action);
  }

  /** The release over the target (public for driven drags). */
  drop(): void {
    if (this.state !== 'dragging') return;
    const t = this.target;
    if (t?.foreign) return this.dropForeign(t, t.foreign);
    // Before v3 a target's accept was only feedback: such a target always gets the drop.
    const accepted = t?.offers.filter(
      (o) =>
        !o.resource.destroyed &&
        (o.acceptedMime !== null || o.resource.version < 3) &&
        o.action !== WlDataDeviceManagerDndAction.None,
    );
    const ok = t && !t.surface.destroyed && (this.source === null || (accepted && accepted.length > 0));
    if (!ok) {
      this.cancel();
      return;
    }
    for (const d of t.devices) if (!d.destroyed) d.sendDrop();
    for (const o of t.offers) o.dropped = true;
    this.source?.dropPerformed();
    this.state = 'dropped';
    this.hideAndRelease();
    // With no source there is nothing to finish; otherwise wait for finish or the offer's end.
    if (!this.source) this.end();
  }

  private dropForeign(t: DragTarget, foreign: ForeignDropTarget): void {
    // A refusing target has let go already; cancel's leave reaches it harmlessly.
    if (t.surface.destroyed || !t.foreignAccepted || !foreign.drop()) {
      this.cancel();
      return;
    }
    this.source?.dropPerformed();
    this.state = 'dropped';
    this.hideAndRelease();
  }

  // --- DndSession ----------------------------------------------------------------------

  offerAccepted(_offer: DataOffer, mime: string | null): void {
    if (this.state === 'dragging') this.tellSource(mime, this.sourceAction);
  }

  offerActionsChanged(offer: DataOffer): void {
    if (this.state !== 'done') this.negotiate(offer);
  }

  offerFinished(_offer: DataOffer): void {
    if (this.state !== 'dropped') return;
    this.source?.dndFinished();
    this.end();
  }

  offerDestroyed(offer: DataOffer): void {
    if (this.state !== 'dropped' || !offer.dropped || offer.finished) return;
    if (this.target?.offers.some((o) => o !== offer && !o.resource.destroyed)) return;
    // A pre-v3 target never sends finish: its destroy is the end. A v3 one gave up.
    if (offer.resource.version < 3) this.source?.dndFinished();
    else this.source?.cancel();
    this.end();
  }

  private sourceDestroyed(): void {
    if (this.state === 'dragging') {
      this.leaveTarget();
      this.end();
    } else if (this.state === 'dropped') {
      this.target?.foreign?.leave();
      this.end();
    }
  }

  // --- end -----------------------------------------------------------------------------

  /** The pointer is given back (the drop happened or the drag was cancelled). */
  private hideAndRelease(): void {
    this.icon?.hide();
    this.exo.seat.endPointerGrab(this);
  }

  private end(): void {
    if (this.state === 'done') return;
    const wasDragging = this.state === 'dragging';
    this.state = 'done';
    if (this.target) for (const o of this.target.offers) o.deactivate();
    this.target = null;
    this.stopWatchingSource?.();
    this.stopWatchingSource = null;
    if (wasDragging) this.hideAndRelease();
  }
}
