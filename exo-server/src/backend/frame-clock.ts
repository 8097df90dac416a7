import type { Surface } from '../surface/surface.js';

/** Nanoseconds of CLOCK_MONOTONIC (libuv's hrtime), the clock wp_presentation reports. */
export function monotonicNs(): bigint {
  return process.hrtime.bigint();
}

/**
 * Paces frames: when something changed or a client waits for a frame callback, the next
 * tick repaints and then answers the callbacks. Ticks follow a fixed period (60 Hz by default)
 * without drift, and stop while nothing is waiting, so an idle server uses no CPU. Frame
 * callbacks always come, whether or not anyone is watching, so clients never stall.
 */
export class FrameClock {
  private readonly waiting = new Set<Surface>();
  private timer: NodeJS.Timeout | null = null;
  private nextTickMs = 0;
  private seq = 0;
  private stopped = false;
  /** Set by the backend: redraws damage; runs before frame callbacks are answered. */
  repaint: () => void = () => {};
  /** Other hooks run on every tick (e.g. the web backend's frame pacing). */
  readonly tickListeners: Array<(timeMs: number) => void> = [];

  constructor(public refreshHz = 60) {}

  get refreshNs(): number {
    return Math.round(1e9 / this.refreshHz);
  }

  /** A surface wants `done` on its frame callbacks at the next frame. */
  requestFrame(surface: Surface): void {
    this.waiting.add(surface);
    this.schedule();
  }

  forget(surface: Surface): void {
    this.waiting.delete(surface);
  }

  /** Something changed on screen: make sure a frame comes. */
  schedule(): void {
    if (this.timer || this.stopped) return;
    const period = 1000 / this.refreshHz;
    const now = performance.now();
    // Stay on the fixed grid of ticks, but never schedule into the past.
    if (this.nextTickMs < now)
      this.nextTickMs = now + (this.nextTickMs === 0 ? 0 : period - ((now - this.nextTickMs) % period));
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.nextTickMs - now));
  }

  private tick(): void {
    this.timer = null;
    const period = 1000 / this.refreshHz;
    this.nextTickMs += period;
    this.seq++;
    this.repaint();
    const timeMs = Math.round(performance.now());
    const surfaces = [...this.waiting];
    this.waiting.clear();
    for (const s of surfaces) if (!s.destroyed) s.frameDone(timeMs, this.refreshNs, this.seq);
    for (const cb of this.tickListeners) cb(timeMs);
  }

  get sequence(): number {
    return this.seq;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
