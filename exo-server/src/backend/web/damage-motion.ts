import { Region } from '../../../../compositor/src/geometry/region.js';
import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import type { Surface } from '../../surface/surface.js';

/**
 * A surface whose large change came this soon after the previous large change is "moving", and
 * its lossy pixels are refined once it had no large change for this long; both stretch to three
 * frame round trips on a page slower than that (else a slow page would get only exact frames,
 * and get slower still).
 */
const MOVING_MS = 300;
/** A change of at least this many pixels, or half the surface, counts as large. */
const LARGE_PIXELS = 256 * 256;

interface Motion {
  /** performance.now() of the last large change sent. */
  lastLarge: number;
  /** How long after it the surface counts as still. */
  stillAfter: number;
  /** Pixels the page has only as a lossy approximation. */
  blurry: Region;
}

/**
 * Tells which surfaces change a large area frame after frame (video, games, fast scrolling):
 * their updates may travel lossy, as VNC and SPICE do, since each is soon replaced. What counts
 * is the pixels that really changed, not the client's damage (GTK damages half a window to turn
 * a spinner). The first large change after a pause travels exact, so a one-off change (a page
 * of text) never blurs. Once a surface stops changing, the pixels sent lossy are sent again
 * exactly, so still content is always exact.
 */
export class DamageMotion {
  private readonly state = new Map<Surface, Motion>();
  private timer: NodeJS.Timeout | null = null;

  /** `wake` asks for a frame (when lossy pixels become due for refinement). */
  constructor(private readonly wake: () => void) {}

  /**
   * A frame is about to carry `changedPixels` pixels that really changed (compared with what
   * the page has) for this surface: whether its large rectangles may travel lossy. A large
   * change is lossy when the previous large change was a moment before: the surface is moving.
   * `roundTripMs`: how long the page takes to acknowledge a frame, lately.
   */
  lossy(surface: Surface, changedPixels: number, surfaceArea: number, now: number, roundTripMs = 0): boolean {
    if (changedPixels < Math.min(LARGE_PIXELS, surfaceArea / 2)) return false;
    let m = this.state.get(surface);
    if (!m) {
      m = { lastLarge: -Infinity, stillAfter: MOVING_MS, blurry: new Region() };
      this.state.set(surface, m);
    }
    const moving = now - m.lastLarge <= m.stillAfter;
    m.lastLarge = now;
    m.stillAfter = Math.max(MOVING_MS, 3 * roundTripMs);
    return moving;
  }

  /** Rectangles just sent lossy: they are refined once the surface is still. */
  sentLossy(surface: Surface, rects: readonly Rect[], now: number): void {
    if (rects.length === 0) return;
    const m = this.state.get(surface);
    if (!m) return;
    for (const r of rects) m.blurry.add(r);
    m.blurry.simplify(16);
    this.arm(Math.max(0, m.lastLarge + m.stillAfter - now));
  }

  /** Lossy pixels of still surfaces, to send exactly now (they are forgotten here). */
  due(now: number): Array<[Surface, readonly Rect[]]> {
    const out: Array<[Surface, readonly Rect[]]> = [];
    let next = Infinity;
    for (const [surface, m] of this.state) {
      if (m.blurry.isEmpty()) continue;
      const at = m.lastLarge + m.stillAfter;
      if (at <= now) {
        out.push([surface, m.blurry.rects().slice()]);
        m.blurry.clear();
      } else next = Math.min(next, at);
    }
    if (next !== Infinity) this.arm(next - now);
    return out;
  }

  /** Whether lossy pixels still wait for their refinement. */
  get waiting(): boolean {
    for (const m of this.state.values()) if (!m.blurry.isEmpty()) return true;
    return false;
  }

  /** The page no longer has this surface's pixels (or it is gone). */
  forget(surface: Surface): void {
    this.state.delete(surface);
  }

  clear(): void {
    this.state.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, ms + 1);
    this.timer.unref();
  }
}
