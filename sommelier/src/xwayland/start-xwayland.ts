import { XwaylandBridge } from '../../../xwayland-bridge/src/bridge.js';
import type { Sommelier } from '../sommelier.js';
import { SommelierXDisplays } from './x-displays.js';
import { SommelierXDragHost } from './x-drag-host.js';
import { SommelierXSelectionHost } from './x-selection-host.js';
import { SommelierXWindowHost } from './x-window-host.js';

/**
 * `tartine sommelier -X`: X11 apps in the guest. Each Xwayland (rootless, started by its first
 * X client) is one more guest client of sommelier; our window manager gives its windows host
 * roles through SommelierXWindowHost. X apps draw at output scale 1; the default display at
 * 96 DPI, its windows scaled by sommelier on the host like any guest surface, and one display
 * per app scale known at launch at 96 × that scale (x-displays.ts). X selections meet the
 * host's clipboard and primary selection on each Xwayland's host connection
 * (x-selection-host.ts), so every display shares the one Wayland clipboard.
 */
export function startSommelierXwayland(sommelier: Sommelier): SommelierXDisplays {
  return new SommelierXDisplays(sommelier, (drawnAt) => startBridge(sommelier, drawnAt));
}

/** One display: its Xwayland, window manager, selection bridge and drag host. */
function startBridge(sommelier: Sommelier, drawnAt: number | null): XwaylandBridge {
  const windows = new SommelierXWindowHost(sommelier, drawnAt);
  const selections = new SommelierXSelectionHost(() => windows.xwaylandSession);
  const drags = new SommelierXDragHost(() => windows.xwaylandSession);
  return XwaylandBridge.start(
    { connectXwayland: () => windows.connect(), windows, selections, drags },
    { dpi: 96 * (drawnAt ?? 1) },
  );
}
