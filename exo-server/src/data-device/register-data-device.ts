import type { Exo } from '../exo.js';

/** Installs wl_data_device_manager (selections and drag-and-drop) and primary selection. */
export function registerDataDevice(_exo: Exo): void {
  // Filled in by the data device work.
}
