import type { WlRegionProxy, WlSurfaceProxy } from '../../../protos/gen/client/wayland.js';
import type { WpViewportProxy } from '../../../protos/gen/client/viewporter.js';
import { WlOutputResource, type WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import { WlSurfaceError } from '../../../protos/gen/spec/wayland.js';
import { hostRegion, regionOps, type RegionOp } from '../relays/compositor.js';
import { shmBufferOf, type GuestShmBuffer } from '../relays/shm.js';
import type { Session } from '../session/session.js';
import { SurfaceShadows } from '../shadow/surface-shadows.js';
import type { Rect } from './buffer-damage.js';
import { commitSurface, recommitSurface } from './surface-commit.js';
import { holdCommit } from '../xwayland/commit-hold.js';
import { surfaceScale } from '../xwayland/x-surface-scale.js';

/** wp_viewport state of a guest surface (the guest's viewport is virtual: see viewporter.ts). */
export class ViewportState {
  source: Rect | null = null;
  destination: [number, number] | null = null;

  copyFrom(o: ViewportState): void {
    this.source = o.source;
    this.destination = o.destination;
  }
}

/**
 * A guest wl_surface and its host twin. Most requests are forwarded as they come; the buffer,
 * damage, buffer scale/transform and viewport are kept here too, because at commit sommelier
 * copies the damage into a shadow buffer and sizes the host surface for the client's scale.
 */
export class GuestSurface {
  // Double-buffered guest state: pending until commit.
  pendingBuffer: GuestShmBuffer | null | undefined = undefined;
  pendingDx = 0;
  pendingDy = 0;
  pendingDamage: Rect[] = [];
  pendingBufferDamage: Rect[] = [];
  pendingScale = 1;
  pendingTransform = 0;
  readonly pendingViewport = new ViewportState();
  /** A wp_viewport exists for this surface (at most one may). */
  hasViewport = false;

  /** Opaque and input regions set since the last commit (undefined: unchanged; null: none). */
  pendingOpaque: RegionOp[] | null | undefined = undefined;
  pendingInput: RegionOp[] | null | undefined = undefined;
  pendingOffset: [number, number] | null = null;
  /** The guest sent requests that change pending state since its last commit (see recommitTree). */
  dirty = false;

  // Committed state.
  buffer: GuestShmBuffer | null = null;
  opaque: RegionOp[] | null = null;
  input: RegionOp[] | null = null;
  bufferScale = 1;
  transform = 0;
  readonly viewport = new ViewportState();

  // Host side.
  readonly shadows: SurfaceShadows;
  hostViewport: WpViewportProxy | null = null;
  sentSource: Rect | null = null;
  sentDestination: [number, number] | null = null;
  /** The session epoch (scale change count) the host state of this surface was sent at. */
  epoch: number;
  /** The scale the host surface is at now: input on it is divided by this one. */
  appliedFactor: number;
  /** Subsurface tree: a synchronized child is committed with its parent at a scale change. */
  parent: GuestSurface | null = null;
  readonly children = new Set<GuestSurface>();
  /** The host decides this window's size (maximized, fullscreen, tiled): a new scale waits for a configure. */
  sizeLocked = false;
  /**
   * Run before each host commit of this surface, with true when the scale changed since its
   * last one: the relays of its roles send their double-buffered state (window geometry,
   * min/max size, subsurface positions) converted at the scale this commit is at.
   */
  readonly commitHooks = new Set<(rescaled: boolean) => void>();

  constructor(
    readonly session: Session,
    readonly resource: WlSurfaceResource,
    readonly host: WlSurfaceProxy,
  ) {
    this.shadows = new SurfaceShadows(session.shadows);
    this.epoch = session.epoch;
    this.appliedFactor = session.scale.factor;
    session.link(resource, host);
    session.surfaces.add(this);
    resource.onDestroy(() => {
      this.shadows.release(true);
      this.buffer = null;
      session.surfaces.delete(this);
      this.parent?.children.delete(this);
      for (const c of this.children) c.parent = null;
    });
    const s = session;
    let preferredScale: number | null = null;
    const sendPreferredScale = (): void => {
      if (resource.version >= 6 && preferredScale !== null)
        resource.sendPreferredBufferScale(s.scale.outputScale(preferredScale));
    };
    s.onRescale(resource, sendPreferredScale);
    resource.setHandler({
      destroy: () => host.destroy(),
      attach: (r, buffer, x, y) => {
        if (r.version >= 5 && (x !== 0 || y !== 0))
          throw r.error(
            WlSurfaceError.InvalidOffset,
            'attach offsets must be 0 since version 5 (use offset)',
          );
        const b = buffer ? shmBufferOf(buffer) : null;
        if (buffer && !b) throw r.error(WlSurfaceError.InvalidSize, `${buffer} is not a wl_shm buffer`);
        this.pendingBuffer = b ?? null;
        this.pendingDx = x;
        this.pendingDy = y;
        this.dirty = true;
      },
      damage: (_r, x, y, w, h) => {
        this.pendingDamage.push([x, y, w, h]);
        this.dirty = true;
      },
      damageBuffer: (_r, x, y, w, h) => {
        this.pendingBufferDamage.push([x, y, w, h]);
        this.dirty = true;
      },
      frame: (_r, callback) => {
        host.frame().on({
          done: (data) => {
            if (!callback.destroyed) callback.sendDone(data);
          },
        });
      },
      // Regions are copied when set, and built on the host at commit, at the scale of that commit.
      setOpaqueRegion: (_r, region) => {
        this.pendingOpaque = region ? regionOps(region) : null;
        this.dirty = true;
      },
      setInputRegion: (_r, region) => {
        this.pendingInput = region ? regionOps(region) : null;
        this.dirty = true;
      },
      // Xwayland's surfaces wait for their role on the host (sommelier -X): see commit-hold.ts.
      commit: () => void (holdCommit(this) || commitSurface(this)),
      setBufferTransform: (r, transform) => {
        if (transform < 0 || transform > 7)
          throw r.error(WlSurfaceError.InvalidTransform, `invalid buffer transform ${transform}`);
        this.pendingTransform = transform;
        this.dirty = true;
        host.setBufferTransform(transform);
      },
      setBufferScale: (r, scale) => {
        if (scale < 1) throw r.error(WlSurfaceError.InvalidScale, `invalid buffer scale ${scale}`);
        this.pendingScale = scale;
        this.dirty = true;
        host.setBufferScale(scale);
      },
      offset: (_r, x, y) => {
        this.pendingOffset = [x, y];
        this.dirty = true;
      },
    });
    host.on({
      enter: (output) => {
        const o = s.guestOf(output, WlOutputResource);
        if (o) resource.sendEnter(o);
      },
      leave: (output) => {
        const o = s.guestOf(output, WlOutputResource);
        if (o) resource.sendLeave(o);
      },
      preferredBufferScale: (factor) => {
        preferredScale = factor;
        sendPreferredScale();
      },
      preferredBufferTransform: (t) => {
        if (resource.version >= 6) resource.sendPreferredBufferTransform(t);
      },
    });
  }

  get isRoot(): boolean {
    return this.parent === null;
  }

  /**
   * After a scale change: sends this surface tree's state again at the new scale and commits it
   * on the host, children first (a synchronized child's commit waits for its parent's), so the
   * host shows the whole tree at one scale. Skipped while the guest is in the middle of a
   * commit of its own (it will commit at the new scale), and for windows whose size the host
   * decides (they get a configure at the new size, and commit after it).
   */
  recommitTree(): void {
    if (this.canRecommit()) this.recommit();
  }

  private canRecommit(): boolean {
    if (this.dirty || this.sizeLocked || this.resource.destroyed) return false;
    for (const c of this.children) if (!c.canRecommit()) return false;
    return true;
  }

  private recommit(): void {
    for (const c of this.children) c.recommit();
    recommitSurface(this);
  }

  /** Sends the regions and offset the guest set, and all of them again after a scale change. */
  sendPendingState(rescaled: boolean): void {
    const sc = surfaceScale(this);
    if (this.pendingOpaque !== undefined) this.opaque = this.pendingOpaque;
    if (this.pendingOpaque !== undefined || (rescaled && this.opaque))
      this.sendRegion(this.opaque, (r) => this.host.setOpaqueRegion(r));
    if (this.pendingInput !== undefined) this.input = this.pendingInput;
    if (this.pendingInput !== undefined || (rescaled && this.input))
      this.sendRegion(this.input, (r) => this.host.setInputRegion(r));
    this.pendingOpaque = this.pendingInput = undefined;
    if (this.pendingOffset && this.host.version >= 5)
      this.host.offset(sc.toHost(this.pendingOffset[0]), sc.toHost(this.pendingOffset[1]));
    this.pendingOffset = null;
    for (const hook of [...this.commitHooks]) hook(rescaled);
  }

  private sendRegion(ops: RegionOp[] | null, set: (r: WlRegionProxy | null) => void): void {
    if (!ops) return set(null);
    const r = hostRegion(this.session, ops, surfaceScale(this));
    set(r);
    r.destroy();
  }
}

const surfaces = new WeakMap<WlSurfaceResource, GuestSurface>();

/** Relays a new guest wl_surface, created on the host as `host`. */
export function relaySurface(
  session: Session,
  resource: WlSurfaceResource,
  host: WlSurfaceProxy,
): GuestSurface {
  const gs = new GuestSurface(session, resource, host);
  surfaces.set(resource, gs);
  return gs;
}

export function guestSurfaceOf(resource: WlSurfaceResource): GuestSurface | undefined {
  return surfaces.get(resource);
}
