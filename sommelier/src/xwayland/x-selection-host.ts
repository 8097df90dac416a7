import type {
  SelectionHost,
  SelectionKind,
  WaylandOffer,
  XSelectionSource,
} from '../../../xwayland-bridge/src/selection/selection-host.js';
import type { Session } from '../session/session.js';
import { clipboardChannel, primaryChannel } from './host-selection-channel.js';
import { XwaylandInput } from './xwayland-input.js';
import { SelectionLink } from './x-selection-link.js';

/**
 * Sommelier's side of the X selection seam. Xwayland is a guest client with a host connection
 * of its own; X selections become host selections made on that connection (with the latest
 * input serial an X window got), and the host's selection, which the host offers to
 * Xwayland's connection while an X window has keyboard focus, is offered to X. Guest Wayland
 * clients and the host's own clipboard meet X there, as on exo.
 */
export class SommelierXSelectionHost implements SelectionHost {
  private session: Session | null = null;
  private serial: { readonly serial: number | null } | null = null;
  private readonly links = new Map<SelectionKind, SelectionLink>();

  /** `currentSession`: the session of the running Xwayland (null when none runs). */
  constructor(private readonly currentSession: () => Session | null) {}

  /** The link of `kind` for the running Xwayland, made on first use for each new Xwayland. */
  private link(kind: SelectionKind): SelectionLink | null {
    const session = this.currentSession();
    if (!session || session.closed) return null;
    if (session !== this.session) {
      this.reset();
      this.session = session;
      // Without a host seat there is never an input serial: X selections stay in X.
      this.serial = XwaylandInput.of(session) ?? { serial: null };
    }
    let l = this.links.get(kind);
    if (!l) {
      const channel = kind === 'clipboard' ? clipboardChannel(session) : primaryChannel(session);
      if (!channel) return null;
      l = new SelectionLink(kind, channel, this.serial!);
      this.links.set(kind, l);
    }
    return l;
  }

  private reset(): void {
    // On a closed session the host objects died with the connection: forget them only.
    if (this.session && !this.session.closed) {
      for (const l of this.links.values()) l.destroy();
    }
    this.links.clear();
    this.serial = null;
    this.session = null;
  }

  setSelection(kind: SelectionKind, source: XSelectionSource | null): void {
    this.link(kind)?.set(source);
  }

  watchSelection(kind: SelectionKind, cb: (offer: WaylandOffer | null) => void): () => void {
    const l = this.link(kind);
    if (!l) {
      cb(null);
      return () => {};
    }
    return l.watch(cb);
  }
}
