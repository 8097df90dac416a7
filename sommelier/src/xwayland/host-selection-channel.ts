import {
  WlDataDeviceManagerProxy,
  WlSeatProxy,
  type WlDataOfferProxy,
  type WlDataSourceProxy,
} from '../../../protos/gen/client/wayland.js';
import {
  ZwpPrimarySelectionDeviceManagerV1Proxy,
  type ZwpPrimarySelectionOfferV1Proxy,
  type ZwpPrimarySelectionSourceV1Proxy,
} from '../../../protos/gen/client/primary-selection-unstable-v1.js';
import type { Session } from '../session/session.js';

/** A selection offer the host made to Xwayland's host connection. */
export interface HostOffer {
  readonly mimeTypes: string[];
  /** Asks the owner to write `mime` into `fd` (we keep `fd`: the request sends a duplicate). */
  receive(mime: string, fd: number): void;
  destroy(): void;
}

/** A source we made on the host for an X selection. */
export interface HostSource {
  destroy(): void;
}

export interface SourceEvents {
  /** The host wants `mime` written into `fd` (the listener owns `fd`). */
  send(mime: string, fd: number): void;
  cancelled(): void;
}

/**
 * One host selection (the clipboard or the primary selection) as seen from Xwayland's host
 * connection: the two Wayland protocols behind one shape, so the X selection host handles
 * both alike. The host only offers its selection to the client with keyboard focus, so offers
 * arrive while an X window is focused.
 */
export interface HostSelectionChannel {
  /** Makes a new source the host selection (`serial`: a recent input serial of Xwayland). */
  publish(mimeTypes: readonly string[], serial: number, events: SourceEvents): HostSource;
  /** The host's selection changed (null: empty), as offered to Xwayland's connection. */
  onSelection: (offer: HostOffer | null) => void;
}

type AnyOffer = WlDataOfferProxy | ZwpPrimarySelectionOfferV1Proxy;

/**
 * Keeps the offers a device announces: one becomes the selection, and any other (a drag's,
 * or one replaced before it was used) is destroyed, so no host object outlives its use.
 */
class OfferBook {
  private readonly mimes = new Map<AnyOffer, string[]>();
  private current: AnyOffer | null = null;

  announced(offer: AnyOffer): void {
    const list: string[] = [];
    this.mimes.set(offer, list);
    offer.on({ offer: (m: string) => list.push(m) });
  }

  /** The selection is now `offer`: every other offer goes. */
  selected(offer: AnyOffer | null): HostOffer | null {
    for (const o of [...this.mimes.keys()]) if (o !== offer) this.drop(o);
    this.current = offer;
    const list = offer ? this.mimes.get(offer) : undefined;
    if (!offer || !list) return null;
    return {
      mimeTypes: list,
      receive: (mime, fd) => {
        if (!offer.isDestroyed) offer.receive(mime, fd);
      },
      destroy: () => this.drop(offer),
    };
  }

  /** A drag left: its offer (never the selection) goes. */
  dragEnded(): void {
    for (const o of [...this.mimes.keys()]) if (o !== this.current) this.drop(o);
  }

  private drop(o: AnyOffer): void {
    this.mimes.delete(o);
    if (this.current === o) this.current = null;
    if (!o.isDestroyed) o.destroy();
  }
}

/** What both kinds of selection source have in common. */
interface SelectionSourceProxy {
  offer(mime: string): void;
  on(handlers: { send(mime: string, fd: number): void; cancelled(): void }): void;
  readonly isDestroyed: boolean;
  destroy(): void;
}

/** `publish` for a channel: a new host source with the types, set as the selection. */
function publisher<S extends SelectionSourceProxy>(
  create: () => S,
  set: (source: S, serial: number) => void,
): HostSelectionChannel['publish'] {
  return (mimeTypes, serial, events) => {
    const source = create();
    for (const m of mimeTypes) source.offer(m);
    source.on({ send: (mime, fd) => events.send(mime, fd), cancelled: () => events.cancelled() });
    set(source, serial);
    return { destroy: () => source.isDestroyed || source.destroy() };
  };
}

/** The clipboard (wl_data_device) on Xwayland's host connection, or null without the global. */
export function clipboardChannel(session: Session): HostSelectionChannel | null {
  const manager = session.internalGlobal(WlDataDeviceManagerProxy, 3);
  const seat = session.internalGlobal(WlSeatProxy, 5);
  if (!manager || !seat) return null;
  const device = manager.getDataDevice(seat);
  const book = new OfferBook();
  const channel: HostSelectionChannel = {
    onSelection: () => {},
    publish: publisher(
      (): WlDataSourceProxy => manager.createDataSource(),
      (source, serial) => device.setSelection(source, serial),
    ),
  };
  device.on({
    dataOffer: (o) => book.announced(o),
    selection: (o) => channel.onSelection(book.selected(o)),
    leave: () => book.dragEnded(),
    drop: () => book.dragEnded(),
  });
  return channel;
}

/** The primary selection (zwp_primary_selection_device_v1), or null without the global. */
export function primaryChannel(session: Session): HostSelectionChannel | null {
  const manager = session.internalGlobal(ZwpPrimarySelectionDeviceManagerV1Proxy, 1);
  const seat = session.internalGlobal(WlSeatProxy, 5);
  if (!manager || !seat) return null;
  const device = manager.getDevice(seat);
  const book = new OfferBook();
  const channel: HostSelectionChannel = {
    onSelection: () => {},
    publish: publisher(
      (): ZwpPrimarySelectionSourceV1Proxy => manager.createSource(),
      (source, serial) => device.setSelection(source, serial),
    ),
  };
  device.on({
    dataOffer: (o) => book.announced(o),
    selection: (o) => channel.onSelection(book.selected(o)),
  });
  return channel;
}
