import type { Exo } from '../exo.js';

/** Installs wp_viewporter, wp_fractional_scale_manager_v1 and wp_presentation. */
export function registerExtras(_exo: Exo): void {
  // Filled in by the extras work.
}
