import {
  ZxdgDecorationManagerV1Resource,
  type ZxdgToplevelDecorationV1Resource,
} from '../../../protos/gen/server/xdg-decoration-unstable-v1.js';
import {
  ZxdgToplevelDecorationV1Error,
  ZxdgToplevelDecorationV1Mode,
} from '../../../protos/gen/spec/xdg-decoration-unstable-v1.js';
import type { Exo } from '../exo.js';
import type { WindowManager } from './window-manager.js';
import { toplevelFromResource, type ToplevelDecorationHook, type XdgToplevel } from './xdg-toplevel.js';

/**
 * zxdg_toplevel_decoration_v1: who draws the window frame. Exo prefers to draw it (the desktop
 * page does), but a client that insists on its own decorations gets them.
 */
class ToplevelDecoration implements ToplevelDecorationHook {
  private mode: number = ZxdgToplevelDecorationV1Mode.ServerSide;
  /** The mode must be (re)sent with the next configure sequence. */
  private dirty = true;
  private toplevel: XdgToplevel | null;

  constructor(
    private readonly wm: WindowManager,
    private readonly resource: ZxdgToplevelDecorationV1Resource,
    toplevel: XdgToplevel,
  ) {
    this.toplevel = toplevel;
    toplevel.decoration = this;
    wm.setDecorated(toplevel.window, true);
    resource.onDestroy(() => {
      if (!this.toplevel) return;
      this.toplevel.decoration = null;
      // Without the decoration object the client draws its own frame again.
      this.wm.setDecorated(this.toplevel.window, false);
      this.toplevel = null;
    });
    resource.setHandler({
      setMode: (r, mode) => {
        this.requireToplevel(r);
        // Only an explicit client_side wins; anything else gets exo's preference.
        this.setMode(
          mode === ZxdgToplevelDecorationV1Mode.ClientSide
            ? ZxdgToplevelDecorationV1Mode.ClientSide
            : ZxdgToplevelDecorationV1Mode.ServerSide,
        );
      },
      unsetMode: (r) => {
        this.requireToplevel(r);
        this.setMode(ZxdgToplevelDecorationV1Mode.ServerSide);
      },
    });
    toplevel.scheduleConfigure();
  }

  private requireToplevel(r: ZxdgToplevelDecorationV1Resource): void {
    if (!this.toplevel)
      throw r.error(ZxdgToplevelDecorationV1Error.Orphaned, 'its xdg_toplevel was destroyed before it');
  }

  private setMode(mode: number): void {
    this.mode = mode;
    this.dirty = true;
    const t = this.toplevel!;
    this.wm.setDecorated(t.window, mode === ZxdgToplevelDecorationV1Mode.ServerSide);
    t.scheduleConfigure();
  }

  sendConfigure(): void {
    if (!this.dirty || this.resource.destroyed) return;
    this.dirty = false;
    this.resource.sendConfigure(this.mode);
  }

  toplevelDestroyed(): void {
    this.toplevel = null;
  }
}

/** The zxdg_decoration_manager_v1 global. */
export function registerXdgDecoration(exo: Exo, wm: WindowManager): void {
  exo.display.createGlobal(ZxdgDecorationManagerV1Resource, 1, (manager) => {
    manager.setHandler({
      getToplevelDecoration: (_r, id, toplevelRes) => {
        const toplevel = toplevelFromResource(toplevelRes);
        if (!toplevel) throw id.error(ZxdgToplevelDecorationV1Error.Orphaned, `${toplevelRes} is gone`);
        if (toplevel.decoration)
          throw id.error(
            ZxdgToplevelDecorationV1Error.AlreadyConstructed,
            `${toplevelRes} already has a decoration object`,
          );
        if (toplevel.surface.buffer)
          throw id.error(
            ZxdgToplevelDecorationV1Error.UnconfiguredBuffer,
            `${toplevelRes} already has a buffer: create the decoration before the first commit`,
          );
        new ToplevelDecoration(wm, id, toplevel);
      },
    });
  });
}
