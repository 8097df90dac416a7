import type { XwaylandBridge } from '../../../xwayland-bridge/src/bridge.js';
import type { Sommelier } from '../sommelier.js';
import type { HostOutputScale } from './host-output-scale.js';
import type { SommelierXWindowHost } from './x-window-host.js';

/** One X display: its bridge and the window host that pairs its Xwayland with the host. */
export interface XDisplay {
  bridge: XwaylandBridge;
  windows: SommelierXWindowHost;
}

/** Makes one X display: `drawnAt` null for the default one, else the app scale it serves. */
export type BridgeFactory = (drawnAt: number | null) => XDisplay;

/**
 * The X displays of one sommelier. The default one (`DISPLAY` of a shell, the READY line) runs
 * X apps at 96 DPI and sommelier enlarges each window to its app's scale once its WM_CLASS is
 * known: the right size, blurred above 1. An app whose scale is known when sommelier launches
 * it runs instead on the display of that scale: an Xwayland at 96·S DPI (Xft.dpi too) whose
 * apps draw big themselves and are shown 1:1, so they stay sharp. Those start with the first
 * launch at their scale; each is a full bridge (window manager, selections, drags, idle exit).
 * On a HiDPI host (output scale D) each Xwayland runs at D times its DPI, its X pixels shown as
 * device pixels; it takes D when it starts (x-window-host.ts).
 */
export class SommelierXDisplays {
  private readonly first: XDisplay;
  private readonly scaled = new Map<number, XDisplay>();

  constructor(
    private readonly sommelier: Sommelier,
    private readonly outputScale: HostOutputScale,
    private readonly make: BridgeFactory,
  ) {
    this.first = make(null);
    outputScale.onChange(() => {
      for (const d of this.displays) {
        d.windows.hostScaleChanged();
        // An Xwayland forked ahead before the scale was known takes its `-dpi` from it now.
        d.bridge.optionsChanged();
      }
    });
  }

  get default(): XwaylandBridge {
    return this.first.bridge;
  }

  /** `:N` of the default display. */
  get display(): string {
    return this.default.display;
  }

  /** The bridge an app launched at `scale` runs on (started now if it is the first). */
  bridgeFor(scale: number): XwaylandBridge {
    // The default Xwayland draws at 96 DPI shown at its session's scale: already 1:1 at 1.
    if (scale === 1 && this.sommelier.scaleForExecutable('Xwayland') === 1) return this.default;
    // Scales giving the same DPI share an Xwayland.
    const key = Math.round(96 * scale);
    let display = this.scaled.get(key);
    if (!display) {
      display = this.make(key / 96);
      this.scaled.set(key, display);
    }
    return display.bridge;
  }

  private get displays(): XDisplay[] {
    return [this.first, ...this.scaled.values()];
  }

  /** Every bridge, the default first. */
  get bridges(): XwaylandBridge[] {
    return this.displays.map((d) => d.bridge);
  }

  stop(): void {
    for (const b of this.bridges) b.stop();
    this.scaled.clear();
    this.outputScale.close();
  }
}
