import {
  WlSeatProxy,
  type WlKeyboardProxy,
  type WlPointerProxy,
} from '../../../protos/gen/client/wayland.js';
import type { Session } from '../session/session.js';

const PRESSED = 1;

/**
 * The latest input serial the host gave Xwayland's host connection, which a selection set on
 * X's behalf must carry (the host lets only a client acting on user input replace it). Read
 * from a keyboard and a pointer of our own on that connection: the host sends them the same
 * events, with the same serials, as Xwayland's. Only serials the host counts as input are
 * kept: enter, key press, button press and release.
 */
export class XInputSerial {
  private latest: number | null = null;
  private keyboard: WlKeyboardProxy | null = null;
  private pointer: WlPointerProxy | null = null;

  constructor(session: Session) {
    // Our own objects on the shared internal seat (no listener on the seat itself, which others
    // may use). Exo has every capability; a compositor without one sends these nothing.
    const seat = session.internalGlobal(WlSeatProxy, 5);
    if (!seat) return;
    this.watchKeyboard(seat);
    this.watchPointer(seat);
  }

  /** Null until an X window got input from the host. */
  get serial(): number | null {
    return this.latest;
  }

  private watchKeyboard(seat: WlSeatProxy): void {
    this.keyboard = seat.getKeyboard().on({
      enter: (serial) => (this.latest = serial),
      key: (serial, _t, _k, state) => {
        if (state === PRESSED) this.latest = serial;
      },
    });
  }

  private watchPointer(seat: WlSeatProxy): void {
    this.pointer = seat.getPointer().on({
      enter: (serial) => (this.latest = serial),
      button: (serial) => (this.latest = serial),
    });
  }

  destroy(): void {
    if (this.keyboard && !this.keyboard.isDestroyed && this.keyboard.version >= 3) this.keyboard.release();
    if (this.pointer && !this.pointer.isDestroyed && this.pointer.version >= 3) this.pointer.release();
  }
}
