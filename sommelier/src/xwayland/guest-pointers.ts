import type { WlPointerResource } from '../../../protos/gen/server/wayland.js';
import type { Session } from '../session/session.js';

const pointers = new WeakMap<Session, Set<WlPointerResource>>();

/**
 * Notes a guest's wl_pointer (relays/seat.ts calls this for each one), so sommelier can speak
 * to it itself: when a host drag takes the pointer from an X drag, Xwayland is the one that
 * must hear the button go up (x-drag-out.ts).
 */
export function noteGuestPointer(s: Session, pointer: WlPointerResource): void {
  let set = pointers.get(s);
  if (!set) pointers.set(s, (set = new Set()));
  set.add(pointer);
  pointer.onDestroy(() => set.delete(pointer));
}

/** The live wl_pointers of a session's guest. */
export function guestPointers(s: Session): WlPointerResource[] {
  return [...(pointers.get(s) ?? [])].filter((p) => !p.destroyed);
}
