import type { XdgToplevelResource } from '../../../protos/gen/server/xdg-shell.js';
import {
  XdgToplevelError,
  XdgToplevelState,
  XdgToplevelWmCapabilities,
  xdgToplevelResizeEdgeValid,
} from '../../../protos/gen/spec/xdg-shell.js';
import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Surface } from '../surface/surface.js';
import type { SurfaceState } from '../surface/surface-state.js';
import type { Size } from './placement.js';
import type { WindowManager } from './window-manager.js';
import type { ToplevelConfigure, ToplevelHandle, Window } from './window.js';
import type { XdgRoleObject, XdgSurface } from './xdg-surface.js';

/** What xdg-decoration attaches to a toplevel. */
export interface ToplevelDecorationHook {
  /** Sends the decoration's configure if its mode changed (part of the configure sequence). */
  sendConfigure(): void;
  /** The toplevel went away first: the decoration object becomes orphaned. */
  toplevelDestroyed(): void;
}

const toplevels = new WeakMap<XdgToplevelResource, XdgToplevel>();
/** Live toplevels, to fix up `parentToplevel` links when one goes away. */
const live = new Set<XdgToplevel>();

export function toplevelFromResource(r: XdgToplevelResource): XdgToplevel | undefined {
  return toplevels.get(r);
}

/** Encodes values as the uint32 array of wl arrays (native endianness: little-endian here). */
function u32Array(values: number[]): Uint8Array {
  const a = new Uint8Array(values.length * 4);
  const v = new DataView(a.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, x, true));
  return a;
}

function statesOf(c: ToplevelConfigure): Uint8Array {
  const s: number[] = [];
  if (c.maximized) s.push(XdgToplevelState.Maximized);
  if (c.fullscreen) s.push(XdgToplevelState.Fullscreen);
  if (c.resizing) s.push(XdgToplevelState.Resizing);
  if (c.activated) s.push(XdgToplevelState.Activated);
  return u32Array(s);
}

/**
 * xdg_toplevel (mechanism): turns requests into window manager calls and the window's
 * requested state into configure events.
 */
export class XdgToplevel implements XdgRoleObject, ToplevelHandle {
  readonly roleName = 'xdg_toplevel';
  readonly window: Window;
  decoration: ToplevelDecorationHook | null = null;
  /** The parent as the client set it (the window manager only keeps mapped parents). */
  parentToplevel: XdgToplevel | null = null;
  private readonly wm: WindowManager;
  private pendingMin: Size | null = null;
  private pendingMax: Size | null = null;
  private minSize: Size = { width: 0, height: 0 };
  private maxSize: Size = { width: 0, height: 0 };
  private capabilitiesSent = false;
  private boundsSent: Size | null = null;

  constructor(
    readonly xdg: XdgSurface,
    readonly resource: XdgToplevelResource,
  ) {
    this.wm = xdg.wmBase.wm;
    this.window = this.wm.createWindow(this);
    toplevels.set(resource, this);
    live.add(this);
    resource.onDestroy(() => this.destroyed());
    const win = this.window;
    const wm = this.wm;
    resource.setHandler({
      setParent: (r, parentRes) => {
        const parent = parentRes ? (toplevelFromResource(parentRes) ?? null) : null;
        for (let p = parent; p; p = p.parentToplevel)
          if (p === this)
            throw r.error(
              XdgToplevelError.InvalidParent,
              `${parentRes} is this toplevel or one of its descendants`,
            );
        this.parentToplevel = parent;
        wm.setParent(win, parent?.window ?? null);
      },
      setTitle: (_r, title) => wm.setTitle(win, title),
      setAppId: (_r, appId) => wm.setAppId(win, appId),
      showWindowMenu: () => {},
      move: (_r, _seat, serial) => wm.startMove(win, serial),
      resize: (r, _seat, serial, edges) => {
        if (!xdgToplevelResizeEdgeValid(edges, r.version))
          throw r.error(
            XdgToplevelError.InvalidResizeEdge,
            `${edges} is not an xdg_toplevel.resize_edge value`,
          );
        wm.startResize(win, serial, edges);
      },
      setMaxSize: (r, width, height) => {
        if (width < 0 || height < 0)
          throw r.error(XdgToplevelError.InvalidSize, `max size ${width}×${height} is negative`);
        this.pendingMax = { width, height };
      },
      setMinSize: (r, width, height) => {
        if (width < 0 || height < 0)
          throw r.error(XdgToplevelError.InvalidSize, `min size ${width}×${height} is negative`);
        this.pendingMin = { width, height };
      },
      setMaximized: () => wm.setMaximized(win, true),
      unsetMaximized: () => wm.setMaximized(win, false),
      setFullscreen: () => wm.setFullscreen(win, true),
      unsetFullscreen: () => wm.setFullscreen(win, false),
      setMinimized: () => wm.minimize(win),
    });
  }

