import type { Exo } from '../../exo.js';
import { subsurfaceOffset } from '../../scene/scene.js';
import type { WindowInfo } from '../../shell/shell-api.js';
import type { Surface } from '../../surface/surface.js';

/** One surface as the page draws it: a canvas of the buffer's size shown at the logical size. */
export interface SurfaceDescription {
  id: number;
  /** Offset from the view's origin, logical pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  bufferWidth: number;
  bufferHeight: number;
}

/** A root surface tree (a window or a popup) at its desktop position. */
export interface ViewDescription {
  id: number;
  x: number;
  y: number;
  /** The window this view is (toplevels) or belongs to (popups), if any. */
  window: WindowInfo | null;
  popup: boolean;
  surfaces: SurfaceDescription[];
}

/** Stable numeric ids for surfaces, as the page knows them. */
export class SurfaceIds {
  private readonly ids = new WeakMap<Surface, number>();
  private next = 1;

  of(s: Surface): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(s, id);
    }
    return id;
  }
}

/**
 * Describes what the page must show: views bottom to top, each with its surface stack.
 * `shown` receives every surface described, with its buffer size as `WxH`.
 */
export function describeScene(exo: Exo, ids: SurfaceIds, shown?: Map<Surface, string>): ViewDescription[] {
  const windows = exo.shell.windows();
  const byRoot = new Map<Surface, WindowInfo>();
  for (const w of windows) {
    const s = exo.shell.windowSurface(w.id);
    if (s) byRoot.set(s, w);
  }
  const views: ViewDescription[] = [];
  for (const root of exo.shell.roots()) {
    const surfaces: SurfaceDescription[] = [];
    const walk = (s: Surface, x: number, y: number): void => {
      if (!s.buffer) return;
      for (const child of s.stack) {
        if (child === s) {
          if (s.buffer && s.width > 0 && s.height > 0) {
            shown?.set(s, `${s.buffer.width}x${s.buffer.height}`);
            surfaces.push({
              id: ids.of(s),
              x,
              y,
              width: s.width,
              height: s.height,
              bufferWidth: s.buffer.width,
              bufferHeight: s.buffer.height,
            });
          }
        } else {
          const off = subsurfaceOffset(child);
          walk(child, x + off.x, y + off.y);
        }
      }
    };
    walk(root.surface, 0, 0);
    if (surfaces.length === 0) continue;
    const window = byRoot.get(root.surface) ?? null;
    views.push({ id: ids.of(root.surface), x: root.x, y: root.y, window, popup: window === null, surfaces });
  }
  return views;
}
