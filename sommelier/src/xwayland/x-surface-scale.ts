import type { Scale } from '../session/scale.js';
import type { GuestSurface } from '../surface/guest-surface.js';

/**
 * Surfaces shown at a scale other than their client's. The default Xwayland serves every X app
 * whose scale was not known at launch, so its session has one scale; an X window whose app
 * (WM_CLASS) the per-app settings give another scale is shown at that one instead (set by
 * x-host-roles.ts before the window's first host commit with content), and cursors at their own
 * size (relays/seat.ts). (Xwaylands of apps launched at a scale draw at it: x-displays.ts; on
 * a HiDPI host every X scale here is divided by the host's output scale: x-window-host.ts.)
 * The surface commit path sizes the surface, converts its regions and has input on it divided
 * by the scale `surfaceScale` gives.
 */
const overrides = new WeakMap<GuestSurface, Scale>();

export function setSurfaceScale(gs: GuestSurface, scale: Scale | null): void {
  const before = surfaceScale(gs);
  if (scale) overrides.set(gs, scale);
  else overrides.delete(gs);
  // What the host has (regions, offsets) was converted at the old scale: the next commit sends
  // it all again, as after a change of the session's scale.
  if (surfaceScale(gs).factor !== before.factor) gs.epoch = -1;
}

/** The scale `gs` is shown at on the host: its window's own, else its client's. */
export function surfaceScale(gs: GuestSurface): Scale {
  return overrides.get(gs) ?? gs.session.scale;
}
