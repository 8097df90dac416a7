import type { Region } from '../../compositor/src/geometry/region.js';
import { Display } from '../../compositor/src/server/display.js';
import { FrameClock } from './backend/frame-clock.js';
import { Scene } from './scene/scene.js';
import type { SeatApi } from './seat/seat-api.js';
import type { ShellApi } from './shell/shell-api.js';
import type { Surface, SurfaceHost } from './surface/surface.js';

export interface ExoOptions {
  /** Desktop size in logical pixels. */
  width: number;
  height: number;
  /** Output scale (devicePixelRatio): 1, 1.25, 1.5, 2... */
  scale: number;
  /** XKB layout for the keyboard, e.g. `us` or `de`. */
  keyboardLayout: string;
  /** wlcs 1.5.0 quirk, set only by its integration (--wlcs-control): a buffer before the first ack_configure acks it. */
  acceptBufferBeforeConfigureAck?: boolean;
}

/** The output (the desktop) as clients see it. */
export class OutputState {
  private listeners: Array<() => void> = [];
  constructor(
    public width: number,
    public height: number,
    public scale: number,
  ) {}

  /** The integer scale wl_output advertises: the fractional scale rounded up. */
  get integerScale(): number {
    return Math.max(1, Math.ceil(this.scale - 1e-6));
  }

  get pixelWidth(): number {
    return Math.round(this.width * this.scale);
  }

  get pixelHeight(): number {
    return Math.round(this.height * this.scale);
  }

  update(width: number, height: number, scale: number): void {
    if (width === this.width && height === this.height && scale === this.scale) return;
    this.width = width;
    this.height = height;
    this.scale = scale;
    for (const cb of this.listeners) cb();
  }

  onChange(cb: () => void): void {
    this.listeners.push(cb);
  }
}

/**
 * The host compositor's composition root: one Wayland display, one output, the scene, the
 * frame clock, and the policy objects (window manager, seat) that protocol modules plug into.
 */
export class Exo implements SurfaceHost {
  readonly display = new Display();
  readonly output: OutputState;
  readonly scene = new Scene();
  readonly frames = new FrameClock(60);
  private shellImpl: ShellApi | null = null;
  private seatImpl: SeatApi | null = null;
  private readonly surfaceListeners: Array<(s: Surface) => void> = [];
  private readonly createdListeners: Array<(s: Surface) => void> = [];
  private readonly bufferListeners: Array<(s: Surface, damage: Region) => void> = [];

  constructor(readonly options: ExoOptions) {
    this.output = new OutputState(options.width, options.height, options.scale);
    this.scene.onDamage(() => this.frames.schedule());
  }

  get shell(): ShellApi {
    if (!this.shellImpl) throw new Error('no window manager installed');
    return this.shellImpl;
  }

  set shell(s: ShellApi) {
    this.shellImpl = s;
    this.scene.shell = s;
  }

  get seat(): SeatApi {
    if (!this.seatImpl) throw new Error('no seat installed');
    return this.seatImpl;
  }

  set seat(s: SeatApi) {
    this.seatImpl = s;
  }

  // --- SurfaceHost ---

  damage(surface: Surface, region: Region): void {
    this.scene.damageSurface(surface, region);
  }

  bufferCommitted(surface: Surface, damage: Region): void {
    for (const cb of this.bufferListeners) cb(surface, damage);
  }

  /** Runs `cb` whenever a surface commits a buffer, with the damage in buffer pixels. */
  onBufferCommitted(cb: (s: Surface, damage: Region) => void): () => void {
    this.bufferListeners.push(cb);
    return () => {
      const i = this.bufferListeners.indexOf(cb);
      if (i >= 0) this.bufferListeners.splice(i, 1);
    };
  }

  wantFrame(surface: Surface): void {
    this.frames.requestFrame(surface);
  }

  destroyed(surface: Surface): void {
    this.frames.forget(surface);
    for (const cb of this.surfaceListeners) cb(surface);
  }

  /** Runs `cb` for every new surface (outputs send enter, fractional scale attaches...). */
  onSurfaceCreated(cb: (s: Surface) => void): void {
    this.createdListeners.push(cb);
  }

  surfaceCreated(s: Surface): void {
    for (const cb of this.createdListeners) cb(s);
  }

  /** Runs `cb` whenever any surface is destroyed (seat and shell drop their references). */
  onSurfaceDestroyed(cb: (s: Surface) => void): void {
    this.surfaceListeners.push(cb);
  }

  /** The next event serial (shared by the whole display, as in libwayland). */
  nextSerial(): number {
    return this.display.nextSerial();
  }

  /** Sends everything queued to every client now (the control API answers after this). */
  flush(): void {
    this.display.flushClients();
  }

  destroy(): void {
    this.frames.stop();
    this.display.destroy();
  }
}
