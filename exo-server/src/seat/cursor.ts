import type { Surface, SurfaceRole } from '../surface/surface.js';

/**
 * What the pointer looks like now. The cursor is never composited into the headless
 * framebuffer (screenshots show windows only): the web desktop draws it from this state, as a
 * CSS cursor made from the surface's pixels or from the shape name.
 */
export interface CursorImage {
  /** The cursor surface the focused client set (wl_pointer.set_cursor), or null. */
  surface: Surface | null;
  /** Hotspot in surface-local logical pixels: the image's top-left is at pointer − hotspot. */
  hotspotX: number;
  hotspotY: number;
  /**
   * A named cursor (wp_cursor_shape_v1), in CSS spelling (`default`, `text`, `context-menu`,
   * `ew-resize`...), or null when a surface (or nothing) is shown.
   */
  shape: string | null;
  /** False when the focused client hid the pointer (set_cursor with a null surface). */
  visible: boolean;
}

/** The role a surface gets from wl_pointer.set_cursor (named as in the spec's role errors). */
export const CURSOR_ROLE = 'cursor';

const DEFAULT_IMAGE: CursorImage = {
  surface: null,
  hotspotX: 0,
  hotspotY: 0,
  shape: 'default',
  visible: true,
};

/** The seat's cursor: the current image and who wants to know when it changes. */
export class Cursor {
  private current: CursorImage = { ...DEFAULT_IMAGE };
  private readonly listeners: Array<(image: CursorImage) => void> = [];
  private readonly roles = new WeakMap<Surface, CursorRole>();

  get image(): Readonly<CursorImage> {
    return this.current;
  }

  /** Runs `cb` whenever the cursor image (surface, hotspot, shape or its pixels) changes. */
  onChange(cb: (image: CursorImage) => void): () => void {
    this.listeners.push(cb);
    return () => {
      const i = this.listeners.indexOf(cb);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Gives `surface` the cursor role; false when it already has another role (the caller posts
   * wl_pointer.error.role). A surface keeps its cursor role object for its whole life.
   */
  claim(surface: Surface): boolean {
    let role = this.roles.get(surface);
    if (role && surface.role === role) return true;
    if (!role) role = new CursorRole(this);
    if (!surface.setRole(CURSOR_ROLE, role)) return false;
    this.roles.set(surface, role);
    return true;
  }

  setSurface(surface: Surface | null, hotspotX: number, hotspotY: number): void {
    if (surface) surface.offsetX = surface.offsetY = 0;
    this.current = { surface, hotspotX, hotspotY, shape: null, visible: surface !== null };
    this.changed();
  }

  setShape(shape: string): void {
    this.current = { surface: null, hotspotX: 0, hotspotY: 0, shape, visible: true };
    this.changed();
  }

  /** Back to the compositor's default arrow (focus left the client that set the cursor). */
  reset(): void {
    const c = this.current;
    if (c.surface === null && c.shape === 'default' && c.visible) return;
    this.current = { ...DEFAULT_IMAGE };
    this.changed();
  }

  /** The cursor surface committed: an attach offset moves the hotspot (wl_pointer v5+ rule). */
  committed(surface: Surface): void {
    if (this.current.surface !== surface) return;
    this.current = {
      ...this.current,
      hotspotX: this.current.hotspotX - surface.offsetX,
      hotspotY: this.current.hotspotY - surface.offsetY,
    };
    surface.offsetX = surface.offsetY = 0;
    this.changed();
  }

  surfaceDestroyed(surface: Surface): void {
    if (this.current.surface !== surface) return;
    this.current = { surface: null, hotspotX: 0, hotspotY: 0, shape: null, visible: false };
    this.changed();
  }

  private changed(): void {
    for (const cb of [...this.listeners]) cb(this.current);
  }
}

/** The cursor role: never placed in the scene (position null), so it is not in screenshots. */
class CursorRole implements SurfaceRole {
  readonly roleName = CURSOR_ROLE;

  constructor(private readonly cursor: Cursor) {}

  committed(surface: Surface): void {
    this.cursor.committed(surface);
  }

  position(): null {
    return null;
  }
}
