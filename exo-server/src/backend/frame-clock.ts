import type { Surface } from '../surface/surface.js';

/** Nanoseconds of CLOCK_MONOTONIC (libuv's hrtime), the clock wp_presentation reports. */
const HOLD_LIMIT_MS = 100;

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
  /**
   * While this returns true (a frame is on its way to a page that has not shown it yet), frame
   * callbacks wait for `release()`, so clients draw at the rate the page displays. A page that
   * stops answering (a hidden tab) gets the callbacks anyway after HOLD_LIMIT_MS.
   */
  gate: (() => boolean) | null = null;
  private holdTimer: NodeJS.Timeout | null = null;

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
    for (const cb of this.tickListeners) cb(Math.round(performance.now()));
    if (this.gate?.()) {
      this.holdTimer ??= setTimeout(() => this.release(), HOLD_LIMIT_MS);
      return;
    }
    this.answerCallbacks();
  }

  /** The page showed the frame: answer the callbacks held for it. */
  release(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.answerCallbacks();
  }

  private answerCallbacks(): void {
    if (this.waiting.size === 0) return;
    const timeMs = Math.round(performance.now());
    const surfaces = [...this.waiting];
    this.waiting.clear();
    for (const s of surfaces) if (!s.destroyed) s.frameDone(timeMs, this.refreshNs, this.seq);
  }

  get sequence(): number {
    return this.seq;
  }

  stop(): void {
    this.stopped = true;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
