import type { Exo } from '../exo.js';
import type { SeatApi } from '../seat/seat-api.js';
import type { Surface } from '../surface/surface.js';
import { WindowManager, type WmHost } from './window-manager.js';
import { registerXdgDecoration } from './xdg-decoration.js';
import { flushScheduledConfigures } from './xdg-surface.js';
import { registerXdgWmBase } from './xdg-wm-base.js';

/** Installs the window manager (exo.shell) and the xdg-shell and xdg-decoration globals. */
export function registerShell(exo: Exo): WindowManager {
  const host: WmHost = {
    output: exo.output,
    damageTree: (surface: Surface, x: number, y: number) => {
      for (const v of exo.scene.expand({ surface, x, y }, []))
        exo.scene.damageRect({ x: v.x, y: v.y, width: v.surface.width, height: v.surface.height });
    },
    seat: (): SeatApi | null => {
      // The seat is installed after the shell (and may be absent in some setups).
      try {
        return exo.seat;
      } catch {
        return null;
      }
    },
    flushConfigures: flushScheduledConfigures,
  };
  const wm = new WindowManager(host);
  exo.shell = wm;
  registerXdgWmBase(exo, wm);
  registerXdgDecoration(exo, wm);
  exo.output.onChange(() => wm.outputChanged());
  return wm;
}
