import type { Exo } from '../exo.js';

/** Installs the window manager (exo.shell) and the xdg-shell and xdg-decoration globals. */
export function registerShell(_exo: Exo): void {
  // Filled in by the xdg-shell / window manager work.
}
