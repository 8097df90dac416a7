import type { WlSeatResource } from '../../../protos/gen/server/wayland.js';
import { WlSeatCapability } from '../../../protos/gen/spec/wayland.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type { Exo } from '../exo.js';
import type { Surface } from '../surface/surface.js';
import { Cursor, type CursorImage } from './cursor.js';
import { Keyboard } from './keyboard.js';
import { keystrokesForText } from './keymap/index.js';
import { Pointer } from './pointer.js';
import type { AxisEvent, PointerGrab, SeatApi } from './seat-api.js';
import { SerialTracker } from './serial-tracker.js';
import { Touch } from './touch.js';

export const SEAT_NAME = 'seat0';
export const SEAT_VERSION = 8;

/** Event time for clients: milliseconds of a monotonic clock, wrapped to 32 bits. */
export function eventTime(): number {
  return Math.floor(performance.now()) >>> 0;
}

/**
 * The one seat of exo: input from the backend or the control API comes in through the
 * SeatApi entry points and goes out to clients through wl_pointer, wl_keyboard and wl_touch.
 * Focus policy belongs to the window manager (setKeyboardFocus, pointerPressed); this class
 * keeps the mechanism: focus bookkeeping, grabs, serials, the cursor.
 */
export class Seat implements SeatApi {
  readonly serials = new SerialTracker<Client>();
  readonly cursorState = new Cursor();
  readonly pointer: Pointer;
  readonly keyboard: Keyboard;
  readonly touch: Touch;

  constructor(private readonly exo: Exo) {
    this.pointer = new Pointer(exo, this.serials, this.cursorState);
    this.keyboard = new Keyboard(exo, this.serials, exo.options.keyboardLayout);
    this.touch = new Touch(exo, this.serials);
    exo.onSurfaceDestroyed((s) => {
      this.pointer.surfaceDestroyed(s);
      this.keyboard.surfaceDestroyed(s);
      this.touch.surfaceDestroyed(s);
      this.cursorState.surfaceDestroyed(s);
    });
    exo.display.onClientCreated((client) => client.onDestroy(() => this.serials.forgetClient(client)));
    // A commit can move, resize or restack what is under a still pointer: re-check focus and
    // the surface-local position right away, so the events come before the client's next
    // roundtrip completes. The cursor's own surface is skipped (it never takes input).
    exo.onSurfaceCreated((surface) =>
      surface.onCommit(() => {
        if (surface !== this.cursorState.image.surface) this.pointer.update(eventTime());
      }),
    );
  }

  /** Sets up a bound wl_seat: capabilities, name, and the device requests. */
  bind(r: WlSeatResource): void {
    r.setHandler({
      getPointer: (_r, id) => this.pointer.addResource(id),
      getKeyboard: (_r, id) => this.keyboard.addResource(id),
      getTouch: (_r, id) => this.touch.addResource(id),
    });
    // All three capabilities are always present, so missing_capability never applies.
    r.sendCapabilities(WlSeatCapability.Pointer | WlSeatCapability.Keyboard | WlSeatCapability.Touch);
    if (r.version >= 2) r.sendName(SEAT_NAME);
  }

  // --- state ---------------------------------------------------------------------------

  get pointerX(): number {
    return this.pointer.x;
  }

  get pointerY(): number {
    return this.pointer.y;
  }

  get pressX(): number {
    return this.pointer.pressX;
  }

  get pressY(): number {
    return this.pointer.pressY;
  }

  get keyboardFocus(): Surface | null {
    return this.keyboard.focus;
  }

  get pointerFocus(): Surface | null {
    return this.pointer.focus;
  }

  get buttonsDown(): number {
    return this.pointer.buttonsDown;
  }

  get cursor(): Readonly<CursorImage> {
    return this.cursorState.image;
  }

  onCursorChanged(cb: (image: Readonly<CursorImage>) => void): () => void {
    return this.cursorState.onChange(cb);
  }

  setCursorShape(shape: string): void {
    this.cursorState.setShape(shape);
  }

