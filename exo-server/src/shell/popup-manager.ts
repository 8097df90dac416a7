import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type { Surface } from '../surface/surface.js';
import { placePopup } from './positioner-geometry.js';
import { Popup, type PopupHandle, type PopupRules } from './popup.js';
import type { WindowManager, WmHost } from './window-manager.js';
import { Window } from './window.js';

/**
 * Popups (policy): placement with the positioner rules against the desktop, stacking above
 * their toplevel, and the explicit grab chain: nested grabbing popups of one client, the
 * topmost of which has keyboard focus, dismissed together when the user clicks elsewhere.
 */
export class PopupManager {
  private readonly live = new Set<Popup>();
  private readonly bySurface = new WeakMap<Surface, Popup>();
  /** Grabbing popups, bottom to top; all of one client. */
  private chain: Popup[] = [];

  constructor(
    private readonly wm: WindowManager,
    private readonly host: WmHost,
  ) {}

  create(handle: PopupHandle, parent: Window | Popup, rules: PopupRules): Popup {
    const p = new Popup(handle, parent, rules);
    this.live.add(p);
    this.bySurface.set(handle.surface, p);
    return p;
  }

  popupOf(surface: Surface): Popup | undefined {
    return this.bySurface.get(surface);
  }

  /** Computes where the popup goes now (xdg_popup.configure), relative to its parent. */
  place(p: Popup): Rect {
    const out = this.host.output;
    p.pendingRect = placePopup({
      ...p.rules,
      parentOrigin: this.geometryOrigin(p.parent),
      constraint: { x: 0, y: 0, width: out.width, height: out.height },
    });
    return p.pendingRect;
  }

  /** Desktop position of the window geometry's top-left corner of a toplevel or popup. */
  geometryOrigin(of: Window | Popup): { x: number; y: number } {
    if (of instanceof Window) return { x: of.x, y: of.y };
    const parent = this.geometryOrigin(of.parent);
    return { x: parent.x + of.rect.x, y: parent.y + of.rect.y };
  }

  /** Desktop position of a popup's surface origin, or null while it is not shown. */
  surfaceOrigin(p: Popup): { x: number; y: number } | null {
    const win = p.window;
    if (!p.mapped || p.dismissed || !win.mapped || win.minimized) return null;
    const g = this.geometryOrigin(p);
    return { x: g.x - p.geometry.x, y: g.y - p.geometry.y };
  }

  /** A commit of the popup; `acked` is the placement it acknowledged since the last commit. */
  committed(p: Popup, geometry: Rect, acked: Rect | null): void {
    const before = this.surfaceOrigin(p);
    p.geometry = { ...geometry };
    if (acked) p.rect = { ...acked };
    const after = this.surfaceOrigin(p);
    if (before && after && (before.x !== after.x || before.y !== after.y)) {
      this.host.damageTree(p.surface, before.x, before.y);
      this.host.damageTree(p.surface, after.x, after.y);
      for (const c of p.children) this.damageTree(c);
    }
  }

  map(p: Popup): void {
    if (p.mapped || p.dismissed) return;
    // The parent must be mapped first (xdg_popup); a popup of a hidden window is dismissed.
    const parentShown = p.parent instanceof Window ? p.parent.mapped && !p.parent.minimized : p.parent.mapped;
    if (!parentShown) {
      this.dismiss(p);
      return;
    }
    p.mapped = true;
    p.window.popups.push(p);
    this.damageTree(p);
    if (p.grabbing && this.top === p) this.wm.seat()?.setKeyboardFocus(p.surface);
    this.wm.seat()?.refreshPointerFocus();
  }

  unmap(p: Popup): void {
    if (!p.mapped) return;
    for (const c of [...p.children].reverse()) this.dismiss(c);
    this.damageTree(p);
    p.mapped = false;
    const list = p.window.popups;
    if (list.includes(p)) list.splice(list.indexOf(p), 1);
    this.leaveChain(p);
    this.wm.seat()?.refreshPointerFocus();
  }