  get managed(): Window {
    return this.window;
  }

  // --- ToplevelHandle -------------------------------------------------------------------

  get surface(): Surface {
    return this.xdg.surface;
  }

  get unresponsive(): boolean {
    return this.xdg.wmBase.unresponsive;
  }

  scheduleConfigure(): void {
    this.xdg.scheduleConfigure();
  }

  sendClose(): void {
    if (!this.resource.destroyed && !this.resource.client.destroyed) this.resource.sendClose();
  }

  ping(): void {
    this.xdg.wmBase.ping();
  }

  // --- XdgRoleObject --------------------------------------------------------------------

  sendConfigure(): ToplevelConfigure {
    const r = this.resource;
    const c = this.wm.configureFor(this.window);
    this.decoration?.sendConfigure();
    if (r.version >= 4) {
      const out = this.wm.host.output;
      if (this.boundsSent?.width !== out.width || this.boundsSent.height !== out.height) {
        r.sendConfigureBounds(out.width, out.height);
        this.boundsSent = { width: out.width, height: out.height };
      }
    }
    if (r.version >= 5 && !this.capabilitiesSent) {
      const caps = [
        XdgToplevelWmCapabilities.Maximize,
        XdgToplevelWmCapabilities.Fullscreen,
        XdgToplevelWmCapabilities.Minimize,
      ];
      r.sendWmCapabilities(u32Array(caps));
      this.capabilitiesSent = true;
    }
    r.sendConfigure(c.width, c.height, statesOf(c));
    return c;
  }

  precommit(_pending: SurfaceState): void {
    const min = this.pendingMin ?? this.minSize;
    const max = this.pendingMax ?? this.maxSize;
    if ((max.width > 0 && min.width > max.width) || (max.height > 0 && min.height > max.height))
      throw this.resource.error(
        XdgToplevelError.InvalidSize,
        `min size ${min.width}×${min.height} is larger than max size ${max.width}×${max.height}`,
      );
  }

  committed(geometry: Rect, acked: unknown): void {
    if (this.pendingMin) this.minSize = this.pendingMin;
    if (this.pendingMax) this.maxSize = this.pendingMax;
    this.pendingMin = this.pendingMax = null;
    const state = { geometry, minSize: this.minSize, maxSize: this.maxSize };
    this.wm.windowCommitted(this.window, state, (acked as ToplevelConfigure | null) ?? null);
  }

  initialCommit(): void {}

  map(): void {
    this.wm.mapWindow(this.window);
  }

  unmap(): void {
    this.wm.unmapWindow(this.window);
    // Back to the state right after get_toplevel: the next initial configure repeats these.
    this.capabilitiesSent = false;
    this.boundsSent = null;
  }

  position(): { x: number; y: number } | null {
    const w = this.window;
    return w.mapped && !w.minimized ? w.surfaceOrigin : null;
  }

  private destroyed(): void {
    live.delete(this);
    for (const t of live) if (t.parentToplevel === this) t.parentToplevel = this.parentToplevel;
    this.decoration?.toplevelDestroyed();
    this.decoration = null;
    this.wm.destroyWindow(this.window);
    this.xdg.roleDestroyed();
  }
}
