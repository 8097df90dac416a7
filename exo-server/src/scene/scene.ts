import { Region } from '../../../compositor/src/geometry/region.js';
import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { SceneRoot, ShellApi } from '../shell/shell-api.js';
import type { Surface } from '../surface/surface.js';

/** One surface to draw, at its desktop position (logical pixels). */
export interface SceneView {
  surface: Surface;
  x: number;
  y: number;
}

/**
 * The desktop as a stack of surfaces: turns the shell's root surfaces into a flat,
 * bottom-to-top list including subsurfaces, hit-tests input, and collects damage in desktop
 * coordinates for the backend to redraw.
 */
export class Scene {
  /** Desktop damage (logical pixels) not yet redrawn. */
  readonly damage = Region.empty();
  shell: ShellApi | null = null;
  /** Extra roots drawn above everything (cursor, drag icon). */
  overlays: SceneRoot[] = [];
  private damageListeners: Array<() => void> = [];

  onDamage(cb: () => void): void {
    this.damageListeners.push(cb);
  }

  damageRect(r: Rect): void {
    if (r.width <= 0 || r.height <= 0) return;
    this.damage.add(r);
    for (const cb of this.damageListeners) cb();
  }

  /** Damage in surface-local coordinates of a surface that is (or was just) on screen. */
  damageSurface(surface: Surface, region: Region): void {
    const pos = surface.position();
    if (!pos || region.isEmpty()) return;
    // Bounded: many small damages collapse into fewer, larger rectangles.
    this.damage.union(region.clone().translate(pos.x, pos.y)).simplify(128);
    for (const cb of this.damageListeners) cb();
  }

  /** Damages the whole area a surface tree covers (for moves, maps and unmaps). */
  damageTree(surface: Surface): void {
    for (const v of this.expand({ surface, x: 0, y: 0 }, [])) {
      const pos = v.surface.position();
      if (pos) this.damageRect({ x: pos.x, y: pos.y, width: v.surface.width, height: v.surface.height });
    }
  }

  /** Every mapped surface, bottom to top. */
  views(includeOverlays = true): SceneView[] {
    const out: SceneView[] = [];
    for (const root of this.shell?.roots() ?? []) this.expand(root, out);
    if (includeOverlays) for (const o of this.overlays) this.expand(o, out);
    return out;
  }

  /** The views of one surface tree (a window and its subsurfaces), bottom to top. */
  expand(root: SceneRoot, out: SceneView[]): SceneView[] {
    const walk = (s: Surface, x: number, y: number): void => {
      // A subsurface is mapped only while its parent is: an unmapped surface hides its subtree.
      if (!s.buffer) return;
      for (const child of s.stack) {
        if (child === s) {
          if (s.buffer && s.width > 0 && s.height > 0) out.push({ surface: s, x, y });
        } else {
          const off = subsurfaceOffset(child);
          walk(child, x + off.x, y + off.y);
        }
      }
    };
    walk(root.surface, root.x, root.y);
    return out;
  }

  /** The topmost surface accepting input at desktop point (x, y), with surface-local coordinates. */
  surfaceAt(x: number, y: number): { surface: Surface; sx: number; sy: number } | null {
    const views = this.views(false);
    for (let i = views.length - 1; i >= 0; i--) {
      const v = views[i]!;
      const sx = x - v.x;
      const sy = y - v.y;
      if (v.surface.acceptsInput(sx, sy)) return { surface: v.surface, sx, sy };
    }
    return null;
  }
}

/** Position of a subsurface relative to its parent, published by the subsurface role. */
const offsets = new WeakMap<Surface, { x: number; y: number }>();

export function setSubsurfaceOffset(surface: Surface, x: number, y: number): void {
  offsets.set(surface, { x, y });
}

export function subsurfaceOffset(surface: Surface): { x: number; y: number } {
  return offsets.get(surface) ?? { x: 0, y: 0 };
}
