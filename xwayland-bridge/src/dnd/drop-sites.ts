import type { XConnection } from '../x11/x-connection.js';
import type { Xwm } from '../xwm/xwm.js';
import type { DropSite, XToWaylandHost } from './drag-host.js';

/**
 * What is under an X drag that reached the proxy: an X window (by its Xwayland surface), a
 * Wayland surface, or nothing. A host that sees the desktop (exo) says, skipping the X drag
 * icon that follows the pointer; a guest's host (sommelier) only knows the X window holding the
 * pointer's implicit grab, and anywhere past it the drag has left X for the host to route.
 */
export class DropSites {
  constructor(
    private readonly c: XConnection,
    private readonly xwm: Xwm,
    private readonly host: XToWaylandHost,
  ) {}

  /** The site at X screen (x, y) for a drag from the X window `source`. */
  at(source: number, x: number, y: number): DropSite {
    if (this.host.siteAt) return this.host.siteAt(x, y, (sid) => this.isIcon(source, sid));
    const g = this.host.grab?.();
    let w = null;
    for (const v of this.xwm.windows.values()) if (v.mapped && v.surfaceId === g?.surfaceId) w = v;
    if (!w || !g) return null;
    const inside = g.x >= 0 && g.y >= 0 && g.x < w.width && g.y < w.height;
    return inside ? { kind: 'x', surfaceId: g.surfaceId } : { kind: 'wayland' };
  }

  /** The mapped X window of an Xwayland surface. */
  windowOf(surfaceId: number): number | null {
    for (const w of this.xwm.windows.values()) if (w.mapped && w.surfaceId === surfaceId) return w.id;
    return null;
  }

  /** The drag icon follows the pointer: a DND-typed or override-redirect window of the source's client. */
  private isIcon(source: number, surfaceId: number): boolean {
    for (const w of this.xwm.windows.values()) {
      if (w.surfaceId !== surfaceId) continue;
      const mask = this.c.setup.resourceIdMask;
      const sameClient = (w.id & ~mask) >>> 0 === (source & ~mask) >>> 0;
      return (
        w.props.types.includes(this.xwm.atoms._NET_WM_WINDOW_TYPE_DND) || (w.overrideRedirect && sameClient)
      );
    }
    return false;
  }
}
