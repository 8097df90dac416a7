import { XwaylandBridge } from '../../../xwayland-bridge/src/bridge.js';
import type { Exo } from '../exo.js';
import type { WindowManager } from '../shell/window-manager.js';
import { ExoXDragHost } from './x-drag-host.js';
import { ExoXSelectionHost } from './x-selection-host.js';
import { ExoXWindowHost } from './x-window-host.js';

/**
 * `tartine exo --xwayland`: X11 apps straight on exo. Listens on the first free X display;
 * rootless Xwayland starts with the first X client, on a private Wayland connection.
 */
export function startXwayland(
  exo: Exo,
  wm: WindowManager,
  opts: { firstDisplay?: number } = {},
): XwaylandBridge {
  const windows = new ExoXWindowHost(exo, wm);
  return XwaylandBridge.start(
    {
      connectXwayland: () => windows.connect(),
      windows,
      selections: new ExoXSelectionHost(exo, () => windows.client),
      drags: new ExoXDragHost(exo, () => windows.client),
    },
    // X clients get output scale 1 (Xwayland 22.1 knows no other): exo scales their buffers.
    { firstDisplay: opts.firstDisplay, dpi: 96 },
  );
}
