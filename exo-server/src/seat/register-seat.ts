import { WlSeatResource } from '../../../protos/gen/server/wayland.js';
import type { Exo } from '../exo.js';
import { registerCursorShape } from './cursor-shape.js';
import { Seat, SEAT_VERSION } from './seat.js';

/** Installs the seat (exo.seat) and the wl_seat global with pointer, keyboard and touch. */
export function registerSeat(exo: Exo): void {
  const seat = new Seat(exo);
  exo.seat = seat;
  exo.display.createGlobal(WlSeatResource, SEAT_VERSION, (r) => seat.bind(r));
  registerCursorShape(exo, seat);
}
