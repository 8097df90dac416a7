import type { WlCallbackResource } from '../../../protos/gen/server/wayland.js';
import { Region } from '../../../compositor/src/geometry/region.js';
import type { SurfaceBuffer } from './surface-buffer.js';

/** A viewport source rectangle in surface-local, buffer-scale-adjusted coordinates (may be fractional). */
export interface ViewportSource {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Something that wants to know when its commit reached the screen (wp_presentation_feedback). */
export interface FrameFeedback {
  presented(timeMs: number, refreshNs: number, seq: number): void;
  discarded(): void;
}

/**
 * Damage is kept to this many boxes: beyond, it becomes a coarser region that covers it (more
 * damage is always correct). Region operations cost time in the number of boxes, and a client
 * adding scattered rectangles one by one would otherwise keep the server busy for seconds.
 */
export const MAX_DAMAGE_RECTS = 128;

/**
 * The double-buffered state of a wl_surface: requests fill the pending copy, commit moves it
 * to the current one. `undefined` means "not set in this commit" for the optional fields.
 */
export class SurfaceState {
  /** Attached buffer: undefined = no attach since the last commit, null = attached null. */
  buffer: SurfaceBuffer | null | undefined = undefined;
  dx = 0;
  dy = 0;
  readonly damage = Region.empty();
  readonly bufferDamage = Region.empty();
  opaque: Region | undefined = undefined;
  /** null = infinite (the default input region). */
  input: Region | null | undefined = undefined;
  scale: number | undefined = undefined;
  transform: number | undefined = undefined;
  viewportSource: ViewportSource | null | undefined = undefined;
  viewportDestination: { width: number; height: number } | null | undefined = undefined;
  frameCallbacks: WlCallbackResource[] = [];
  feedbacks: FrameFeedback[] = [];

  /** Moves everything set in `from` into this state (commit, or caching for synchronized subsurfaces). */
  mergeFrom(from: SurfaceState): void {
    if (from.buffer !== undefined) {
      this.buffer = from.buffer;
      this.dx = from.dx;
      this.dy = from.dy;
    } else if (from.dx !== 0 || from.dy !== 0) {
      this.dx += from.dx;
      this.dy += from.dy;
    }
    // A synchronized subsurface accumulates every commit's damage here until its parent commits.
    this.damage.union(from.damage).simplify(MAX_DAMAGE_RECTS);
    this.bufferDamage.union(from.bufferDamage).simplify(MAX_DAMAGE_RECTS);
    if (from.opaque !== undefined) this.opaque = from.opaque;
    if (from.input !== undefined) this.input = from.input;
    if (from.scale !== undefined) this.scale = from.scale;
    if (from.transform !== undefined) this.transform = from.transform;
    if (from.viewportSource !== undefined) this.viewportSource = from.viewportSource;
    if (from.viewportDestination !== undefined) this.viewportDestination = from.viewportDestination;
    if (from.frameCallbacks.length) this.frameCallbacks.push(...from.frameCallbacks);
    if (from.feedbacks.length) {
      // A newer commit replaces feedback requests still waiting for their frame.
      this.feedbacks.push(...from.feedbacks);
    }
    from.reset();
  }

  reset(): void {
    this.buffer = undefined;
    this.dx = 0;
    this.dy = 0;
    this.damage.clear();
    this.bufferDamage.clear();
    this.opaque = undefined;
    this.input = undefined;
    this.scale = undefined;
    this.transform = undefined;
    this.viewportSource = undefined;
    this.viewportDestination = undefined;
    this.frameCallbacks = [];
    this.feedbacks = [];
  }
}
