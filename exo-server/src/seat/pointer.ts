import type { WlPointerResource, WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import { WlPointerButtonState, WlPointerError } from '../../../protos/gen/spec/wayland.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type { Exo } from '../exo.js';
import { surfaceFromResource } from '../protocols/compositor.js';
import type { Surface } from '../surface/surface.js';
import { ClientResources } from './client-resources.js';
import type { Cursor } from './cursor.js';
import { AxisTranslator } from './pointer-axis.js';
import type { AxisEvent, PointerGrab } from './seat-api.js';
import { serialOlder, type SerialTracker } from './serial-tracker.js';

/**
 * wl_pointer: the pointer position, its focus (the topmost surface accepting input under it),
 * enter/leave/motion/button/axis to the focused client's wl_pointer objects, the implicit grab
 * (while a button is held, focus stays on the surface that got the press) and explicit grabs
 * (the window manager's move/resize, drag-and-drop) that take all pointer input.
 */
export class Pointer {
  x = 0;
  y = 0;
  /** Where the pointer was at the last button press (interactive grabs start from there). */
  pressX = 0;
  pressY = 0;
  focus: Surface | null = null;
  /** Serial of the last enter: set_cursor must not be older. */
  focusSerial = 0;
  readonly resources = new ClientResources<WlPointerResource>();
  private readonly held = new Set<number>();
  private grab: PointerGrab | null = null;
  /** Surface-local position last sent to the focus (to send motion when a window moves). */
  private sentX = NaN;
  private sentY = NaN;
  private readonly axes = new AxisTranslator();

  constructor(
    private readonly exo: Exo,
    private readonly serials: SerialTracker<Client>,
    private readonly cursor: Cursor,
  ) {}

  get buttonsDown(): number {
    return this.held.size;
  }

  get grabbed(): boolean {
    return this.grab !== null;
  }

  addResource(r: WlPointerResource): void {
    this.resources.add(r);
    r.setHandler({
      setCursor: (res, serial, surface, hx, hy) => this.setCursor(res, serial, surface, hx, hy),
    });
    // A client that asks for a pointer while it has focus learns where it is at once.
    const f = this.focus;
    if (f && f.resource.client === r.client) {
      const pos = f.position();
      if (pos) {
        r.sendEnter(this.focusSerial, f.resource, this.x - pos.x, this.y - pos.y);
        if (r.version >= 5) r.sendFrame();
      }
    }
  }

  /** Whether `client` may change the cursor with a request carrying `serial` (set_cursor, cursor shape). */
  mayChangeCursor(client: Client, serial: number): boolean {
    const f = this.focus;
    return !!f && !f.destroyed && f.resource.client === client && !serialOlder(serial, this.focusSerial);
  }

  private setCursor(
    r: WlPointerResource,
    serial: number,
    surfaceRes: WlSurfaceResource | null,
    hx: number,
    hy: number,
  ): void {
    const surface = surfaceRes ? surfaceFromResource(surfaceRes) : null;
    if (!this.mayChangeCursor(r.client, serial)) return;
    if (surface && !this.cursor.claim(surface))
      throw r.error(
        WlPointerError.Role,
        `wl_surface#${surfaceRes!.id} already has the ${surface.roleName} role`,
      );
    this.cursor.setSurface(surface, hx, hy);
  }

  // --- input ---------------------------------------------------------------------------

  motion(x: number, y: number, time: number): void {
    const out = this.exo.output;
    const eps = 1 / 256; // wl_fixed resolution: stay strictly inside the output
    this.x = Math.min(Math.max(x, 0), Math.max(0, out.width - eps));
    this.y = Math.min(Math.max(y, 0), Math.max(0, out.height - eps));
    if (this.grab) {
      this.grab.motion(this.x, this.y, time);
      return;
    }
    this.update(time);
  }

  button(button: number, pressed: boolean, time: number): void {
    if (pressed === this.held.has(button)) return; // a repeat or a release of a button never pressed
    if (pressed) {
      this.held.add(button);
      this.pressX = this.x;
      this.pressY = this.y;
    } else this.held.delete(button);
    if (this.grab) {
      this.grab.button(button, pressed, time);
      return;
    }
    if (pressed) {
      // Click-to-focus, raise, popup dismissal: may start a grab (alt-drag) that takes the press.
      this.exo.scene.shell?.pointerPressed(this.focus);
      if (this.grab) return;
    }
    const f = this.focus;
    if (f && !f.destroyed) {
      const serial = this.exo.nextSerial();
      if (pressed) this.serials.record(f.resource.client, 'button', serial, button);
      else this.serials.record(f.resource.client, 'release', serial, button);
      const state = pressed ? WlPointerButtonState.Pressed : WlPointerButtonState.Released;
      for (const r of this.resources.of(f.resource.client)) {
        r.sendButton(serial, time, button, state);
        if (r.version >= 5) r.sendFrame();
      }
    }
    if (!pressed) this.serials.released('button', button);
    // The implicit grab ends with the last button: focus follows the pointer again.
    if (this.held.size === 0) this.update(time);
  }

  axis(event: AxisEvent, time: number): void {
    if (this.grab) {
      this.grab.axis?.(event, time);
      return;
    }
    const f = this.focus;
    const parts = this.axes.prepare(event);
    if (!f || f.destroyed) return;
    for (const r of this.resources.of(f.resource.client)) this.axes.send(r, event, parts, time);
  }

  /**
   * Re-evaluates the focus at the current position: enter/leave when the surface under the
   * pointer changed, motion when the same surface moved under it. While a button is held the
   * focus stays (implicit grab) unless that surface went away.
   */
  update(time: number): void {
    if (this.grab) return;
    let target: Surface | null;
    let sx = 0;
    let sy = 0;
    const f = this.focus;
    const fpos = f && !f.destroyed ? f.position() : null;
    if (this.held.size > 0 && (f === null || fpos !== null)) {
      target = f;
      if (f && fpos) {
        sx = this.x - fpos.x;
        sy = this.y - fpos.y;
      }
    } else {
      const hit = this.exo.scene.surfaceAt(this.x, this.y);
      target = hit?.surface ?? null;
      sx = hit?.sx ?? 0;
      sy = hit?.sy ?? 0;
    }
    if (target !== f) {
      this.setFocus(target, sx, sy);
      return;
    }
    if (!target || (sx === this.sentX && sy === this.sentY)) return;
    this.sentX = sx;
    this.sentY = sy;
    for (const r of this.resources.of(target.resource.client)) {
      r.sendMotion(time, sx, sy);
      if (r.version >= 5) r.sendFrame();
    }
  }

  private setFocus(surface: Surface | null, sx: number, sy: number): void {
    const old = this.focus;
    if (old && !old.destroyed) {
      const serial = this.exo.nextSerial();
      for (const r of this.resources.of(old.resource.client)) {
        r.sendLeave(serial, old.resource);
        if (r.version >= 5) r.sendFrame();
      }
    }
    this.focus = surface;
    this.sentX = sx;
    this.sentY = sy;
    // The new client sets its own cursor on enter; until then (and over the desktop) the arrow.
    if (!old || !surface || old.resource.client !== surface.resource.client) this.cursor.reset();
    if (!surface) return;
    this.focusSerial = this.exo.nextSerial();
    this.serials.record(surface.resource.client, 'enter', this.focusSerial);
    for (const r of this.resources.of(surface.resource.client)) {
      r.sendEnter(this.focusSerial, surface.resource, sx, sy);
      if (r.version >= 5) r.sendFrame();
    }
  }

  // --- grabs ---------------------------------------------------------------------------

  /** An explicit grab takes all pointer input; the focused client sees the pointer leave. */
  startGrab(grab: PointerGrab): void {
    const previous = this.grab;
    this.grab = null;
    if (previous && previous !== grab) previous.cancel();
    this.setFocus(null, 0, 0);
    this.grab = grab;
  }

  endGrab(grab: PointerGrab, time: number): void {
    if (this.grab !== grab) return;
    this.grab = null;
    this.update(time);
  }

  surfaceDestroyed(surface: Surface): void {
    if (this.focus !== surface) return;
    // No leave: the client destroyed the surface itself. Pick whatever is under the pointer now.
    this.focus = null;
    this.cursor.reset();
    setImmediate(() => {
      if (!this.focus) this.update(Math.floor(performance.now()) >>> 0);
    });
  }
}
