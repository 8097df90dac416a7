import type { WlCallbackResource, WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import { Region } from '../../../compositor/src/geometry/region.js';
import type { SurfaceBuffer } from './surface-buffer.js';
import { SurfaceState, type FrameFeedback, type ViewportSource } from './surface-state.js';

/** What a role (xdg_toplevel, subsurface, cursor...) adds to a surface. */
export interface SurfaceRole {
  readonly roleName: string;
  /** Before the pending state is applied: throw a ProtocolError to refuse the commit. */
  precommit?(surface: Surface, pending: SurfaceState): void;
  /** After the committed state became current. */
  committed(surface: Surface): void;
  /** Desktop position (logical pixels) of the surface's origin, or null while it is not shown. */
  position(): { x: number; y: number } | null;
  /** Synchronized subsurfaces cache commits until their parent commits. */
  synchronized?(): boolean;
}

/** The compositor services a surface needs, kept narrow so surfaces are testable alone. */
export interface SurfaceHost {
  /** Surface-local damage (logical pixels) that must be redrawn. */
  damage(surface: Surface, region: Region): void;
  /** The surface has frame callbacks or feedback waiting for the next frame. */
  wantFrame(surface: Surface): void;
  destroyed(surface: Surface): void;
  /** A new buffer became current; `damage` is in buffer pixels (for backends that ship pixels). */
  bufferCommitted?(surface: Surface, damage: Region): void;
}

/**
 * A wl_surface: double-buffered state applied on commit, buffer lifetime, damage, frame
 * callbacks, the subsurface stack, and the role that gives it meaning.
 */
export class Surface {
  readonly pending = new SurfaceState();
  /** State cached by a synchronized subsurface until its parent commits. */
  private readonly cache = new SurfaceState();
  private hasCache = false;

  buffer: SurfaceBuffer | null = null;
  bufferScale = 1;
  bufferTransform = 0;
  /** null = infinite. */
  inputRegion: Region | null = null;
  opaqueRegion = Region.empty();
  viewportSource: ViewportSource | null = null;
  viewportDestination: { width: number; height: number } | null = null;
  /** Logical size (after scale, transform and viewport). */
  width = 0;
  height = 0;
  /** Offset of the last attach (wl_surface.offset), consumed by the role. */
  offsetX = 0;
  offsetY = 0;

  role: SurfaceRole | null = null;
  /** The first role ever given: a surface can never take another kind (wl_surface rules). */
  roleName: string | null = null;
  /** Subsurface stacking: the parent itself plus its children, bottom to top. */
  stack: Surface[] = [this];
  pendingStack: Surface[] | null = null;
  parent: Surface | null = null;

  frameCallbacks: WlCallbackResource[] = [];
  feedbacks: FrameFeedback[] = [];
  destroyed = false;
  /**
   * Checks of surface extensions (wp_viewport...) that run before every commit, role or not:
   * throw a ProtocolError to refuse the commit.
   */
  readonly precommitChecks: Array<(pending: SurfaceState) => void> = [];
  private commitListeners: Array<() => void> = [];
  private destroyListeners: Array<() => void> = [];

  constructor(
    readonly resource: WlSurfaceResource,
    private readonly host: SurfaceHost,
  ) {}

  get mapped(): boolean {
    return this.buffer !== null && this.role !== null && this.position() !== null;
  }

  /** Desktop position of the surface origin, following subsurface parents. */
  position(): { x: number; y: number } | null {
    return this.role ? this.role.position() : null;
  }

  /**
   * Gives the surface a role; false when it already has a different one (the caller posts the
   * role error of its own interface). The same kind of role may be given again after the
   * previous role object was destroyed.
   */
  setRole(name: string, role: SurfaceRole): boolean {
    if (this.roleName !== null && this.roleName !== name) return false;
    if (this.role !== null) return false;
    this.roleName = name;
    this.role = role;
    return true;
  }

  clearRole(role: SurfaceRole): void {
    if (this.role === role) this.role = null;
  }

  onCommit(cb: () => void): () => void {
    this.commitListeners.push(cb);
    return () => {
      const i = this.commitListeners.indexOf(cb);
      if (i >= 0) this.commitListeners.splice(i, 1);
    };
  }

  onDestroy(cb: () => void): void {
    this.destroyListeners.push(cb);
  }

  commit(): void {
    for (const check of this.precommitChecks) check(this.pending);
    this.role?.precommit?.(this, this.pending);
    if (this.role?.synchronized?.()) {
      this.cache.mergeFrom(this.pending);
      this.hasCache = true;
      return;
    }
    if (this.hasCache) {
      this.cache.mergeFrom(this.pending);
      this.pending.mergeFrom(this.cache);
      this.hasCache = false;
    }
    this.apply(this.pending);
  }

  /** Applies a parent's commit to a synchronized child: its cached state becomes current. */
  applyCachedState(): void {
    // Nothing cached: this surface's state (including its children's positions) stays as it is.
    if (!this.hasCache) return;
    this.hasCache = false;
    this.apply(this.cache);
  }

  private apply(s: SurfaceState): void {
    const oldWidth = this.width;
    const oldHeight = this.height;
    const oldScale = this.bufferScale;
    const oldTransform = this.bufferTransform;
    const damage = s.damage.clone();
    if (s.buffer !== undefined) {
      const old = this.buffer;
      this.buffer = s.buffer;
      this.offsetX = s.dx;
      this.offsetY = s.dy;
      if (old && old !== s.buffer) old.release();
    }
    if (s.scale !== undefined) this.bufferScale = s.scale;
    if (s.transform !== undefined) this.bufferTransform = s.transform;
    if (s.viewportSource !== undefined) this.viewportSource = s.viewportSource;
    if (s.viewportDestination !== undefined) this.viewportDestination = s.viewportDestination;
    if (s.opaque !== undefined) this.opaqueRegion = s.opaque;
    if (s.input !== undefined) this.inputRegion = s.input;
    this.updateSize();
    const geometryChanged =
      oldWidth !== this.width ||
      oldHeight !== this.height ||
      // GTK sends set_buffer_scale on every commit: only a different value changes geometry.
      (s.scale !== undefined && s.scale !== oldScale) ||
      (s.transform !== undefined && s.transform !== oldTransform) ||
      s.viewportSource !== undefined ||
      s.viewportDestination !== undefined;
    if (this.buffer && s.buffer !== undefined) {
      const bufferDamage = s.bufferDamage.clone().add(this.surfaceToBufferDamage(s.damage));
      if (geometryChanged)
        bufferDamage.add({ x: 0, y: 0, width: this.buffer.width, height: this.buffer.height });
      if (this.buffer.committed(bufferDamage)) this.buffer.release();
      this.host.bufferCommitted?.(this, bufferDamage);
    }
    if (geometryChanged || s.buffer === null) {
      damage.add({
        x: 0,
        y: 0,
        width: Math.max(oldWidth, this.width),
        height: Math.max(oldHeight, this.height),
      });
    } else if (!s.bufferDamage.isEmpty()) {
      damage.union(this.bufferToSurfaceDamage(s.bufferDamage));
    }
    s.damage.clear();
    s.bufferDamage.clear();
    if (s.frameCallbacks.length) {
      this.frameCallbacks.push(...s.frameCallbacks);
      s.frameCallbacks = [];
    }
    if (s.feedbacks.length) {
      for (const f of this.feedbacks) f.discarded();
      this.feedbacks = s.feedbacks;
      s.feedbacks = [];
    }
    s.reset();
    if (this.pendingStack) {
      this.stack = this.pendingStack;
      this.pendingStack = null;
      damage.add({ x: 0, y: 0, width: this.width, height: this.height });
    }
    this.applyChildren();
    // Clip to the larger of the old and new sizes: a surface that shrank must repaint what it left.
    const clipW = Math.max(oldWidth, this.width);
    const clipH = Math.max(oldHeight, this.height);
    if (!damage.isEmpty())
      this.host.damage(this, damage.intersect({ x: 0, y: 0, width: clipW, height: clipH }));
    if (this.frameCallbacks.length || this.feedbacks.length) this.host.wantFrame(this);
    this.role?.committed(this);
    for (const cb of [...this.commitListeners]) cb();
  }

  private applyChildren(): void {
    for (const child of this.stack) if (child !== this) child.parentCommitted();
  }

  /** Hook for subsurfaces: set by the subsurface role to apply position and cached state. */
  parentCommitted: () => void = () => this.applyCachedState();

  private updateSize(): void {
    if (!this.buffer) {
      this.width = 0;
      this.height = 0;
      return;
    }
    if (this.viewportDestination) {
      this.width = this.viewportDestination.width;
      this.height = this.viewportDestination.height;
      return;
    }
    if (this.viewportSource) {
      this.width = Math.trunc(this.viewportSource.width);
      this.height = Math.trunc(this.viewportSource.height);
      return;
    }
    const swap = (this.bufferTransform & 1) === 1;
    const w = swap ? this.buffer.height : this.buffer.width;
    const h = swap ? this.buffer.width : this.buffer.height;
    this.width = Math.trunc(w / this.bufferScale);
    this.height = Math.trunc(h / this.bufferScale);
  }

  /** Buffer damage → surface damage (exact for integer scales, whole surface for transforms and viewports). */
  private bufferToSurfaceDamage(d: Region): Region {
    if (this.bufferTransform !== 0 || this.viewportSource || this.viewportDestination)
      return Region.fromRect({ x: 0, y: 0, width: this.width, height: this.height });
    return d.clone().scale(1 / this.bufferScale);
  }

  private surfaceToBufferDamage(d: Region): Region {
    if (d.isEmpty()) return d;
    if (!this.buffer) return Region.empty();
    if (this.bufferTransform !== 0 || this.viewportSource || this.viewportDestination)
      return Region.fromRect({ x: 0, y: 0, width: this.buffer.width, height: this.buffer.height });
    return d.clone().scale(this.bufferScale);
  }

  /** Whether surface-local point (x, y) accepts input. */
  acceptsInput(x: number, y: number): boolean {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return false;
    return this.inputRegion === null || this.inputRegion.containsPoint(Math.floor(x), Math.floor(y));
  }

  /** Fires frame callbacks waiting for this frame (`timeMs` is the frame's time). */
  frameDone(timeMs: number, refreshNs: number, seq: number): void {
    const cbs = this.frameCallbacks;
    this.frameCallbacks = [];
    for (const cb of cbs) {
      if (cb.destroyed) continue;
      cb.sendDone(timeMs >>> 0);
      cb.destroy();
    }
    const fbs = this.feedbacks;
    this.feedbacks = [];
    for (const f of fbs) f.presented(timeMs, refreshNs, seq);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.buffer) {
      this.buffer.release();
    }
    if (this.width > 0)
      this.host.damage(this, Region.fromRect({ x: 0, y: 0, width: this.width, height: this.height }));
    for (const f of this.feedbacks) f.discarded();
    this.feedbacks = [];
    for (const cb of [...this.destroyListeners]) cb();
    this.host.destroyed(this);
    this.buffer = null;
    this.frameCallbacks = [];
  }
}
