import type { Client } from '../../../compositor/src/server/client.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import type {
  DragHost,
  DropSite,
  WaylandDragForX,
  XDragSource,
  XDropTargets,
  XToWaylandHost,
} from '../../../xwayland-bridge/src/dnd/drag-host.js';
import { ServedDataSource } from '../data-device/data-source.js';
import { Drag } from '../data-device/drag.js';
import { setForeignTargets } from '../data-device/foreign-target.js';
import { dataDevicesOf } from '../data-device/register-data-device.js';
import type { Exo } from '../exo.js';
import type { Surface } from '../surface/surface.js';

const now = (): number => Math.floor(performance.now()) >>> 0;

/** An X drag as exo's data device sees it: a drag source owned by the Xwayland client. */
class XDragDataSource extends ServedDataSource {
  private mime: string | null = null;
  private act = 0;

  constructor(
    client: Client | null,
    private readonly x: XDragSource,
  ) {
    super(client, 'drag');
  }

  get mimeTypes(): readonly string[] {
    return this.x.mimeTypes;
  }

  get dndActions(): number {
    return this.x.actions;
  }

  send(mime: string, fd: number): void {
    if (this.destroyed) closeFd(fd);
    else this.x.send(mime, fd);
  }

  override target(mime: string | null): void {
    this.mime = mime;
    this.x.status(this.mime, this.act);
  }

  override action(action: number): void {
    this.act = action;
    this.x.status(this.mime, this.act);
  }

  override dndFinished(): void {
    this.x.finished(true);
  }

  cancel(): void {
    this.x.finished(false);
  }
}

/**
 * Exo's side of the XDND seam. X drags over Wayland surfaces become exo drags driven by the X
 * source's positions (the pointer stays with Xwayland, whose client holds the grab); exo drags
 * over Xwayland surfaces go to the bridge as foreign targets instead of Xwayland's data
 * devices (it has none). X screen coordinates are exo's desktop coordinates.
 */
export class ExoXDragHost implements DragHost, XToWaylandHost {
  readonly xToWayland: XToWaylandHost = this;

  constructor(
    private readonly exo: Exo,
    private readonly xwaylandClient: () => Client | null,
  ) {}

  private isX(s: Surface): boolean {
    const c = this.xwaylandClient();
    return c !== null && s.resource.client === c;
  }

  /** The topmost surface taking input at (x, y), passing over the ones `skip` names. */
  private hit(x: number, y: number, skip: (s: Surface) => boolean) {
    const views = this.exo.scene.views(false);
    for (let i = views.length - 1; i >= 0; i--) {
      const v = views[i]!;
      const sx = x - v.x;
      const sy = y - v.y;
      if (v.surface.acceptsInput(sx, sy) && !skip(v.surface)) return { surface: v.surface, sx, sy };
    }
    return null;
  }

  siteAt(x: number, y: number, skip: (surfaceId: number) => boolean): DropSite {
    const h = this.hit(x, y, (s) => this.isX(s) && skip(s.resource.id));
    if (!h) return null;
    return this.isX(h.surface) ? { kind: 'x', surfaceId: h.surface.resource.id } : { kind: 'wayland' };
  }

  startDrag(x: XDragSource): WaylandDragForX | null {
    const devices = dataDevicesOf(this.exo);
    if (!devices) return null;
    const source = new XDragDataSource(this.xwaylandClient(), x);
    let overX = false;
    let last = { x: 0, y: 0 };
    const drag = new Drag(this.exo, (c) => devices.devices.of(c), source, null, null, {
      driven: true,
      // Xwayland's surfaces are the bridge's business (it relays X-to-X itself).
      targetAt: (px, py) => (overX ? null : this.hit(px, py, (s) => this.isX(s))),
    });
    drag.start();
    const flush = (): void => this.exo.flush();
    return {
      motion: (px, py) => {
        overX = false;
        last = { x: px, y: py };
        drag.motion(px, py, now());
        flush();
      },
      leave: () => {
        overX = true;
        drag.motion(last.x, last.y, now());
        flush();
      },
      drop: () => {
        drag.drop();
        flush();
      },
      cancel: () => {
        drag.cancel();
        source.destroy(); // ends a dropped drag too; its offers answer receive with nothing
        flush();
      },
    };
  }

  setXDropTargets(targets: XDropTargets): () => void {
    return setForeignTargets(this.exo, (surface, source, session) => {
      if (!this.isX(surface)) return null;
      const flush = (): void => this.exo.flush();
      return targets(
        surface.resource.id,
        {
          mimeTypes: [...source.mimeTypes],
          actions: source.dndActions,
          receive: (mime, fd) => {
            if (source.destroyed) closeFd(fd);
            else source.send(mime, fd);
            flush();
          },
        },
        {
          status: (mime, action) => {
            session.status(mime, action);
            flush();
          },
          finished: (ok) => {
            session.finished(ok);
            flush();
          },
        },
      );
    });
  }
}
