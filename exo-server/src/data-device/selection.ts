import type { Client } from '../../../compositor/src/server/client.js';
import type { SeatApi } from '../seat/seat-api.js';
import { serialOlder } from '../seat/serial-tracker.js';
import type { Surface } from '../surface/surface.js';
import type { DataSource } from './data-source.js';

/** An offer made to one client, which must stop serving data when the selection or focus moves on. */
export interface SelectionOffer {
  deactivate(): void;
}

/**
 * A device that can show a selection to its client: a wl_data_device or a
 * zwp_primary_selection_device_v1. `offerSelection` introduces an offer for the source (or
 * null) and sends the selection event.
 */
export interface SelectionDevice {
  offerSelection(source: DataSource | null): SelectionOffer | null;
}

/**
 * One selection of the seat (the clipboard, or the primary selection): the current source,
 * and the rule that only the client with keyboard focus sees it. That client gets a fresh
 * offer on every keyboard focus change and whenever the selection changes; offers given to a
 * client that lost focus stop serving data.
 */
export class Selection {
  private current: DataSource | null = null;
  private serial = 0;
  private offers: SelectionOffer[] = [];
  private stopWatchingSource: (() => void) | null = null;
  private readonly listeners: Array<(source: DataSource | null) => void> = [];

  constructor(
    readonly name: string,
    private readonly seat: SeatApi,
    private readonly devicesOf: (client: Client) => SelectionDevice[],
  ) {
    seat.onKeyboardFocusChanged((focus) => this.focusChanged(focus));
  }

  get source(): DataSource | null {
    return this.current;
  }

  /**
   * Makes `source` the selection (null clears it). The old source is cancelled. A request that
   * carries a serial older than the current selection's lost a race and is refused (its source
   * is cancelled), as weston does.
   */
  set(source: DataSource | null, serial: number): void {
    if (this.current !== null && serialOlder(serial, this.serial)) {
      if (source !== this.current) source?.cancel();
      return;
    }
    this.serial = serial;
    if (source === this.current) return;
    const old = this.current;
    this.stopWatchingSource?.();
    this.stopWatchingSource = null;
    this.current = source;
    if (source) {
      this.stopWatchingSource = source.onDestroy(() => {
        if (this.current === source) this.set(null, this.serial);
      });
    }
    if (old && !old.destroyed) old.cancel();
    this.announce();
    for (const cb of [...this.listeners]) cb(source);
  }

  /** Runs `cb` whenever the selection changes (to a client's, the host's, or none). */
  onChange(cb: (source: DataSource | null) => void): () => void {
    this.listeners.push(cb);
    return () => {
      const i = this.listeners.indexOf(cb);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** A device appeared: if its client has keyboard focus, it learns the selection at once. */
  deviceAdded(client: Client, device: SelectionDevice): void {
    const f = this.seat.keyboardFocus;
    if (!f || f.destroyed || f.resource.client !== client) return;
    const offer = device.offerSelection(this.current);
    if (offer) this.offers.push(offer);
  }

  private focusChanged(_focus: Surface | null): void {
    this.announce();
  }

  /** Revokes every earlier offer and offers the selection to the focused client's devices. */
  private announce(): void {
    for (const o of this.offers) o.deactivate();
    this.offers = [];
    const f = this.seat.keyboardFocus;
    if (!f || f.destroyed) return;
    for (const device of this.devicesOf(f.resource.client)) {
      const offer = device.offerSelection(this.current);
      if (offer) this.offers.push(offer);
    }
  }
}
