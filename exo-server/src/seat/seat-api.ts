import type { Client } from '../../../compositor/src/server/client.js';
import type { Surface } from '../surface/surface.js';
import type { CursorImage } from './cursor.js';

/** Linux evdev button codes (linux/input-event-codes.h). */
export const BTN_LEFT = 0x110;
export const BTN_RIGHT = 0x111;
export const BTN_MIDDLE = 0x112;

/**
 * A pointer grab takes all pointer input until it ends: interactive move/resize, popup
 * grabs, drag-and-drop. Coordinates are desktop logical pixels.
 */
export interface PointerGrab {
  motion(x: number, y: number, timeMs: number): void;
  button(button: number, pressed: boolean, timeMs: number): void;
  /** Wheel input during the grab; absent = dropped. */
  axis?(event: AxisEvent, timeMs: number): void;
  /** The grab was replaced or ended from outside. */
  cancel(): void;
}

/** One wheel/scroll step, as the desktop or the API sends it. */
export interface AxisEvent {
  /** Pixels (wl_pointer.axis value) on each axis. */
  dx: number;
  dy: number;
  /** High-resolution wheel steps (120 per detent), when the source is a wheel. */
  dx120?: number;
  dy120?: number;
  source: 'wheel' | 'finger' | 'continuous' | 'wheel_tilt';
}

/**
 * The seat as the rest of exo sees it: input comes in here (from the backend or the control
 * API), focus is set here by the window manager.
 */
export interface SeatApi {
  readonly pointerX: number;
  readonly pointerY: number;
  /**
   * Where the pointer was at the last button press. A client asks for an interactive move or
   * resize only after it got that press: the grab starts from the press, so motion that arrived
   * meanwhile is not lost.
   */
  readonly pressX: number;
  readonly pressY: number;
  /** The surface that has keyboard focus, if any. */
  readonly keyboardFocus: Surface | null;
  /** The surface under the pointer, if any. */
  readonly pointerFocus: Surface | null;

  pointerMotion(x: number, y: number): void;
  /** `button` is an evdev code (BTN_LEFT...). */
  pointerButton(button: number, pressed: boolean): void;
  pointerAxis(event: AxisEvent): void;
  /** `code` is an evdev key code. */
  key(code: number, pressed: boolean): void;
  /** Types text through the keymap (newline = Enter). */
  typeText(text: string): void;
  touchDown(id: number, x: number, y: number): void;
  touchMotion(id: number, x: number, y: number): void;
  touchUp(id: number): void;
  touchCancel(): void;

  setKeyboardFocus(surface: Surface | null): void;
  /** Switches the XKB layout (e.g. `us`, `de`) for every client; throws for an unknown one. */
  setKeyboardLayout(layout: string): void;
  readonly keyboardLayout: string;
  /** Re-evaluates which surface is under the pointer (after windows moved, mapped or closed). */
  refreshPointerFocus(): void;
  startPointerGrab(grab: PointerGrab): void;
  endPointerGrab(grab: PointerGrab): void;
  /** True if `serial` is the serial of a button press (or touch down) the client `surface` got and still holds. */
  validGrabSerial(surface: Surface, serial: number, forPopup?: boolean): boolean;

  // --- Extensions (seat work) ----------------------------------------------------------

  /** Pointer buttons held now (a drag ends when this drops to 0). */
  readonly buttonsDown: number;
  /**
   * True if `serial` came with a recent input event (keyboard enter, key, button, touch down)
   * sent to `client`: what set_selection and similar "user action" requests must carry.
   */
  validInputSerial(client: Client, serial: number): boolean;
  /**
   * Runs `cb` on every keyboard focus change, after the old focus got leave and before the new
   * one gets enter (the data device offers the selection there). Returns an unsubscribe function.
   */
  onKeyboardFocusChanged(cb: (focus: Surface | null) => void): () => void;
  /**
   * The cursor image to draw at the pointer. It is never composited into the headless
   * framebuffer: the web desktop draws it (see CursorImage).
   */
  readonly cursor: Readonly<CursorImage>;
  onCursorChanged(cb: (image: Readonly<CursorImage>) => void): () => void;
  /**
   * Shows a named cursor (CSS name: `grabbing`, `nwse-resize`...) until the pointer focus
   * changes or a client sets one: for the window manager's move and resize grabs.
   */
  setCursorShape(shape: string): void;
}