  /** The xdg_popup is gone: its children are orphaned, so they are dismissed. */
  destroy(p: Popup): void {
    for (const c of [...p.children].reverse()) this.dismiss(c);
    this.unmap(p);
    this.leaveChain(p);
    p.detach();
    this.live.delete(p);
  }

  /** Compositor-side dismissal: popup_done to the popup's children first, then to it; it is hidden. */
  dismiss(p: Popup): void {
    if (p.dismissed) return;
    for (const c of [...p.children].reverse()) this.dismiss(c);
    p.dismissed = true;
    p.handle.sendDone();
    this.unmap(p);
    this.leaveChain(p);
  }

  /** Dismisses every popup of a window (it is being unmapped, minimized or destroyed). */
  dismissAllOf(win: Window): void {
    for (const p of [...this.live].reverse()) if (p.parent === win) this.dismiss(p);
  }

  /** The topmost grabbing popup. */
  get top(): Popup | null {
    return this.chain[this.chain.length - 1] ?? null;
  }

  /** The topmost grabbing popup of `client`, if its grab chain is the active one. */
  chainTop(client: Client): Popup | null {
    const top = this.top;
    return top && top.surface.resource.client === client ? top : null;
  }

  /**
   * xdg_popup.grab, after the protocol checks: granted only for a button press the client
   * still holds; otherwise (or without a seat) the popup is dismissed at once.
   */
  grab(p: Popup, serial: number): void {
    const seat = this.wm.seat();
    const parentDismissed = !(p.parent instanceof Window) && p.parent.dismissed;
    if (parentDismissed || !seat || !seat.validGrabSerial(p.parent.surface, serial, true)) {
      this.dismiss(p);
      return;
    }
    // Another client's menus close when this one opens its own.
    const top = this.top;
    if (top && top.surface.resource.client !== p.surface.resource.client) this.dismissChain();
    p.grabbing = true;
    this.chain.push(p);
  }

  dismissChain(): void {
    const bottom = this.chain[0];
    if (bottom) this.dismiss(bottom);
    // A chain whose bottom popup was already gone (should not happen) is dropped as well.
    for (const p of [...this.chain].reverse()) this.dismiss(p);
  }

  /** Before a click: one outside the grabbing client's surfaces dismisses its menus. */
  pointerPressed(surface: Surface | null): void {
    const top = this.top;
    if (top && (!surface || surface.resource.client !== top.surface.resource.client)) this.dismissChain();
  }

  /** Before activating `win` from outside (the control API): menus of other windows close. */
  dismissChainUnlessOf(win: Window): void {
    const top = this.top;
    if (top && top.window !== win) this.dismissChain();
  }

  /** Where keyboard focus goes when `win` is active: its topmost grabbing popup, if any. */
  keyboardTarget(win: Window): Surface | null {
    const top = this.top;
    return top && top.mapped && top.window === win ? top.surface : null;
  }

  /** The parent window moved: reactive popups are placed again. */
  windowMoved(win: Window): void {
    for (const p of win.popups) {
      if (!p.rules.reactive) continue;
      const old = p.pendingRect;
      const r = this.place(p);
      if (r.x !== old.x || r.y !== old.y || r.width !== old.width || r.height !== old.height)
        p.handle.scheduleConfigure();
    }
  }

  private leaveChain(p: Popup): void {
    const i = this.chain.indexOf(p);
    if (i < 0) return;
    this.chain.splice(i);
    // Keyboard focus goes back down the chain, or to the window if it is still the active one.
    const next = this.top;
    const win = p.window;
    if (p.surface.resource.client.destroyed) return; // its windows go too, and focus with them
    if (next?.mapped) this.wm.seat()?.setKeyboardFocus(next.surface);
    else if (this.wm.focusedWindow === win && win.mapped) this.wm.seat()?.setKeyboardFocus(win.surface);
  }

  private damageTree(p: Popup): void {
    const pos = this.surfaceOrigin(p);
    if (pos) this.host.damageTree(p.surface, pos.x, pos.y);
    for (const c of p.children) this.damageTree(c);
  }
}
