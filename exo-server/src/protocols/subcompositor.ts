import { WlSubcompositorResource, WlSubsurfaceResource } from '../../../protos/gen/server/wayland.js';
import { WlSubcompositorError, WlSubsurfaceError } from '../../../protos/gen/spec/wayland.js';
import type { Exo } from '../exo.js';
import { setSubsurfaceOffset } from '../scene/scene.js';
import type { Surface, SurfaceRole } from '../surface/surface.js';
import { surfaceFromResource } from './compositor.js';

/**
 * wl_subcompositor and wl_subsurface: child surfaces positioned relative to a parent, stacked
 * with their siblings, and in synchronized mode committed together with the parent.
 */
export function registerSubcompositor(exo: Exo): void {
  exo.display.createGlobal(WlSubcompositorResource, 1, (sc) => {
    sc.setHandler({
      getSubsurface: (r, id, surfaceRes, parentRes) => {
        const surface = surfaceFromResource(surfaceRes);
        const parent = surfaceFromResource(parentRes);
        if (surface === parent || isAncestor(surface, parent))
          throw r.error(
            WlSubcompositorError.BadSurface,
            `wl_surface#${surfaceRes.id} cannot be a subsurface of itself or its descendant`,
          );
        if (surface.role || (surface.roleName !== null && surface.roleName !== 'wl_subsurface'))
          throw r.error(WlSubcompositorError.BadSurface, `wl_surface#${surfaceRes.id} already has a role`);
        new Subsurface(exo, id, surface, parent);
      },
    });
  });
}

function isAncestor(candidate: Surface, of: Surface): boolean {
  for (let p: Surface | null = of.parent; p; p = p.parent) if (p === candidate) return true;
  return false;
}

class Subsurface implements SurfaceRole {
  readonly roleName = 'wl_subsurface';
  private sync = true;
  private x = 0;
  private y = 0;
  private pendingPosition: { x: number; y: number } | null = null;
  private parent: Surface | null;

  constructor(
    private readonly exo: Exo,
    resource: WlSubsurfaceResource,
    private readonly surface: Surface,
    parent: Surface,
  ) {
    this.parent = parent;
    surface.setRole(this.roleName, this);
    surface.parent = parent;
    // New subsurfaces go on top of the parent's children at once (as weston does).
    parent.stack = [...parent.stack, surface];
    if (parent.pendingStack) parent.pendingStack = [...parent.pendingStack, surface];
    setSubsurfaceOffset(surface, 0, 0);
    surface.parentCommitted = () => this.parentCommitted();
    const detach = () => this.detach();
    parent.onDestroy(() => {
      this.parent = null;
      surface.clearRole(this);
    });
    surface.onDestroy(detach);
    resource.onDestroy(detach);
    resource.setHandler({
      setPosition: (_r, x, y) => {
        this.pendingPosition = { x, y };
      },
      placeAbove: (r, sibling) => this.place(r, surfaceFromResource(sibling), 1),
      placeBelow: (r, sibling) => this.place(r, surfaceFromResource(sibling), 0),
      setSync: () => {
        this.sync = true;
      },
      setDesync: () => {
        const was = this.synchronized();
        this.sync = false;
        // Leaving synchronized mode applies whatever was cached.
        if (was && !this.synchronized()) this.surface.applyCachedState();
      },
    });
  }

  private place(r: WlSubsurfaceResource, sibling: Surface, above: 0 | 1): void {
    const parent = this.parent;
    if (!parent) return;
    const stack = [...(parent.pendingStack ?? parent.stack)];
    const i = stack.indexOf(sibling);
    if (sibling === this.surface || i < 0)
      throw r.error(
        WlSubsurfaceError.BadSurface,
        'place_above/below needs the parent or a sibling subsurface',
      );
    stack.splice(stack.indexOf(this.surface), 1);
    stack.splice(stack.indexOf(sibling) + above, 0, this.surface);
    parent.pendingStack = stack;
  }

  synchronized(): boolean {
    if (this.sync) return true;
    for (let p = this.parent; p; p = p.parent) {
      const role = p.role;
      if (role && role.roleName === 'wl_subsurface' && role.synchronized?.()) return true;
    }
    return false;
  }

  private parentCommitted(): void {
    if (this.pendingPosition) {
      this.exo.scene.damageTree(this.surface);
      this.x = this.pendingPosition.x;
      this.y = this.pendingPosition.y;
      this.pendingPosition = null;
      setSubsurfaceOffset(this.surface, this.x, this.y);
      this.exo.scene.damageTree(this.surface);
    }
    if (this.synchronized()) this.surface.applyCachedState();
  }

  committed(): void {}

  position(): { x: number; y: number } | null {
    const p = this.parent?.position();
    return p ? { x: p.x + this.x, y: p.y + this.y } : null;
  }

  private detach(): void {
    const parent = this.parent;
    if (!parent) return;
    this.exo.scene.damageTree(this.surface);
    parent.stack = parent.stack.filter((s) => s !== this.surface);
    if (parent.pendingStack) parent.pendingStack = parent.pendingStack.filter((s) => s !== this.surface);
    this.parent = null;
    this.surface.parent = null;
    this.surface.clearRole(this);
  }
}
