import {
  WlSeatProxy,
  type WlKeyboardProxy,
  type WlPointerProxy,
  type WlSurfaceProxy,
} from '../../../protos/gen/client/wayland.js';
import type { Session } from '../session/session.js';

const PRESSED = 1;
const RELEASED = 0;

const inputs = new WeakMap<Session, XwaylandInput>();

/**
 * What the host's input tells Xwayland's host connection, read from a keyboard and a pointer of
 * our own on it (the host sends them the same events, with the same serials, as Xwayland's):
 * - the latest input serial, which a selection set on X's behalf must carry (the host lets only
 *   a client acting on user input replace it); only serials the host counts as input are kept:
 *   enter, key press, button press and release;
 * - where the pointer is and which press holds it, for an X drag that leaves X.
 * One per Xwayland session, shared by the selection and drag hosts; the objects go with the
 * session's connection.
 */
export class XwaylandInput {
  private latest: number | null = null;
  /** The surface with the pointer (Xwayland's, as a host proxy), or null. */
  focus: WlSurfaceProxy | null = null;
  /** Surface-local, in host units: beyond the surface during the implicit grab. */
  x = 0;
  y = 0;
  time = 0;
  readonly held = new Map<number, { serial: number; time: number }>();
  private moved: Array<() => void> = [];
  readonly keyboard: WlKeyboardProxy;
  readonly pointer: WlPointerProxy;

  private constructor(seat: WlSeatProxy) {
    this.keyboard = seat.getKeyboard().on({
      enter: (serial) => (this.latest = serial),
      key: (serial, _t, _k, state) => {
        if (state === PRESSED) this.latest = serial;
      },
    });
    this.pointer = seat.getPointer().on({
      enter: (serial, surface, x, y) => {
        this.latest = serial;
        this.focus = surface;
        this.x = x;
        this.y = y;
      },
      leave: () => {
        this.focus = null;
        this.held.clear(); // a host grab (a drag) took the pointer: its buttons are not ours
      },
      motion: (time, x, y) => {
        this.time = time;
        this.x = x;
        this.y = y;
        if (this.held.size > 0) for (const cb of [...this.moved]) cb();
      },
      button: (serial, time, button, state) => {
        this.latest = serial;
        this.time = time;
        if (state === RELEASED) this.held.delete(button);
        else this.held.set(button, { serial, time });
      },
    });
  }

  /**
   * The session's watch, made on first use on the shared internal seat (no listener on the seat
   * itself, which others may use); null when the host has no seat.
   */
  static of(session: Session): XwaylandInput | null {
    let input = inputs.get(session);
    if (input) return input;
    const seat = session.internalGlobal(WlSeatProxy, 5);
    if (!seat) return null;
    input = new XwaylandInput(seat);
    inputs.set(session, input);
    return input;
  }

  /** Null until an X window got input from the host. */
  get serial(): number | null {
    return this.latest;
  }

  /** The press that began the implicit grab (the first button still held). */
  get press(): { button: number; serial: number } | null {
    for (const [button, p] of this.held) return { button, serial: p.serial };
    return null;
  }

  /** Runs `cb` on each pointer motion while a button is held; returns the unsubscribe. */
  onMoved(cb: () => void): () => void {
    this.moved.push(cb);
    return () => (this.moved = this.moved.filter((c) => c !== cb));
  }
}