  onKeyboardFocusChanged(cb: (focus: Surface | null) => void): () => void {
    return this.keyboard.onFocusChanged(cb);
  }

  // --- input entry points --------------------------------------------------------------

  pointerMotion(x: number, y: number): void {
    checkFinite('pointer position', x, y);
    this.pointer.motion(x, y, eventTime());
  }

  pointerButton(button: number, pressed: boolean): void {
    if (!Number.isInteger(button) || button < 0 || button > 0x2ff)
      throw new RangeError(`Invalid evdev button code ${button} (BTN_LEFT is 0x110)`);
    this.pointer.button(button, pressed, eventTime());
  }

  pointerAxis(event: AxisEvent): void {
    checkFinite('scroll amount', event.dx, event.dy, event.dx120 ?? 0, event.dy120 ?? 0);
    if (!AXIS_SOURCES.includes(event.source))
      throw new RangeError(
        `Invalid scroll source ${String(event.source)} (expected ${AXIS_SOURCES.join(', ')})`,
      );
    this.pointer.axis(event, eventTime());
  }

  key(code: number, pressed: boolean): void {
    this.keyboard.key(code, pressed, eventTime());
  }

  /**
   * Types `text` as a user of the keymap's layout would: for each character, hold its modifier
   * keys, press and release the key, release the modifiers. Untypeable text throws before
   * anything is sent.
   */
  typeText(text: string): void {
    const strokes = keystrokesForText(this.keyboard.keymap, text);
    for (const s of strokes) {
      const mods = s.modifiers.filter((m) => !this.keyboard.state.isPressed(m));
      for (const m of mods) this.key(m, true);
      this.key(s.code, true);
      this.key(s.code, false);
      for (const m of [...mods].reverse()) this.key(m, false);
    }
  }

  touchDown(id: number, x: number, y: number): void {
    checkTouchId(id);
    checkFinite('touch position', x, y);
    this.touch.down(id, x, y, eventTime());
  }

  touchMotion(id: number, x: number, y: number): void {
    checkTouchId(id);
    checkFinite('touch position', x, y);
    this.touch.motion(id, x, y, eventTime());
  }

  touchUp(id: number): void {
    checkTouchId(id);
    this.touch.up(id, eventTime());
  }

  touchCancel(): void {
    this.touch.cancel();
  }

  // --- policy hooks --------------------------------------------------------------------

  /** Switches the keyboard layout for every client (throws for an unknown layout). */
  setKeyboardLayout(layout: string): void {
    this.keyboard.setLayout(layout, eventTime());
  }

  get keyboardLayout(): string {
    return this.keyboard.keymap.names.layout;
  }

  setKeyboardFocus(surface: Surface | null): void {
    this.keyboard.setFocus(surface);
  }

  refreshPointerFocus(): void {
    this.pointer.update(eventTime());
  }

  startPointerGrab(grab: PointerGrab): void {
    this.pointer.startGrab(grab);
  }

  endPointerGrab(grab: PointerGrab): void {
    this.pointer.endGrab(grab, eventTime());
  }

  validGrabSerial(surface: Surface, serial: number, forPopup = false): boolean {
    return !surface.destroyed && this.serials.validGrab(surface.resource.client, serial, forPopup);
  }

  validInputSerial(client: Client, serial: number): boolean {
    return this.serials.validInput(client, serial);
  }

  destroy(): void {
    this.keyboard.destroy();
  }
}

const AXIS_SOURCES: ReadonlyArray<AxisEvent['source']> = ['wheel', 'finger', 'continuous', 'wheel_tilt'];

function checkTouchId(id: number): void {
  if (!Number.isInteger(id) || id < -0x80000000 || id > 0x7fffffff)
    throw new RangeError(`Invalid touch point id ${id} (expected a 32-bit integer)`);
}

function checkFinite(what: string, ...values: number[]): void {
  for (const v of values)
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`Invalid ${what}: ${String(v)}`);
}
