import type { Session } from '../session/session.js';
import type { GuestSurface } from '../surface/guest-surface.js';

/**
 * The hook through which the X window manager holds back commits of Xwayland's surfaces
 * until they have their role on the host (an xdg_surface must start without a buffer), and
 * learns of new surfaces. Set only for the session of sommelier's own Xwayland.
 */
const hooks = new WeakMap<Session, (gs: GuestSurface) => boolean>();

export function setCommitHook(session: Session, hook: (gs: GuestSurface) => boolean): void {
  hooks.set(session, hook);
}

/** Called by GuestSurface on wl_surface.commit: true when the commit must wait (stays pending). */
export function holdCommit(gs: GuestSurface): boolean {
  return hooks.get(gs.session)?.(gs) ?? false;
}
