import type { Exo } from '../exo.js';
import type { Surface } from '../surface/surface.js';
import type { DataSource } from './data-source.js';

/**
 * A drop target that is not a client's wl_data_device: the X window behind an Xwayland
 * surface, which the Xwayland bridge speaks XDND to. Drag hands it the pointer and the drop,
 * and hears its answers through ForeignDragSession, like it hears a wl_data_offer's.
 */
export interface ForeignDropTarget {
  /** The pointer is at (sx, sy) on the target surface. */
  motion(sx: number, sy: number): void;
  leave(): void;
  /** The drop: false when the target had not accepted (the drag is then cancelled). */
  drop(): boolean;
}

/** What a foreign target reports back to the drag. */
export interface ForeignDragSession {
  /** It accepts `mime` (null: nothing) with `action` (a dnd_action bit, 0: none). */
  status(mime: string | null, action: number): void;
  /** After the drop: it finished (true), or failed (false: the source is cancelled). */
  finished(ok: boolean): void;
}

/** Makes the foreign target for `surface`, or null when that surface is an ordinary client's. */
export type ForeignTargets = (
  surface: Surface,
  source: DataSource,
  session: ForeignDragSession,
) => ForeignDropTarget | null;

const registry = new WeakMap<Exo, ForeignTargets>();

/** Installs exo's foreign drop targets (the Xwayland bridge); returns a function removing them. */
export function setForeignTargets(exo: Exo, targets: ForeignTargets): () => void {
  registry.set(exo, targets);
  return () => {
    if (registry.get(exo) === targets) registry.delete(exo);
  };
}

export function foreignTargetsOf(exo: Exo): ForeignTargets | null {
  return registry.get(exo) ?? null;
}
