import { XwaylandBridge } from '../../../xwayland-bridge/src/bridge.js';
import type { Sommelier } from '../sommelier.js';
import { HostOutputScale } from './host-output-scale.js';
import { SommelierXDisplays, type XDisplay } from './x-displays.js';
import { SommelierXDragHost } from './x-drag-host.js';
import { SommelierXSelectionHost } from './x-selection-host.js';
import { SommelierXWindowHost } from './x-window-host.js';

/**
 * `tartine sommelier -X`: X11 apps in the guest. Each Xwayland (rootless, started by its first
 * X client) is one more guest client of sommelier; our window manager gives its windows host
 * roles through SommelierXWindowHost. X apps draw at output scale 1; the default display at
 * 96 DPI, its windows scaled by sommelier on the host like any guest surface, and one display
 * per app scale known at launch at 96 × that scale (x-displays.ts); on a HiDPI host each DPI is
 * multiplied by the host's output scale and X pixels are shown as device pixels. X selections
 * meet the host's clipboard and primary selection on each Xwayland's host connection
 * (x-selection-host.ts), so every display shares the one Wayland clipboard.
 */
export function startSommelierXwayland(sommelier: Sommelier): SommelierXDisplays {
  const outputScale = new HostOutputScale(sommelier);
  return new SommelierXDisplays(sommelier, outputScale, (drawnAt) =>
    startDisplay(sommelier, outputScale, drawnAt),
  );
}

/** One display: its Xwayland, window manager, selection bridge and drag host. */
function startDisplay(sommelier: Sommelier, outputScale: HostOutputScale, drawnAt: number | null): XDisplay {
  const windows = new SommelierXWindowHost(sommelier, drawnAt, outputScale);
  const selections = new SommelierXSelectionHost(() => windows.xwaylandSession);
  const drags = new SommelierXDragHost(() => windows.xwaylandSession);
  const bridge = XwaylandBridge.start(
    { connectXwayland: () => windows.connect(), windows, selections, drags },
    // Read when Xwayland is forked and when its window manager starts: D may change meanwhile.
    {
      get dpi() {
        return windows.dpi;
      },
    },
  );
  windows.running = () => bridge.xwaylandPid !== null;
  return { bridge, windows };
}
