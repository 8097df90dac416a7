import type { XwaylandBridge } from '../../../xwayland-bridge/src/bridge.js';
import type { Sommelier } from '../sommelier.js';

/** Makes one Xwayland bridge: `drawnAt` null for the default one, else the app scale it serves. */
export type BridgeFactory = (drawnAt: number | null) => XwaylandBridge;

/**
 * The X displays of one sommelier. The default one (`DISPLAY` of a shell, the READY line) runs
 * X apps at 96 DPI and sommelier enlarges each window to its app's scale once its WM_CLASS is
 * known: the right size, blurred above 1. An app whose scale is known when sommelier launches
 * it runs instead on the display of that scale: an Xwayland at 96·S DPI (Xft.dpi too) whose
 * apps draw big themselves and are shown 1:1, so they stay sharp. Those start with the first
 * launch at their scale; each is a full bridge (window manager, selections, drags, idle exit).
 */
export class SommelierXDisplays {
  readonly default: XwaylandBridge;
  private readonly scaled = new Map<number, XwaylandBridge>();

  constructor(
    private readonly sommelier: Sommelier,
    private readonly make: BridgeFactory,
  ) {
    this.default = make(null);
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
    let bridge = this.scaled.get(key);
    if (!bridge) {
      bridge = this.make(key / 96);
      this.scaled.set(key, bridge);
    }
    return bridge;
  }

  /** Every bridge, the default first. */
  get bridges(): XwaylandBridge[] {
    return [this.default, ...this.scaled.values()];
  }

  stop(): void {
    for (const b of this.bridges) b.stop();
    this.scaled.clear();
  }
}
