import type { WlDataDeviceResource, WlDataOfferResource } from '../../../protos/gen/server/wayland.js';
import { WlDataDeviceManagerDndAction, WlDataOfferError } from '../../../protos/gen/spec/wayland.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import { ALL_DND_ACTIONS, type DataSource } from './data-source.js';
import { sendFiltered } from './transfer-filter.js';

/** What a drag-and-drop offer reports to the drag it belongs to. */
export interface DndSession {
  offerAccepted(offer: DataOffer, mime: string | null): void;
  offerActionsChanged(offer: DataOffer): void;
  offerFinished(offer: DataOffer): void;
  offerDestroyed(offer: DataOffer): void;
}

const SINGLE_ACTIONS = new Set<number>([
  WlDataDeviceManagerDndAction.None,
  WlDataDeviceManagerDndAction.Copy,
  WlDataDeviceManagerDndAction.Move,
  WlDataDeviceManagerDndAction.Ask,
]);

/**
 * wl_data_offer: one client's view of a source, for the selection or for a drag. A selection
 * offer goes dead when the selection changes or its client loses keyboard focus (a client
 * without focus must not read the clipboard); a dead offer answers receive with end of file.
 */
export class DataOffer {
  active = true;
  /** DnD: the MIME type the client accepted, null = none. */
  acceptedMime: string | null = null;
  /** DnD: actions the client supports and prefers (v3 set_actions; older clients copy). */
  dndActions: number;
  preferredAction: number;
  /** DnD: the action last announced with wl_data_offer.action. */
  action = WlDataDeviceManagerDndAction.None;
  dropped = false;
  finished = false;

  private constructor(
    readonly resource: WlDataOfferResource,
    readonly source: DataSource,
    private readonly dnd: DndSession | null,
  ) {
    const legacy = resource.version < 3;
    this.dndActions = legacy ? WlDataDeviceManagerDndAction.Copy : 0;
    this.preferredAction = legacy ? WlDataDeviceManagerDndAction.Copy : 0;
    resource.setHandler({
      accept: (r, _serial, mime) => this.accept(r, mime),
      receive: (r, mime, fd) => this.receive(r, mime, fd),
      finish: (r) => this.finish(r),
      setActions: (r, actions, preferred) => this.setActions(r, actions, preferred),
    });
    resource.onDestroy(() => {
      this.active = false;
      this.dnd?.offerDestroyed(this);
    });
  }

  /** Introduces a new offer of `source` on `device` (data_offer, then one offer per MIME type). */
  static create(device: WlDataDeviceResource, source: DataSource, dnd: DndSession | null): DataOffer {
    const resource = device.sendDataOffer();
    const offer = new DataOffer(resource, source, dnd);
    for (const mime of source.mimeTypes) resource.sendOffer(mime);
    if (dnd && resource.version >= 3) resource.sendSourceActions(source.dndActions);
    return offer;
  }

  get isDnd(): boolean {
    return this.dnd !== null;
  }

  deactivate(): void {
    this.active = false;
  }

  /** Sends wl_data_offer.action when the negotiated action changed. */
  announceAction(action: number): void {
    if (action === this.action) return;
    this.action = action;
    if (!this.resource.destroyed && this.resource.version >= 3) this.resource.sendAction(action);
  }

  private accept(r: WlDataOfferResource, mime: string | null): void {
    if (this.finished) throw r.error(WlDataOfferError.InvalidOffer, 'accept after finish');
    if (!this.dnd || !this.active) return; // feedback for a selection or an ended drag means nothing
    this.acceptedMime = mime !== null && this.source.mimeTypes.includes(mime) ? mime : null;
    this.dnd.offerAccepted(this, this.acceptedMime);
  }

  private receive(r: WlDataOfferResource, mime: string, fd: number): void {
    if (this.finished) {
      closeFd(fd);
      throw r.error(WlDataOfferError.InvalidOffer, 'receive after finish');
    }
    if (!this.active || this.source.destroyed) {
      closeFd(fd);
      return;
    }
    sendFiltered(this.source, mime, fd, r.client);
  }

  private finish(r: WlDataOfferResource): void {
    if (!this.dnd) throw r.error(WlDataOfferError.InvalidFinish, 'finish on a selection offer');
    if (this.finished) throw r.error(WlDataOfferError.InvalidFinish, 'finish sent twice');
    if (!this.dropped) throw r.error(WlDataOfferError.InvalidFinish, 'finish before the drop');
    if (this.acceptedMime === null)
      throw r.error(WlDataOfferError.InvalidFinish, 'finish without an accepted MIME type');
    if (this.action === WlDataDeviceManagerDndAction.None)
      throw r.error(WlDataOfferError.InvalidFinish, 'finish without an action');
    this.finished = true;
    this.dnd.offerFinished(this);
  }

  private setActions(r: WlDataOfferResource, actions: number, preferred: number): void {
    if (!this.dnd) throw r.error(WlDataOfferError.InvalidOffer, 'set_actions on a selection offer');
    if (this.finished) throw r.error(WlDataOfferError.InvalidOffer, 'set_actions after finish');
    if ((actions & ~ALL_DND_ACTIONS) !== 0)
      throw r.error(WlDataOfferError.InvalidActionMask, `0x${actions.toString(16)} is not a dnd_action mask`);
    if (!SINGLE_ACTIONS.has(preferred))
      throw r.error(
        WlDataOfferError.InvalidAction,
        `preferred action 0x${preferred.toString(16)} is not a single action`,
      );
    this.dndActions = actions;
    this.preferredAction = preferred;
    if (this.active) this.dnd.offerActionsChanged(this);
  }
}

/** The action a drag ends with: the target's preference when possible, else copy, move, ask. */
export function chooseDndAction(sourceActions: number, offerActions: number, preferred: number): number {
  const available = sourceActions & offerActions;
  if (available === 0) return WlDataDeviceManagerDndAction.None;
  if ((preferred & available) !== 0) return preferred;
  for (const a of [
    WlDataDeviceManagerDndAction.Copy,
    WlDataDeviceManagerDndAction.Move,
    WlDataDeviceManagerDndAction.Ask,
  ])
    if ((available & a) !== 0) return a;
  return WlDataDeviceManagerDndAction.None;
}
