import { WlCompositorProxy, type WlRegionProxy } from '../../../protos/gen/client/wayland.js';
import type { WlCompositorResource, WlRegionResource } from '../../../protos/gen/server/wayland.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';
import { relaySurface } from '../surface/guest-surface.js';

/** wl_compositor: surfaces (see surface/guest-surface.ts) and regions, created on the host as they come. */
export function bindCompositor(s: Session, guest: WlCompositorResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, WlCompositorProxy, guest.version));
  // wl_surface 6 tells the client its preferred buffer scale, so it follows scale changes.
  if (guest.version >= 6) s.noteScaleAware();
  guest.setHandler({
    createSurface: (_r, id) => void relaySurface(s, id, host.createSurface()),
    createRegion: (_r, id) => relayRegion(s, id, host.createRegion()),
  });
}

/** One wl_region request in guest surface coordinates: true adds the rectangle, false subtracts it. */
export type RegionOp = [add: boolean, x: number, y: number, w: number, h: number];

const regions = new WeakMap<WlRegionResource, RegionOp[]>();

/**
 * What a guest region holds now, in guest coordinates (a surface copies it when it sets it), so
 * the surface can build it again on the host at a new scale.
 */
export function regionOps(guest: WlRegionResource): RegionOp[] {
  return [...(regions.get(guest) ?? [])];
}

/** A host region made from guest region requests at `scale` (the session's, or the surface's own); the caller destroys it. */
export function hostRegion(s: Session, ops: readonly RegionOp[], scale = s.scale): WlRegionProxy {
  const compositor = s.internalGlobal(WlCompositorProxy, 1);
  if (!compositor) throw new Error('the host has no wl_compositor');
  const r = compositor.createRegion();
  for (const [add, x, y, w, h] of ops) {
    if (add) r.add(...scale.rectToHost(x, y, w, h));
    else r.subtract(...scale.rectToHost(x, y, w, h));
  }
  return r;
}

/** wl_region: rectangles in surface coordinates, scaled to the host's when a surface uses them. */
function relayRegion(s: Session, guest: WlRegionResource, host: WlRegionProxy): void {
  s.link(guest, host);
  const ops: RegionOp[] = [];
  regions.set(guest, ops);
  guest.setHandler({
    destroy: () => host.destroy(),
    add: (_r, x, y, w, h) => void ops.push([true, x, y, w, h]),
    subtract: (_r, x, y, w, h) => void ops.push([false, x, y, w, h]),
  });
}
