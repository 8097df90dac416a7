import { WpViewporterProxy } from '../../../protos/gen/client/viewporter.js';
import type { GuestShmBuffer } from '../relays/shm.js';
import { bufferDamage, type Rect, type SurfaceMapping } from './buffer-damage.js';
import type { GuestSurface } from './guest-surface.js';
import { surfaceScale } from '../xwayland/x-surface-scale.js';

/**
 * A guest wl_surface.commit: copies the damaged rows of the guest buffer into a shadow buffer,
 * attaches the shadow on the host, releases the guest buffer at once, sizes the host surface
 * for the client's scale (wp_viewport destination), then commits the host surface.
 */
export function commitSurface(gs: GuestSurface): void {
  const host = gs.host;
  const scale = surfaceScale(gs);
  const rescaled = gs.epoch !== gs.session.epoch;
  gs.dirty = false;
  gs.bufferScale = gs.pendingScale;
  gs.transform = gs.pendingTransform;
  gs.viewport.copyFrom(gs.pendingViewport);

  const attached = gs.pendingBuffer;
  const damage = gs.pendingDamage;
  const bufferDamageRects = gs.pendingBufferDamage;
  gs.pendingBuffer = undefined;
  gs.pendingDamage = [];
  gs.pendingBufferDamage = [];

  // What to show: a newly attached buffer, or (damage without attach) the current one again,
  // which the guest may have drawn into since we released it.
  let show: GuestShmBuffer | null = null;
  if (attached !== undefined) {
    // A buffer destroyed between attach and commit counts as no buffer.
    show = attached && !attached.resource.destroyed ? attached : null;
    gs.buffer = show;
    if (!show) {
      host.attach(null, scale.toHost(gs.pendingDx), scale.toHost(gs.pendingDy));
      gs.shadows.release();
    }
  } else if (
    gs.buffer &&
    !gs.buffer.resource.destroyed &&
    (damage.length > 0 || bufferDamageRects.length > 0)
  ) {
    show = gs.buffer;
  }
  const hostSize = updateHostViewport(gs);
  if (show) {
    const dx = attached !== undefined ? scale.toHost(gs.pendingDx) : 0;
    const dy = attached !== undefined ? scale.toHost(gs.pendingDy) : 0;
    sendBuffer(gs, show, damage, bufferDamageRects, dx, dy, hostSize);
    gs.session.noteDrawn();
  }
  gs.sendPendingState(rescaled);
  host.commit();
  gs.epoch = gs.session.epoch;
  gs.appliedFactor = scale.factor;
}

/**
 * A host commit sommelier makes on its own after a scale change (GuestSurface.recommitTree):
 * the guest's committed state again, converted at the new scale, with the shadow buffer the
 * host already has.
 */
export function recommitSurface(gs: GuestSurface): void {
  updateHostViewport(gs);
  gs.sendPendingState(true);
  gs.host.commit();
  gs.epoch = gs.session.epoch;
  gs.appliedFactor = surfaceScale(gs).factor;
}

function sendBuffer(
  gs: GuestSurface,
  b: GuestShmBuffer,
  damage: Rect[],
  bufDamage: Rect[],
  dx: number,
  dy: number,
  hostSize: [number, number] | null,
): void {
  const host = gs.host;
  const { rects, rows } = bufferDamage(mapping(gs, b), damage, bufDamage);
  host.attach(gs.shadows.update(b, rows, rects), dx, dy);
  if (host.version >= 4) {
    for (const r of rects) host.damageBuffer(r[0], r[1], r[2], r[3]);
  } else {
    // No damage_buffer before wl_surface 4: the same rectangles in host surface coordinates.
    for (const r of hostSurfaceDamage(gs, b, rects, hostSize)) host.damage(r[0], r[1], r[2], r[3]);
  }
  // The pixels are in the shadow now: the guest may reuse its buffer at once.
  if (!b.resource.destroyed) b.resource.sendRelease();
}

/** Buffer rectangles as host surface rectangles (rounded outwards); everything under a transform. */
function hostSurfaceDamage(
  gs: GuestSurface,
  b: GuestShmBuffer,
  rects: Rect[],
  hostSize: [number, number] | null,
): Rect[] {
  if (rects.length === 0) return [];
  if (gs.transform !== 0 || gs.viewport.source || !hostSize) return [[0, 0, 0x7fffffff, 0x7fffffff]];
  const kx = hostSize[0] / b.width;
  const ky = hostSize[1] / b.height;
  return rects.map((r) => {
    const x0 = Math.floor(r[0] * kx);
    const y0 = Math.floor(r[1] * ky);
    return [x0, y0, Math.ceil((r[0] + r[2]) * kx) - x0, Math.ceil((r[1] + r[3]) * ky) - y0];
  });
}

function mapping(gs: GuestSurface, b: GuestShmBuffer): SurfaceMapping {
  return {
    bufferWidth: b.width,
    bufferHeight: b.height,
    bufferScale: gs.bufferScale,
    transform: gs.transform,
    source: gs.viewport.source,
    destination: gs.viewport.destination,
  };
}

/**
 * The host surface is the guest surface scaled: its size (viewport destination) is the guest
 * surface size × scale. The guest's own viewport source is passed on unchanged (the shadow has
 * the guest buffer's size, scale and transform). Only changes are sent. Returns the host
 * surface size, or null when it is not known (no buffer).
 */
function updateHostViewport(gs: GuestSurface): [number, number] | null {
  const scale = surfaceScale(gs);
  const vp = gs.viewport;
  const size = guestSurfaceSize(gs);
  let destination: [number, number] | null = vp.destination;
  if (!scale.isIdentity) {
    if (size) destination = [scale.sizeToHost(size[0]), scale.sizeToHost(size[1])];
    else destination = gs.sentDestination;
  }
  const hostSize = destination ?? size;
  const source = vp.source;
  if (!gs.hostViewport) {
    if (!destination && !source) return hostSize;
    const viewporter = gs.session.internalGlobal(WpViewporterProxy, 1);
    if (!viewporter) return hostSize;
    gs.hostViewport = viewporter.getViewport(gs.host);
  }
  const hv = gs.hostViewport;
  if (!sameRect(source, gs.sentSource)) {
    if (source) hv.setSource(source[0], source[1], source[2], source[3]);
    else hv.setSource(-1, -1, -1, -1);
    gs.sentSource = source;
  }
  if (!sameSize(destination, gs.sentDestination)) {
    if (destination) hv.setDestination(destination[0], destination[1]);
    else hv.setDestination(-1, -1);
    gs.sentDestination = destination;
  }
  return hostSize;
}

/** The guest surface's logical size, or null without a buffer. */
function guestSurfaceSize(gs: GuestSurface): [number, number] | null {
  const vp = gs.viewport;
  if (vp.destination) return vp.destination;
  if (vp.source) return [vp.source[2], vp.source[3]];
  const b = gs.buffer;
  if (!b) return null;
  const w = b.width / gs.bufferScale;
  const h = b.height / gs.bufferScale;
  // Transforms 90° and 270° (odd values, flipped or not) swap width and height.
  return gs.transform & 1 ? [h, w] : [w, h];
}

function sameRect(a: Rect | null, b: Rect | null): boolean {
  if (a === null || b === null) return a === b;
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

function sameSize(a: [number, number] | null, b: [number, number] | null): boolean {
  if (a === null || b === null) return a === b;
  return a[0] === b[0] && a[1] === b[1];
}
