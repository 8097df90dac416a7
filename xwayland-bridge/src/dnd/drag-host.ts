/**
 * The seam between XDND and the Wayland drag-and-drop of the host compositor (exo's data
 * device, or a host connection). Actions are wl_data_device_manager.dnd_action bits, so the
 * host passes them through: copy 1, move 2, ask 4, none 0.
 */

export const DND_NONE = 0;
export const DND_COPY = 1;
export const DND_MOVE = 2;
export const DND_ASK = 4;

/** What is at a desktop point: an Xwayland surface (by its id), another client's, or nothing. */
export type DropSite = { kind: 'x'; surfaceId: number } | { kind: 'wayland' } | null;

// --- X → Wayland -----------------------------------------------------------------------

/** An X drag offered to Wayland targets (the bridge reads the data from XdndSelection). */
export interface XDragSource {
  readonly mimeTypes: readonly string[];
  /** The actions the X source offers (dnd_action bits). */
  readonly actions: number;
  /** A Wayland target reads `mime`: write it into `fd` and close it (the callee owns `fd`). */
  send(mime: string, fd: number): void;
  /** The Wayland target under the pointer accepted `mime` (null: nothing) with `action`. */
  status(mime: string | null, action: number): void;
  /** The Wayland target finished the drop (true), or refused it / gave up (false). */
  finished(ok: boolean): void;
}

/**
 * The Wayland drag the host runs on behalf of X. It follows the X source's positions, not the
 * pointer: the pointer stays with Xwayland (its implicit grab), so the X source keeps seeing
 * motion and the button release.
 */
export interface WaylandDragForX {
  /** The X source is at desktop (x, y), over a Wayland surface (null: over X or nothing). */
  motion(x: number, y: number): void;
  leave(): void;
  /** The X source dropped: the Wayland target gets the drop if it accepted, else it is cancelled. */
  drop(): void;
  /** The X drag ended without a drop (or the source vanished). */
  cancel(): void;
  /**
   * Set by a host whose drag takes the pointer from Xwayland (sommelier: a start_drag on
   * Xwayland's host connection). The bridge then tells the X source we accept and calls
   * `handOver`, which must give X the button release; from there the host's drag alone decides
   * (motion, leave and drop are not called) and ends with the source's `finished`.
   */
  readonly takesPointer?: boolean;
  handOver?(): void;
}

// --- Wayland → X -----------------------------------------------------------------------

/** A Wayland drag as X sees it. */
export interface WaylandDragOffer {
  readonly mimeTypes: readonly string[];
  /** The actions the Wayland source offers (dnd_action bits). */
  readonly actions: number;
  /** Asks the Wayland source to write `mime` into `fd` (a pipe's write end the callee owns). */
  receive(mime: string, fd: number): void;
}

/** What the X window under a Wayland drag says back. */
export interface XDropFeedback {
  /** The X target accepts (a MIME type of the offer, null: refuses) with `action`. */
  status(mime: string | null, action: number): void;
  /** After the drop: the X target finished (true), or refused / vanished / timed out (false). */
  finished(ok: boolean): void;
}

/** An X window taking part in a Wayland drag (the bridge speaks XDND to it as the source). */
export interface XDropTarget {
  /** The pointer is at (sx, sy) on the Xwayland surface this target was made for. */
  motion(sx: number, sy: number): void;
  leave(): void;
  /** The user dropped here: false when the X target had not accepted (the host cancels). */
  drop(): boolean;
}

export type XDropTargets = (
  surfaceId: number,
  offer: WaylandDragOffer,
  feedback: XDropFeedback,
) => XDropTarget | null;

/** X drags reaching Wayland surfaces: a host that knows what is where on the X screen. */
export interface XToWaylandHost {
  /**
   * What is at desktop (x, y), ignoring Xwayland surfaces `skip` says are not targets (the X
   * drag icon that follows the pointer). Coordinates are the X screen's.
   */
  siteAt?(x: number, y: number, skip: (surfaceId: number) => boolean): DropSite;
  /**
   * For a host that cannot see the desktop (sommelier in a guest), instead of siteAt: the
   * Xwayland surface with the pointer's implicit grab (the X source's) and the pointer on it,
   * surface-local in X pixels, as the host has it (X's own pointer stops at the X screen's
   * edge). Past the surface's X window the drag has left X, and the host's drag takes over.
   */
  grab?(): { surfaceId: number; x: number; y: number } | null;
  /** Calls `cb` on each host pointer motion during the grab; returns a function that stops it. */
  onGrabMotion?(cb: () => void): () => void;
  /** Starts a Wayland drag for an X drag that reached a Wayland surface; null if it cannot. */
  startDrag(source: XDragSource): WaylandDragForX | null;
}

export interface DragHost {
  /**
   * X → Wayland. Without it, X drags stay in X and no proxy window is ever mapped.
   */
  readonly xToWayland?: XToWaylandHost;
  /**
   * Wayland → X: Wayland drags over Xwayland surfaces are offered to `targets` (which speaks
   * XDND to the X window). Returns a function that stops it.
   */
  setXDropTargets(targets: XDropTargets): () => void;
}
