import type { Exo } from '../exo.js';
import { registerFractionalScale } from './fractional-scale.js';
import { registerPresentation } from './presentation.js';
import { registerViewporter } from './viewporter.js';

/** Installs wp_viewporter, wp_fractional_scale_manager_v1 and wp_presentation. */
export function registerExtras(exo: Exo): void {
  registerViewporter(exo);
  registerFractionalScale(exo);
  registerPresentation(exo);
}
