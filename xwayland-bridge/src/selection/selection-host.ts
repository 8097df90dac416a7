/**
 * The seam between X selections and the Wayland clipboard / primary selection of the host
 * compositor (exo's data device, or sommelier's host connection of Xwayland).
 */

export type SelectionKind = 'clipboard' | 'primary';

/** A selection X owns, offered on the Wayland side. */
export interface XSelectionSource {
  readonly mimeTypes: readonly string[];
  /** A Wayland client pastes: write `mime` into `fd` and close it (we own `fd`). */
  send(mime: string, fd: number): void;
  /** It stopped being the Wayland selection (replaced by another). */
  cancelled(): void;
}

/** A Wayland selection the X side may read. */
export interface WaylandOffer {
  readonly mimeTypes: readonly string[];
  /** Asks the owner to write `mime` into `fd` (the write end of a pipe; the callee owns it). */
  receive(mime: string, fd: number): void;
}

export interface SelectionHost {
  /** Makes an X selection the Wayland one (null: X gave it up and nobody else owns it). */
  setSelection(kind: SelectionKind, source: XSelectionSource | null): void;
  /**
   * Runs `cb` when the Wayland selection changes to one X does not own (null: empty), and
   * once at once with the current one. Returns an unsubscribe function.
   */
  watchSelection(kind: SelectionKind, cb: (offer: WaylandOffer | null) => void): () => void;
}
