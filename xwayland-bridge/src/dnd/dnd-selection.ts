import { closeFd } from '../../../compositor/src/native/libc.js';
import type { SelectionHost, WaylandOffer, XSelectionSource } from '../selection/selection-host.js';
import { XSelection } from '../selection/x-selection.js';
import type { PropertyPool } from '../selection/property-pool.js';
import type { AtomCache, Atoms } from '../x11/atoms.js';
import type { XConnection } from '../x11/x-connection.js';

/**
 * XdndSelection, the selection a drag's data goes through, bridged by the same XSelection the
 * clipboard uses (TARGETS, INCR both ways, time-outs). Only its host differs: an X owner is a
 * drag source whose data Wayland targets read on drop, and a Wayland drag over X is made its
 * owner so X targets convert it.
 */
export class DndSelection implements SelectionHost {
  readonly selection: XSelection;
  private report: ((offer: WaylandOffer | null) => void) | null = null;
  /** The X drag source's data, once its TARGETS are known (null: none, or ours). */
  private xSource: XSelectionSource | null = null;
  /** Runs when an X owner gives XdndSelection up or its client goes away. */
  onXOwnerGone: () => void = () => {};

  constructor(
    c: XConnection,
    atoms: Atoms,
    cache: AtomCache,
    pool: PropertyPool,
    readonly atom: number,
    readonly window: number,
  ) {
    // The kind only names the selection in traces: this host ignores it.
    this.selection = new XSelection(c, atoms, cache, pool, 'primary', atom, window, this);
  }

  // --- SelectionHost (what XSelection tells us) ------------------------------------------

  setSelection(_kind: unknown, source: XSelectionSource | null): void {
    const had = this.xSource !== null;
    this.xSource = source;
    if (had && !source) this.onXOwnerGone();
  }

  watchSelection(_kind: unknown, cb: (offer: WaylandOffer | null) => void): () => void {
    this.report = cb;
    cb(null);
    return () => (this.report = null);
  }

  // --- the drag bridges ------------------------------------------------------------------

  /** Makes a Wayland drag the owner of XdndSelection (null: gives it up if we had it). */
  own(offer: WaylandOffer | null): void {
    this.report?.(offer);
  }

  /** Reads the X drag source's data as `mime` into `fd` (closed at once when there is none). */
  sendFromX(mime: string, fd: number): void {
    if (this.xSource) this.xSource.send(mime, fd);
    else closeFd(fd);
  }

  destroy(): void {
    this.selection.destroy();
  }
}
