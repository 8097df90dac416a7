import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { SeatApi } from '../seat/seat-api.js';
import type { Surface } from '../surface/surface.js';
import { MoveGrab, ResizeGrab, type GrabTarget, type InteractiveGrab } from './interactive-grabs.js';
import { cascadePosition, centredOn, clampOnScreen, fullscreenPosition, type Size } from './placement.js';
import { PopupManager } from './popup-manager.js';
import type { SceneRoot, ShellApi, WindowAction, WindowInfo } from './shell-api.js';
import { WindowStack } from './window-stack.js';
import {
  EDGE_LEFT,
  EDGE_TOP,
  Window,
  type ResizeAnchor,
  type ToplevelConfigure,
  type ToplevelHandle,
} from './window.js';

/** What the window manager needs from exo (a fake in unit tests). */
export interface WmHost {
  /** Desktop size, logical pixels. */
  readonly output: Size;
  /** Damages the area of `surface` and its subsurfaces drawn with its origin at (x, y). */
  damageTree(surface: Surface, x: number, y: number): void;
  /** The seat, once one is installed. */
  seat(): SeatApi | null;
}

/** Double-buffered toplevel state applied by a commit. */
export interface ToplevelCommit {
  geometry: Rect;
  minSize: Size;
  maxSize: Size;
}

/**
 * The window manager (policy): stacking, click-to-focus, placement, maximize/fullscreen/
 * minimize, interactive move and resize, and the window list of the control API. The
 * xdg-shell modules (mechanism) report what clients do and carry out what it decides.
 */
export class WindowManager implements ShellApi, GrabTarget {
  private readonly stack = new WindowStack();
  /** Every live toplevel, mapped or not. */
  private readonly all = new Set<Window>();
  private focused: Window | null = null;
  private nextId = 1;
  private cascade = 0;
  private grab: InteractiveGrab | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly bySurface = new WeakMap<Surface, Window>();
  readonly popups: PopupManager;

  constructor(readonly host: WmHost) {
    this.popups = new PopupManager(this, host);
  }

  // --- toplevel lifecycle (called by xdg_toplevel) -------------------------------------

  createWindow(handle: ToplevelHandle): Window {
    const win = new Window(handle);
    this.all.add(win);
    this.bySurface.set(handle.surface, win);
    return win;
  }

  mapWindow(win: Window): void {
    if (win.mapped) return;
    win.mapped = true;
    win.id = this.nextId++;
    if (win.parent && !win.parent.mapped) win.parent = null;
    const size = { width: win.geometry.width, height: win.geometry.height };
    if (win.current.maximized || win.current.fullscreen) this.layout(win);
    else if (win.parent) Object.assign(win, centredOn(win.parent.frame, size, this.host.output));
    else Object.assign(win, this.nextCascade(size));
    this.stack.add(win);
    this.damageWindow(win);
    this.activate(win);
    this.changed();
  }

  unmapWindow(win: Window): void {
    if (!win.mapped) return;
    this.damageWindow(win);
    this.popups.dismissAllOf(win);
    win.mapped = false;
    if (this.grab?.window === win) this.grab.stop();
    this.stack.remove(win);
    // Transients of an unmapped window go to its own parent (xdg_toplevel.set_parent).
    for (const w of this.all) if (w.parent === win) w.parent = win.parent;
    const wasFocused = this.focused === win;
    win.resetState();
    if (wasFocused) {
      this.focused = null;
      this.focusTopmost();
    }
    this.seat()?.refreshPointerFocus();
    this.changed();
  }

  destroyWindow(win: Window): void {
    this.unmapWindow(win);
    this.popups.dismissAllOf(win);
    for (const w of this.all) if (w.parent === win) w.parent = null;
    this.all.delete(win);
    if (this.focused === win) this.focused = null;
  }

