import { XdgWmBaseResource } from '../../../protos/gen/server/xdg-shell.js';
import { XdgWmBaseError } from '../../../protos/gen/spec/xdg-shell.js';
import type { Exo } from '../exo.js';
import { surfaceFromResource } from '../protocols/compositor.js';
import type { WindowManager } from './window-manager.js';
import { createPositioner } from './xdg-positioner.js';
import { XdgSurface } from './xdg-surface.js';

/** How long a client may take to answer a ping before its windows are marked unresponsive. */
export const PING_TIMEOUT_MS = 5000;

/**
 * One bound xdg_wm_base: creates positioners and xdg_surfaces, and answers for the client's
 * liveness (ping/pong).
 */
export class XdgWmBase {
  /** xdg_surfaces created through this object and still alive. */
  readonly surfaces = new Set<XdgSurface>();
  unresponsive = false;
  private pingSerial: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly exo: Exo,
    readonly wm: WindowManager,
    readonly resource: XdgWmBaseResource,
  ) {
    resource.onDestroy(() => this.stopTimer());
    resource.setHandler({
      destroy: (r) => {
        if (this.surfaces.size > 0)
          throw r.error(
            XdgWmBaseError.DefunctSurfaces,
            `destroyed while ${this.surfaces.size} xdg_surface(s) still exist`,
          );
      },
      createPositioner: (_r, id) => createPositioner(id),
      getXdgSurface: (r, id, surfaceRes) => {
        const surface = surfaceFromResource(surfaceRes);
        const taken = XdgSurface.of(surface);
        if (taken || (surface.roleName !== null && !surface.roleName.startsWith('xdg_')) || surface.role)
          throw r.error(XdgWmBaseError.Role, `wl_surface#${surfaceRes.id} already has a role`);
        if (surface.buffer || surface.pending.buffer)
          throw r.error(
            XdgWmBaseError.InvalidSurfaceState,
            `wl_surface#${surfaceRes.id} has a buffer attached or committed`,
          );
        const xs = new XdgSurface(this, id, surface);
        this.surfaces.add(xs);
        id.onDestroy(() => this.surfaces.delete(xs));
      },
      pong: (_r, serial) => {
        if (serial !== this.pingSerial) return;
        this.pingSerial = null;
        this.stopTimer();
        if (this.unresponsive) {
          this.unresponsive = false;
          this.wm.responsivenessChanged();
        }
      },
    });
  }

  /** Sends a ping unless one is already waiting for its pong. */
  ping(): void {
    if (this.pingSerial !== null || this.resource.destroyed || this.resource.client.destroyed) return;
    this.pingSerial = this.exo.nextSerial();
    this.resource.sendPing(this.pingSerial);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.resource.destroyed || this.unresponsive) return;
      this.unresponsive = true;
      this.wm.responsivenessChanged();
    }, PING_TIMEOUT_MS);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The xdg_wm_base global (v5). */
export function registerXdgWmBase(exo: Exo, wm: WindowManager): void {
  exo.display.createGlobal(XdgWmBaseResource, 5, (resource) => {
    new XdgWmBase(exo, wm, resource);
  });
}
