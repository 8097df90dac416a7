import type { SeatApi } from '../seat/seat-api.js';
import type { Surface } from '../surface/surface.js';
import { InteractiveGrabs, type GrabTarget, type InteractiveGrab } from './interactive-grabs.js';
import { cascadePosition, centredOn, clampOnScreen, type Size } from './placement.js';
import { PopupManager } from './popup-manager.js';
import type { SceneRoot, ShellApi, WindowAction, WindowInfo } from './shell-api.js';
import {
  applyCommit,
  configureFor,
  layout,
  requestFullscreen,
  requestMaximized,
  type ToplevelCommit,
} from './toplevel-states.js';
import { actOn } from './window-control.js';
import { WindowStack } from './window-stack.js';
import { Window, type ResizeAnchor, type ToplevelConfigure, type ToplevelHandle } from './window.js';

/** What the window manager needs from exo (a fake in unit tests). */
export interface WmHost {
  /** Desktop size, logical pixels. */
  readonly output: Size;
  /** Damages the area of `surface` and its subsurfaces drawn with its origin at (x, y). */
  damageTree(surface: Surface, x: number, y: number): void;
  /** The seat, once one is installed. */
  seat(): SeatApi | null;
  /** Sends the configures the last changes scheduled now (before exo.flush answers the API). */
  flushConfigures?(): void;
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
  private readonly listeners = new Set<() => void>();
  private readonly bySurface = new WeakMap<Surface, Window>();
  readonly popups: PopupManager;
  readonly grabs: InteractiveGrabs;

  constructor(readonly host: WmHost) {
    this.popups = new PopupManager(this, host);
    this.grabs = new InteractiveGrabs(this, () => this.seat());
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
    if (win.current.maximized || win.current.fullscreen) layout(win, this.host.output);
    else if (win.placed) {
      // Re-mapped after a null-buffer unmap: it comes back where it was.
    } else if (win.parent) Object.assign(win, centredOn(win.parent.frame, size, this.host.output));
    else Object.assign(win, this.nextCascade(size));
    win.placed = true;
    this.stack.add(win);
    this.damageWindow(win);
    // The new window takes the focus: menus open elsewhere close.
    this.popups.dismissChainUnlessOf(win);
    this.activate(win); // tells the listeners too
  }

  unmapWindow(win: Window): void {
    if (!win.mapped) return;
    this.damageWindow(win);
    this.popups.dismissAllOf(win);
    win.mapped = false;
    this.grabs.stopFor(win);
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
    const output = this.host.output;
    let changed = applyCommit(win, state, acked, output, () => this.nextCascade(win.geometry));
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

  /** The configure to send now (xdg_toplevel asks when it sends one). */
  configureFor(win: Window): ToplevelConfigure {
    return configureFor(win, this.host.output);
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
    requestMaximized(win, on);
  }

  setFullscreen(win: Window, on: boolean): void {
    requestFullscreen(win, on);
  }

  minimize(win: Window): void {
    if (!win.mapped || win.minimized) return;
    this.popups.dismissAllOf(win);
    this.damageWindow(win);
    win.minimized = true;
    this.grabs.stopFor(win);
    if (this.focused === win) {
      this.focused = null;
      win.wanted.activated = false;
      win.handle.scheduleConfigure();
      this.focusTopmost();
    }
    this.seat()?.refreshPointerFocus();
    this.changed();
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
    this.host.flushConfigures?.();
  }

  /** Stacking order, bottom to top (for tests and the desktop). */
  stacking(): Window[] {
    return [...this.stack.windows];
  }

  // --- interactive move and resize ------------------------------------------------------

  startMove(win: Window, serial: number): void {
    this.grabs.startMove(win, serial);
  }

  startResize(win: Window, serial: number, edges: number): void {
    this.grabs.startResize(win, serial, edges);
  }

  /** The interactive move or resize going on, if any. */
  get activeGrab(): InteractiveGrab | null {
    return this.grabs.current;
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

  grabEnded(grab: InteractiveGrab, cancelledBySeat: boolean): void {
    this.grabs.ended(grab, cancelledBySeat);
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
    return w.info(this.focused === w);
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
    this.host.flushConfigures?.();
  }

  outputChanged(): void {
    for (const w of this.all) w.handle.scheduleConfigure();
    for (const w of this.stack.windows) {
      if (w.current.maximized || w.current.fullscreen) continue;
      const pos = clampOnScreen(w.frame, this.host.output);
      this.moveWindow(w, pos.x, pos.y);
    }
    this.changed();
    this.host.flushConfigures?.();
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