  /** A commit of the toplevel; `acked` is the configure it acknowledged since the last commit. */
  windowCommitted(win: Window, state: ToplevelCommit, acked: ToplevelConfigure | null): void {
    const before = this.snapshot(win);
    const wasMaxOrFull = win.current.maximized || win.current.fullscreen;
    const g = win.geometry;
    let changed =
      g.width !== state.geometry.width ||
      g.height !== state.geometry.height ||
      (win.mapped && (g.x !== state.geometry.x || g.y !== state.geometry.y));
    win.geometry = { ...state.geometry };
    win.minSize = state.minSize;
    win.maxSize = state.maxSize;
    if (acked) {
      changed ||= acked.maximized !== win.current.maximized || acked.fullscreen !== win.current.fullscreen;
      win.current.maximized = acked.maximized;
      win.current.fullscreen = acked.fullscreen;
      win.current.activated = acked.activated;
      win.current.resizing = acked.resizing;
      if (acked.sizeRequest && acked.sizeRequest === win.sizeRequest) win.sizeRequest = null;
    }
    if (win.mapped) {
      const isMaxOrFull = win.current.maximized || win.current.fullscreen;
      if (wasMaxOrFull && !isMaxOrFull) {
        Object.assign(
          win,
          win.restore ? { x: win.restore.x, y: win.restore.y } : this.nextCascade(win.geometry),
        );
        win.restore = null;
      }
      if (acked?.anchor && !isMaxOrFull) applyAnchor(win, acked.anchor);
      this.layout(win);
    }
    const after = this.snapshot(win);
    if (win.mapped && (before[0]!.x !== after[0]!.x || before[0]!.y !== after[0]!.y)) {
      this.damageSnapshot(before);
      this.damageSnapshot(after);
      this.popups.windowMoved(win);
      this.seat()?.refreshPointerFocus();
      changed = true;
    }
    if (changed && win.mapped) this.changed();
  }

  /** The configure to send now: requested states and the size that goes with them. */
  configureFor(win: Window): ToplevelConfigure {
    const w = win.wanted;
    let size: Size;
    let sizeRequest: Size | null = null;
    if (w.maximized || w.fullscreen) size = { ...this.host.output };
    else if (win.sizeRequest) size = sizeRequest = win.sizeRequest;
    else if (win.mapped) size = { width: win.geometry.width, height: win.geometry.height };
    else size = { width: 0, height: 0 };
    return { ...w, width: size.width, height: size.height, sizeRequest, anchor: win.anchor };
  }

  setTitle(win: Window, title: string): void {
    win.title = title;
    if (win.mapped) this.changed();
  }

  setAppId(win: Window, appId: string): void {
    win.appId = appId;
    if (win.mapped) this.changed();
  }

  setDecorated(win: Window, decorated: boolean): void {
    if (win.decorated === decorated) return;
    win.decorated = decorated;
    if (win.mapped) this.changed();
  }

  /** xdg_toplevel.set_parent; an unmapped parent counts as none. Cycles are refused before this. */
  setParent(win: Window, parent: Window | null): void {
    win.parent = parent && parent.mapped ? parent : null;
    if (!win.mapped) return;
    this.stack.keepAbove(win);
    this.damageWindow(win);
    this.changed();
  }

  /** The client's ping answer changed (or the ping timed out). */
  responsivenessChanged(): void {
    this.changed();
  }

  // --- states ---------------------------------------------------------------------------

  setMaximized(win: Window, on: boolean): void {
    const was = win.wanted.maximized;
    if (on && !was && !win.wanted.fullscreen) this.saveRestore(win);
    win.wanted.maximized = on;
    if (!on && was && !win.wanted.fullscreen) this.requestRestoreSize(win);
    win.anchor = null;
    win.handle.scheduleConfigure();
  }

  setFullscreen(win: Window, on: boolean): void {
    const was = win.wanted.fullscreen;
    if (on && !was && !win.wanted.maximized) this.saveRestore(win);
    win.wanted.fullscreen = on;
    if (!on && was && !win.wanted.maximized) this.requestRestoreSize(win);
    win.anchor = null;
    win.handle.scheduleConfigure();
  }

  minimize(win: Window): void {
    if (!win.mapped || win.minimized) return;
    this.popups.dismissAllOf(win);
    this.damageWindow(win);
    win.minimized = true;
    if (this.grab?.window === win) this.grab.stop();
    if (this.focused === win) {
      this.focused = null;
      win.wanted.activated = false;
      win.handle.scheduleConfigure();
      this.focusTopmost();
    }
    this.seat()?.refreshPointerFocus();
    this.changed();
  }

  private saveRestore(win: Window): void {
    win.restore = win.mapped ? win.frame : null;
  }

  private requestRestoreSize(win: Window): void {
    win.sizeRequest = win.restore
      ? { width: win.restore.width, height: win.restore.height }
      : { width: 0, height: 0 };
  }

  /** Maximized windows sit at the top-left corner, fullscreen ones centred. */
  private layout(win: Window): void {
    const size = { width: win.geometry.width, height: win.geometry.height };
    if (win.current.fullscreen) Object.assign(win, fullscreenPosition(size, this.host.output));
    else if (win.current.maximized) Object.assign(win, { x: 0, y: 0 });
  }

  private nextCascade(size: Size): { x: number; y: number } {
    let pos = cascadePosition(this.cascade, size, this.host.output);
    if (!pos) {
      this.cascade = 0;
      pos = cascadePosition(0, size, this.host.output)!;
    }
    this.cascade++;
    return pos;
  }

