import { WlRegionProxy, type WlSurfaceProxy } from '../../../protos/gen/client/wayland.js';
import type { WpViewportProxy } from '../../../protos/gen/client/viewporter.js';
import { WlOutputResource, type WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import { WlSurfaceError } from '../../../protos/gen/spec/wayland.js';
import { shmBufferOf, type GuestShmBuffer } from '../relays/shm.js';
import type { Session } from '../session/session.js';
import { SurfaceShadows } from '../shadow/surface-shadows.js';
import type { Rect } from './buffer-damage.js';
import { commitSurface } from './surface-commit.js';
import { holdCommit } from '../xwayland/commit-hold.js';

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

  // Committed state.
  buffer: GuestShmBuffer | null = null;
  bufferScale = 1;
  transform = 0;
  readonly viewport = new ViewportState();

  // Host side.
  readonly shadows: SurfaceShadows;
  hostViewport: WpViewportProxy | null = null;
  sentSource: Rect | null = null;
  sentDestination: [number, number] | null = null;

  constructor(
    readonly session: Session,
    readonly resource: WlSurfaceResource,
    readonly host: WlSurfaceProxy,
  ) {
    this.shadows = new SurfaceShadows(session.shadows);
    session.link(resource, host);
    resource.onDestroy(() => {
      this.shadows.release(true);
      this.buffer = null;
    });
    const s = session;
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
      },
      damage: (_r, x, y, w, h) => void this.pendingDamage.push([x, y, w, h]),
      damageBuffer: (_r, x, y, w, h) => void this.pendingBufferDamage.push([x, y, w, h]),
      frame: (_r, callback) => {
        host.frame().on({
          done: (data) => {
            if (!callback.destroyed) callback.sendDone(data);
          },
        });
      },
      setOpaqueRegion: (_r, region) => host.setOpaqueRegion(s.hostOfOrNull(region, WlRegionProxy)),
      setInputRegion: (_r, region) => host.setInputRegion(s.hostOfOrNull(region, WlRegionProxy)),
      // Xwayland's surfaces wait for their role on the host (sommelier -X): see commit-hold.ts.
      commit: () => void (holdCommit(this) || commitSurface(this)),
      setBufferTransform: (r, transform) => {
        if (transform < 0 || transform > 7)
          throw r.error(WlSurfaceError.InvalidTransform, `invalid buffer transform ${transform}`);
        this.pendingTransform = transform;
        host.setBufferTransform(transform);
      },
      setBufferScale: (r, scale) => {
        if (scale < 1) throw r.error(WlSurfaceError.InvalidScale, `invalid buffer scale ${scale}`);
        this.pendingScale = scale;
        host.setBufferScale(scale);
      },
      offset: (_r, x, y) => host.offset(s.scale.toHost(x), s.scale.toHost(y)),
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
        if (resource.version >= 6) resource.sendPreferredBufferScale(s.scale.outputScale(factor));
      },
      preferredBufferTransform: (t) => {
        if (resource.version >= 6) resource.sendPreferredBufferTransform(t);
      },
    });
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
