import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { PointerGrab, SeatApi } from '../seat/seat-api.js';
import { clampSize, type Size } from './placement.js';
import { EDGE_BOTTOM, EDGE_LEFT, EDGE_RIGHT, EDGE_TOP, type ResizeAnchor, type Window } from './window.js';

/** The window manager operations an interactive move or resize drives. */
export interface GrabTarget {
  moveWindow(win: Window, x: number, y: number): void;
  /** Asks the client for a new size; `resizing` says whether the drag is still going on. */
  resizeWindow(win: Window, size: Size, anchor: ResizeAnchor, resizing: boolean): void;
  /** The grab is over (button released, cancelled by the seat, or the window went away). */
  grabEnded(grab: InteractiveGrab, cancelledBySeat: boolean): void;
}

/** A pointer grab that moves or resizes one window. */
export interface InteractiveGrab extends PointerGrab {
  readonly window: Window;
  /** Ends the grab (button released, or from the window manager's side: the window was unmapped...). */
  stop(cancelledBySeat?: boolean): void;
}

/** xdg_toplevel.move: the window follows the pointer until a button is released. */
export class MoveGrab implements InteractiveGrab {
  private readonly startX: number;
  private readonly startY: number;
  private done = false;

  constructor(
    private readonly wm: GrabTarget,
    readonly window: Window,
    private readonly pointerX: number,
    private readonly pointerY: number,
  ) {
    this.startX = window.x;
    this.startY = window.y;
  }

  motion(x: number, y: number): void {
    if (this.done) return;
    this.wm.moveWindow(
      this.window,
      Math.round(this.startX + x - this.pointerX),
      Math.round(this.startY + y - this.pointerY),
    );
  }

  button(_button: number, pressed: boolean): void {
    if (!pressed) this.stop();
  }

  cancel(): void {
    this.stop(true);
  }

  stop(cancelledBySeat = false): void {
    if (this.done) return;
    this.done = true;
    this.wm.grabEnded(this, cancelledBySeat);
  }
}

/**
 * xdg_toplevel.resize: each pointer motion asks the client for a new size (with the resizing
 * state); the edges opposite the dragged ones stay fixed.
 */
export class ResizeGrab implements InteractiveGrab {
  private readonly start: Rect;
  private readonly anchor: ResizeAnchor;
  private last: Size;
  private done = false;

  constructor(
    private readonly wm: GrabTarget,
    readonly window: Window,
    private readonly edges: number,
    private readonly pointerX: number,
    private readonly pointerY: number,
  ) {
    this.start = window.frame;
    this.last = { width: this.start.width, height: this.start.height };
    this.anchor = { edges, right: this.start.x + this.start.width, bottom: this.start.y + this.start.height };
  }

  motion(x: number, y: number): void {
    if (this.done) return;
    const dx = Math.round(x - this.pointerX);
    const dy = Math.round(y - this.pointerY);
    let width = this.start.width;
    let height = this.start.height;
    if (this.edges & EDGE_RIGHT) width += dx;
    else if (this.edges & EDGE_LEFT) width -= dx;
    if (this.edges & EDGE_BOTTOM) height += dy;
    else if (this.edges & EDGE_TOP) height -= dy;
    const size = clampSize({ width, height }, this.window.minSize, this.window.maxSize);
    if (size.width === this.last.width && size.height === this.last.height) return;
    this.last = size;
    this.wm.resizeWindow(this.window, size, this.anchor, true);
  }

  button(_button: number, pressed: boolean): void {
    if (!pressed) this.stop();
  }

  cancel(): void {
    this.stop(true);
  }

  stop(cancelledBySeat = false): void {
    if (this.done) return;
    this.done = true;
    // The final configure drops the resizing state; its commit still keeps the anchored edges.
    this.wm.resizeWindow(this.window, this.last, this.anchor, false);
    this.wm.grabEnded(this, cancelledBySeat);
  }
}

/**
 * The interactive move or resize going on (at most one): started by xdg_toplevel.move/resize
 * only in answer to a button press the client still holds, ended by the button release, by
 * the seat, or when its window goes away.
 */
export class InteractiveGrabs {
  current: InteractiveGrab | null = null;

  constructor(
    private readonly target: GrabTarget,
    private readonly seat: () => SeatApi | null,
  ) {}

  startMove(win: Window, serial: number): void {
    const seat = this.allowed(win, serial);
    if (!seat) return;
    const from = grabOrigin(seat);
    this.start(seat, new MoveGrab(this.target, win, from.x, from.y));
  }

  startResize(win: Window, serial: number, edges: number): void {
    const seat = edges !== 0 ? this.allowed(win, serial) : null;
    if (!seat) return;
    const from = grabOrigin(seat);
    this.start(seat, new ResizeGrab(this.target, win, edges, from.x, from.y));
  }

  /** The seat to grab with, if `serial` is a press `win`'s client holds and the window can move. */
  private allowed(win: Window, serial: number): SeatApi | null {
    const seat = this.seat();
    if (!seat || !win.mapped || win.current.maximized || win.current.fullscreen) return null;
    return seat.validGrabSerial(win.surface, serial) ? seat : null;
  }

  /** Starts a grab (public for tests that drive grabs without a seat). */
  start(seat: SeatApi | null, grab: InteractiveGrab): void {
    this.current?.stop();
    this.current = grab;
    seat?.startPointerGrab(grab);
  }

  /** Ends the grab on `win`, if any (it is unmapped, minimized...). */
  stopFor(win: Window): void {
    if (this.current?.window === win) this.current.stop();
  }

  ended(grab: InteractiveGrab, cancelledBySeat: boolean): void {
    if (this.current !== grab) return;
    this.current = null;
    if (!cancelledBySeat) this.seat()?.endPointerGrab(grab);
  }
}

/** A grab started by a held button starts from the press; otherwise (touch) from the pointer. */
function grabOrigin(seat: SeatApi): { x: number; y: number } {
  return seat.buttonsDown > 0 ? { x: seat.pressX, y: seat.pressY } : { x: seat.pointerX, y: seat.pointerY };
}