  // --- focus and stacking ---------------------------------------------------------------

  /** Raises `win` (with its transient family), gives it the activated state and keyboard focus. */
  activate(win: Window): void {
    if (!win.mapped) return;
    let changed = false;
    if (win.minimized) {
      win.minimized = false;
      this.damageWindow(win);
      changed = true;
    }
    const restacked = this.stack.raise(win);
    for (const w of restacked) this.damageWindow(w);
    if (this.focused !== win) {
      const old = this.focused;
      if (old) {
        old.wanted.activated = false;
        old.handle.scheduleConfigure();
      }
      this.focused = win;
      win.wanted.activated = true;
      win.handle.scheduleConfigure();
      win.handle.ping();
      changed = true;
    }
    this.seat()?.setKeyboardFocus(this.popups.keyboardTarget(win) ?? win.surface);
    this.seat()?.refreshPointerFocus();
    if (changed || restacked.length > 0) this.changed();
  }

  /** Activates the topmost visible window, or clears the focus when there is none. */
  private focusTopmost(): void {
    // Windows of a client that is disconnecting go away in a moment: skip them.
    const next = this.stack.topmost((w) => !w.minimized && !w.surface.resource.client.destroyed);
    if (next) this.activate(next);
    else this.seat()?.setKeyboardFocus(null);
  }

  get focusedWindow(): Window | null {
    return this.focused;
  }

  /** The window a surface belongs to (subsurfaces and popups included), if any. */
  windowOf(surface: Surface): Window | null {
    let root = surface;
    while (root.parent) root = root.parent;
    return this.bySurface.get(root) ?? this.popups.popupOf(root)?.window ?? null;
  }

  pointerPressed(surface: Surface | null): void {
    this.popups.pointerPressed(surface);
    const win = surface ? this.windowOf(surface) : null;
    if (win?.mapped) this.activate(win);
  }

  /** Stacking order, bottom to top (for tests and the desktop). */
  stacking(): Window[] {
    return [...this.stack.windows];
  }

  // --- interactive move and resize ------------------------------------------------------

  /** xdg_toplevel.move: only in answer to a button press the client still holds. */
  startMove(win: Window, serial: number): void {
    const seat = this.seat();
    if (!seat || !win.mapped || win.current.maximized || win.current.fullscreen) return;
    if (!seat.validGrabSerial(win.surface, serial)) return;
    this.startGrab(seat, new MoveGrab(this, win, seat.pointerX, seat.pointerY));
  }

  startResize(win: Window, serial: number, edges: number): void {
    const seat = this.seat();
    if (!seat || !win.mapped || edges === 0 || win.current.maximized || win.current.fullscreen) return;
    if (!seat.validGrabSerial(win.surface, serial)) return;
    this.startGrab(seat, new ResizeGrab(this, win, edges, seat.pointerX, seat.pointerY));
  }

  /** The interactive move or resize going on, if any. */
  get activeGrab(): InteractiveGrab | null {
    return this.grab;
  }

  /** Starts an interactive grab (exposed for tests that drive grabs without a seat). */
  startGrab(seat: SeatApi | null, grab: InteractiveGrab): void {
    this.grab?.stop();
    this.grab = grab;
    seat?.startPointerGrab(grab);
  }

  moveWindow(win: Window, x: number, y: number): void {
    if (!win.mapped || (x === win.x && y === win.y)) return;
    this.damageWindow(win);
    win.x = x;
    win.y = y;
    win.anchor = null;
    this.damageWindow(win);
    this.popups.windowMoved(win);
    this.seat()?.refreshPointerFocus();
    this.changed();
  }

  resizeWindow(win: Window, size: Size, anchor: ResizeAnchor, resizing: boolean): void {
    if (!win.mapped) return;
    win.sizeRequest = size;
    win.anchor = anchor;
    win.wanted.resizing = resizing;
    win.handle.scheduleConfigure();
  }

  grabEnded(grab: InteractiveGrab, cancelledBySeat = false): void {
    if (this.grab !== grab) return;
    this.grab = null;
    if (!cancelledBySeat) this.seat()?.endPointerGrab(grab);
  }

  // --- ShellApi -------------------------------------------------------------------------

  roots(): SceneRoot[] {
    const out: SceneRoot[] = [];
    for (const w of this.stack.windows) {
      if (w.minimized) continue;
      out.push({ surface: w.surface, ...w.surfaceOrigin });
      for (const p of w.popups) {
        const pos = this.popups.surfaceOrigin(p);
        if (pos) out.push({ surface: p.surface, ...pos });
      }
    }
    return out;
  }

