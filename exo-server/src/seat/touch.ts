import type { WlTouchResource } from '../../../protos/gen/server/wayland.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type { Exo } from '../exo.js';
import type { Surface } from '../surface/surface.js';
import { ClientResources } from './client-resources.js';
import type { SerialTracker } from './serial-tracker.js';

/**
 * wl_touch: each touch point belongs to the surface it went down on until it goes up, whatever
 * it crosses; every event is followed by frame. A point that went down on the desktop
 * background is tracked (so its up is paired) but reaches no client.
 */
export class Touch {
  readonly resources = new ClientResources<WlTouchResource>();
  private readonly points = new Map<number, Surface | null>();

  constructor(
    private readonly exo: Exo,
    private readonly serials: SerialTracker<Client>,
  ) {}

  addResource(r: WlTouchResource): void {
    this.resources.add(r);
    r.setHandler({});
  }

  down(id: number, x: number, y: number, time: number): void {
    if (this.points.has(id)) {
      this.motion(id, x, y, time); // a second down for a live point: treat it as a move
      return;
    }
    const hit = this.exo.scene.surfaceAt(x, y);
    this.exo.scene.shell?.pointerPressed(hit?.surface ?? null);
    const surface = hit && !hit.surface.destroyed ? hit.surface : null;
    this.points.set(id, surface);
    if (!surface) return;
    const serial = this.exo.nextSerial();
    this.serials.record(surface.resource.client, 'touch', serial, id);
    for (const r of this.resources.of(surface.resource.client)) {
      r.sendDown(serial, time, surface.resource, id, hit!.sx, hit!.sy);
      r.sendFrame();
    }
  }

  motion(id: number, x: number, y: number, time: number): void {
    const surface = this.points.get(id);
    const pos = surface && !surface.destroyed ? surface.position() : null;
    if (!surface || !pos) return;
    for (const r of this.resources.of(surface.resource.client)) {
      r.sendMotion(time, id, x - pos.x, y - pos.y);
      r.sendFrame();
    }
  }

  up(id: number, time: number): void {
    if (!this.points.has(id)) return;
    const surface = this.points.get(id)!;
    this.points.delete(id);
    this.serials.released('touch', id);
    if (!surface || surface.destroyed) return;
    const serial = this.exo.nextSerial();
    for (const r of this.resources.of(surface.resource.client)) {
      r.sendUp(serial, time, id);
      r.sendFrame();
    }
  }

  /** The whole touch session is void (e.g. the desktop took the gesture): cancel to every client involved. */
  cancel(): void {
    const clients = new Set<Client>();
    for (const s of this.points.values()) if (s && !s.destroyed) clients.add(s.resource.client);
    this.points.clear();
    this.serials.releaseAll('touch');
    for (const c of clients) for (const r of this.resources.of(c)) r.sendCancel();
  }

  /** The client is told its touch points on a dead surface went up, so its gesture state ends cleanly. */
  surfaceDestroyed(surface: Surface): void {
    const time = Math.round(performance.now()) >>> 0;
    for (const [id, s] of this.points) {
      if (s !== surface) continue;
      this.points.set(id, null);
      const serial = this.exo.nextSerial();
      for (const r of this.resources.of(surface.resource.client)) {
        r.sendUp(serial, time, id);
        r.sendFrame();
      }
    }
  }
}
