import type { Exo } from '../exo.js';
import type { SceneRoot } from '../shell/shell-api.js';
import type { Surface, SurfaceRole } from '../surface/surface.js';

/** The role of a drag icon (wl_data_device.start_drag's icon argument). */
export const DND_ICON_ROLE = 'wl_data_device.icon';

const roles = new WeakMap<Surface, DragIconRole>();

/**
 * A drag icon follows the pointer: its top-left starts at the pointer and moves by each attach
 * offset. It is drawn as a scene overlay while the drag lasts and is hidden otherwise.
 */
export class DragIconRole implements SurfaceRole {
  readonly roleName = DND_ICON_ROLE;
  private root: SceneRoot | null = null;
  private dx = 0;
  private dy = 0;

  private constructor(
    private readonly exo: Exo,
    private readonly surface: Surface,
  ) {}

  /** Gives `surface` the icon role; null when it already has another role. */
  static claim(exo: Exo, surface: Surface): DragIconRole | null {
    let role = roles.get(surface);
    if (role && surface.role === role) return role;
    if (!role) role = new DragIconRole(exo, surface);
    if (!surface.setRole(DND_ICON_ROLE, role)) return null;
    roles.set(surface, role);
    return role;
  }

  show(x: number, y: number): void {
    if (this.root) return;
    this.dx = this.dy = 0;
    this.surface.offsetX = this.surface.offsetY = 0;
    // Scene positions are whole pixels; the pointer may be fractional (page input, scaled guests).
    this.root = { surface: this.surface, x: Math.round(x), y: Math.round(y) };
    this.exo.scene.overlays = [...this.exo.scene.overlays, this.root];
    this.exo.scene.damageTree(this.surface);
  }

  moveTo(px: number, py: number): void {
    const x = Math.round(px);
    const y = Math.round(py);
    const root = this.root;
    if (!root || (root.x === x + this.dx && root.y === y + this.dy)) return;
    this.exo.scene.damageTree(this.surface);
    root.x = x + this.dx;
    root.y = y + this.dy;
    this.exo.scene.damageTree(this.surface);
  }

  hide(): void {
    const root = this.root;
    if (!root) return;
    this.exo.scene.damageTree(this.surface);
    this.exo.scene.overlays = this.exo.scene.overlays.filter((o) => o !== root);
    this.root = null;
  }

  committed(surface: Surface): void {
    const root = this.root;
    if (!root || (surface.offsetX === 0 && surface.offsetY === 0)) return;
    this.exo.scene.damageTree(surface);
    this.dx += surface.offsetX;
    this.dy += surface.offsetY;
    root.x += surface.offsetX;
    root.y += surface.offsetY;
    surface.offsetX = surface.offsetY = 0;
    this.exo.scene.damageTree(surface);
  }

  position(): { x: number; y: number } | null {
    return this.root ? { x: this.root.x, y: this.root.y } : null;
  }
}
