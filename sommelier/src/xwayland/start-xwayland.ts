import { XwaylandBridge } from '../../../xwayland-bridge/src/bridge.js';
import type { Sommelier } from '../sommelier.js';
import { SommelierXWindowHost } from './x-window-host.js';

/**
 * `tartine sommelier -X`: X11 apps in the guest. Xwayland (rootless, started by the first X
 * client) is one more guest client of sommelier; our window manager gives its windows host
 * roles through SommelierXWindowHost. X apps draw in guest pixels at output scale 1 and 96 DPI;
 * sommelier scales them on the host like any guest surface.
 */
export function startSommelierXwayland(sommelier: Sommelier): XwaylandBridge {
  const windows = new SommelierXWindowHost(sommelier);
  return XwaylandBridge.start({ connectXwayland: () => windows.connect(), windows }, { dpi: 96 });
}
