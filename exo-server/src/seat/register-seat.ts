import type { Exo } from '../exo.js';

/** Installs the seat (exo.seat) and the wl_seat global with pointer, keyboard and touch. */
export function registerSeat(_exo: Exo): void {
  // Filled in by the seat work.
}
