import { closeFd } from '../../../compositor/src/native/libc.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import type {
  SelectionKind,
  WaylandOffer,
  XSelectionSource,
} from '../../../xwayland-bridge/src/selection/selection-host.js';
import type { HostOffer, HostSelectionChannel, HostSource } from './host-selection-channel.js';

const trace = debugEnabled('xsel');

/** One selection (clipboard or primary) between X and the current Xwayland's host connection. */
export class SelectionLink {
  /** The X selection we made the host's, until the host cancels it or X gives it up. */
  private ours: { host: HostSource; x: XSelectionSource } | null = null;
  private offer: HostOffer | null = null;
  private readonly watchers = new Set<(offer: WaylandOffer | null) => void>();

  constructor(
    readonly kind: SelectionKind,
    private readonly channel: HostSelectionChannel,
    /** The latest input serial of Xwayland's connection (null: none yet). */
    private readonly serial: { readonly serial: number | null },
  ) {
    channel.onSelection = (offer) => this.hostChanged(offer);
  }

  /**
   * The host's selection, offered to Xwayland's connection (only while an X window has keyboard
   * focus). While our own source is live, an offer is our own selection coming back: the host
   * cancels our source before it announces anyone else's, on this same connection.
   */
  private hostChanged(offer: HostOffer | null): void {
    if (this.offer && this.offer !== offer) this.offer.destroy();
    this.offer = offer;
    if (this.ours) return;
    const w = this.wrap(offer);
    for (const cb of [...this.watchers]) cb(w);
  }

  private wrap(offer: HostOffer | null): WaylandOffer | null {
    if (!offer) return null;
    return {
      mimeTypes: [...offer.mimeTypes],
      receive: (mime, fd) => {
        try {
          offer.receive(mime, fd);
        } finally {
          closeFd(fd);
        }
      },
    };
  }

  watch(cb: (offer: WaylandOffer | null) => void): () => void {
    this.watchers.add(cb);
    cb(this.ours ? null : this.wrap(this.offer));
    return () => this.watchers.delete(cb);
  }

  set(source: XSelectionSource | null): void {
    const old = this.ours;
    this.ours = null;
    if (source) {
      const serial = this.serial.serial;
      if (serial === null) {
        // No X window has had input from the host yet: the host would refuse it.
        if (trace) debugLog('xsel', `${this.kind}: no input serial yet, X selection stays in X`);
      } else {
        const mine: { host: HostSource; x: XSelectionSource } = {
          x: source,
          host: this.channel.publish(source.mimeTypes, serial, {
            send: (mime, fd) => source.send(mime, fd),
            cancelled: () => {
              if (this.ours !== mine) return;
              this.ours = null;
              mine.host.destroy();
              source.cancelled();
            },
          }),
        };
        this.ours = mine;
      }
    }
    // Destroying the old source after the new one is set: the host never sees a gap.
    old?.host.destroy();
  }

  destroy(): void {
    this.ours?.host.destroy();
    this.ours = null;
    this.offer?.destroy();
    this.offer = null;
    this.watchers.clear();
  }
}