  windows(): WindowInfo[] {
    return this.stack.windows.map((w) => this.info(w));
  }

  info(w: Window): WindowInfo {
    return {
      id: w.id,
      title: w.title,
      appId: w.appId,
      x: w.x,
      y: w.y,
      width: w.geometry.width,
      height: w.geometry.height,
      focused: this.focused === w,
      maximized: w.current.maximized,
      fullscreen: w.current.fullscreen,
      minimized: w.minimized,
      parent: w.parent?.id ?? null,
      pid: w.pid,
      decorated: w.decorated,
      unresponsive: w.handle.unresponsive,
    };
  }

  windowSurface(id: number): Surface | null {
    return this.byId(id)?.surface ?? null;
  }

  byId(id: number): Window | null {
    return this.stack.windows.find((w) => w.id === id) ?? null;
  }

  act(id: number, a: WindowAction): void {
    const win = this.byId(id);
    if (!win) throw new Error(`no window with id ${id}`);
    actOn(this, win, a);
  }

  outputChanged(): void {
    for (const w of this.all) w.handle.scheduleConfigure();
    for (const w of this.stack.windows) {
      if (w.current.maximized || w.current.fullscreen) continue;
      const pos = clampOnScreen(w.frame, this.host.output);
      this.moveWindow(w, pos.x, pos.y);
    }
    this.changed();
  }

  onWindowsChanged(cb: () => void): () => void {
    const wrapped = () => cb();
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  /** Tells window list listeners that something they show changed. */
  changed(): void {
    for (const cb of [...this.listeners]) cb();
  }

  // --- helpers --------------------------------------------------------------------------

  seat(): SeatApi | null {
    return this.host.seat();
  }

  /** The surfaces a window shows (itself and its popups) with their desktop origins. */
  private snapshot(win: Window): Array<{ surface: Surface; x: number; y: number }> {
    const out = [{ surface: win.surface, ...win.surfaceOrigin }];
    for (const p of win.popups) {
      const pos = this.popups.surfaceOrigin(p);
      if (pos) out.push({ surface: p.surface, ...pos });
    }
    return out;
  }

  private damageSnapshot(list: Array<{ surface: Surface; x: number; y: number }>): void {
    for (const s of list) this.host.damageTree(s.surface, s.x, s.y);
  }

  /** Damages everything a window shows, where it is now. */
  damageWindow(win: Window): void {
    this.damageSnapshot(this.snapshot(win));
  }
}

/** Keeps the edges opposite the dragged ones in place after a resize from the left or top. */
function applyAnchor(win: Window, a: ResizeAnchor): void {
  if (a.edges & EDGE_LEFT) win.x = a.right - win.geometry.width;
  if (a.edges & EDGE_TOP) win.y = a.bottom - win.geometry.height;
}

/** The control API's window actions. */
function actOn(wm: WindowManager, win: Window, a: WindowAction): void {
  switch (a.action) {
    case 'activate':
      wm.popups.dismissChainUnlessOf(win);
      wm.activate(win);
      return;
    case 'close':
      win.handle.sendClose();
      return;
    case 'maximize':
    case 'unmaximize':
      wm.setMaximized(win, a.action === 'maximize');
      return;
    case 'fullscreen':
    case 'unfullscreen':
      wm.setFullscreen(win, a.action === 'fullscreen');
      return;
    case 'minimize':
      wm.minimize(win);
      return;
    case 'move': {
      if (!Number.isFinite(a.x) || !Number.isFinite(a.y))
        throw new Error(`move: x and y must be numbers, got ${String(a.x)}, ${String(a.y)}`);
      if (win.current.maximized || win.current.fullscreen)
        throw new Error(`window ${win.id} is maximized or fullscreen: restore it before moving it`);
      wm.moveWindow(win, Math.round(a.x), Math.round(a.y));
      return;
    }
    case 'resize': {
      const ok = (v: number) => Number.isInteger(v) && v > 0 && v <= 32767;
      if (!ok(a.width) || !ok(a.height))
        throw new Error(
          `resize: width and height must be integers from 1 to 32767, got ${String(a.width)}×${String(a.height)}`,
        );
      win.wanted.maximized = false;
      win.wanted.fullscreen = false;
      win.restore = null;
      win.anchor = null;
      win.sizeRequest = { width: a.width, height: a.height };
      win.handle.scheduleConfigure();
      return;
    }
    default:
      throw new Error(`unknown window action ${JSON.stringify((a as { action?: unknown }).action)}`);
  }
}
