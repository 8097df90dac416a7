import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import type { PointerGrab, SeatApi } from '../seat/seat-api.js';
import { Surface, type SurfaceHost } from '../surface/surface.js';
import type { PopupHandle, PopupRules } from './popup.js';
import { Anchor, Gravity } from './positioner-geometry.js';
import { WindowManager } from './window-manager.js';
import { EDGE_LEFT, EDGE_TOP, type ToplevelHandle, type Window } from './window.js';

// The window manager's policy, driven the way the xdg-shell modules drive it, with fake
// surfaces, a fake seat and fake protocol objects that record what would be sent.

const surfaceHost: SurfaceHost = { damage() {}, wantFrame() {}, destroyed() {} };
const clientA = { credentials: { pid: 100, uid: 0, gid: 0 } };
const clientB = { credentials: { pid: 200, uid: 0, gid: 0 } };

function fakeSurface(client: object = clientA): Surface {
  return new Surface({ client, id: 3 } as unknown as WlSurfaceResource, surfaceHost);
}

class FakeToplevel implements ToplevelHandle {
  configures = 0;
  closes = 0;
  pings = 0;
  unresponsive = false;
  constructor(readonly surface: Surface) {}
  scheduleConfigure(): void {
    this.configures++;
  }
  sendClose(): void {
    this.closes++;
  }
  ping(): void {
    this.pings++;
  }
}

class FakePopup implements PopupHandle {
  configures = 0;
  done = 0;
  constructor(readonly surface: Surface) {}
  scheduleConfigure(): void {
    this.configures++;
  }
  sendDone(): void {
    this.done++;
  }
}

const GRAB_SERIAL = 42;

class FakeSeat {
  pointerX = 0;
  pointerY = 0;
  keyboardFocus: Surface | null = null;
  grab: PointerGrab | null = null;
  refreshes = 0;
  setKeyboardFocus(s: Surface | null): void {
    this.keyboardFocus = s;
  }
  refreshPointerFocus(): void {
    this.refreshes++;
  }
  startPointerGrab(g: PointerGrab): void {
    this.grab = g;
  }
  endPointerGrab(g: PointerGrab): void {
    if (this.grab === g) this.grab = null;
  }
  validGrabSerial(_s: Surface, serial: number): boolean {
    return serial === GRAB_SERIAL;
  }
}

function setup(width = 1000, height = 800) {
  const seat = new FakeSeat();
  const damage: Array<{ x: number; y: number }> = [];
  const output = { width, height };
  const wm = new WindowManager({
    output,
    damageTree: (_s, x, y) => damage.push({ x, y }),
    seat: () => seat as unknown as SeatApi,
  });
  /** Acks the configure the window would get now and commits at the size it asks (or `size`). */
  const commit = (win: Window, size?: { width: number; height: number }) => {
    const c = wm.configureFor(win);
    const w = size?.width ?? (c.width || win.geometry.width);
    const h = size?.height ?? (c.height || win.geometry.height);
    const state = {
      geometry: { x: 0, y: 0, width: w, height: h },
      minSize: win.minSize,
      maxSize: win.maxSize,
    };
    wm.windowCommitted(win, state, c);
  };
  /** A client that maps a window of `width`×`height`, as after the initial configure. */
  const open = (width: number, height: number, client: object = clientA, parent: Window | null = null) => {
    const handle = new FakeToplevel(fakeSurface(client));
    const win = wm.createWindow(handle);
    if (parent) wm.setParent(win, parent);
    commit(win, { width, height });
    wm.mapWindow(win);
    return { win, handle };
  };
  return { wm, seat, damage, output, commit, open };
}

test('new windows cascade from (32, 32) and wrap before leaving the screen', () => {
  const { open } = setup(400, 300);
  const a = open(200, 100).win;
  const b = open(200, 100).win;
  const c = open(200, 100).win;
  assert.deepEqual([a.x, a.y, b.x, b.y, c.x, c.y], [32, 32, 64, 64, 96, 96]);
  // Then y = 128, 160, 192 (192 + 100 still fits in 300); 224 + 100 would not: back to 32.
  const more = [0, 1, 2, 3].map(() => open(200, 100).win);
  assert.deepEqual(
    more.map((w) => [w.x, w.y]),
    [
      [128, 128],
      [160, 160],
      [192, 192],
      [32, 32],
    ],
  );
  assert.deepEqual([a.id, b.id, c.id], [1, 2, 3]);
});

test('a window bigger than the screen is placed at the top-left corner', () => {
  const { open } = setup(400, 300);
  const w = open(500, 200).win;
  assert.deepEqual([w.x, w.y], [0, 32]);
});

test('a transient is centred on its parent and stays above it', () => {
  const { wm, open } = setup();
  const parent = open(400, 300).win;
  const other = open(100, 100).win;
  const dialog = open(200, 100, clientA, parent).win;
  assert.deepEqual([dialog.x, dialog.y], [32 + 100, 32 + 100]);
  assert.equal(dialog.parent, parent);
  assert.equal(wm.info(dialog).parent, parent.id);
  // Raising the parent raises its dialog along with it, dialog on top.
  wm.pointerPressed(other.surface);
  assert.deepEqual(wm.stacking(), [parent, dialog, other]);
  wm.pointerPressed(parent.surface);
  assert.deepEqual(wm.stacking(), [other, parent, dialog]);
  assert.equal(wm.focusedWindow, parent);
});

test('click-to-focus raises and activates, keyboard focus follows, the background changes nothing', () => {
  const { wm, seat, open } = setup();
  const a = open(100, 100);
  const b = open(100, 100);
  assert.equal(wm.focusedWindow, b.win);
  assert.equal(seat.keyboardFocus, b.win.surface);
  assert.equal(wm.configureFor(b.win).activated, true);
  assert.ok(b.handle.pings > 0, 'the activated window is pinged');
  assert.deepEqual(
    wm.roots().map((r) => r.surface),
    [a.win.surface, b.win.surface],
  );

  // A click on a subsurface of A focuses A.
  const sub = fakeSurface();
  sub.parent = a.win.surface;
  const refreshes = seat.refreshes;
  wm.pointerPressed(sub);
  assert.equal(wm.focusedWindow, a.win);
  assert.equal(seat.keyboardFocus, a.win.surface);
  assert.equal(wm.configureFor(a.win).activated, true);
  assert.equal(wm.configureFor(b.win).activated, false);
  assert.deepEqual(wm.stacking(), [b.win, a.win]);
  assert.ok(seat.refreshes > refreshes, 'pointer focus re-evaluated after restacking');
  const infos = wm.windows();
  assert.deepEqual(
    infos.map((i) => [i.id, i.focused]),
    [
      [b.win.id, false],
      [a.win.id, true],
    ],
  );

  wm.pointerPressed(null);
  assert.equal(wm.focusedWindow, a.win);
});

test('a new window-geometry offset keeps the surface still; roots are at the surface origin', () => {
  const { wm, commit, open } = setup();
  const { win } = open(100, 100);
  const state = {
    geometry: { x: 10, y: 20, width: 80, height: 60 },
    minSize: win.minSize,
    maxSize: win.maxSize,
  };
  const before = { x: win.x, y: win.y };
  const origin = { x: wm.roots()[0]!.x, y: wm.roots()[0]!.y };
  wm.windowCommitted(win, state, null);
  // The surface stays where it was; the geometry corner moves by the new offset.
  assert.deepEqual([win.x, win.y], [before.x + 10, before.y + 20]);
  assert.deepEqual(wm.roots()[0], { surface: win.surface, x: origin.x, y: origin.y });
  assert.deepEqual([win.x - 10, win.y - 20], [origin.x, origin.y]);
  commit(win);
  assert.deepEqual(wm.info(win).width, 80);
});

test('maximize fills the output and unmaximize restores the previous geometry', () => {
  const { wm, commit, open, output } = setup();
  const { win, handle } = open(300, 200);
  wm.moveWindow(win, 150, 120);
  const n = handle.configures;
  wm.act(win.id, { action: 'maximize' });
  assert.ok(handle.configures > n);
  const c = wm.configureFor(win);
  assert.deepEqual([c.width, c.height, c.maximized], [output.width, output.height, true]);
  // Nothing moves until the client commits the maximized state.
  assert.deepEqual([win.x, win.y], [150, 120]);
  commit(win);
  assert.deepEqual([win.x, win.y, win.geometry.width, win.current.maximized], [0, 0, 1000, true]);
  assert.equal(wm.info(win).maximized, true);

  wm.act(win.id, { action: 'unmaximize' });
  const u = wm.configureFor(win);
  assert.deepEqual([u.width, u.height, u.maximized], [300, 200, false]);
  commit(win);
  assert.deepEqual([win.x, win.y, win.geometry.width, win.geometry.height], [150, 120, 300, 200]);
  assert.equal(win.current.maximized, false);
  // Later configures (e.g. activation) leave the size to the client, not a stale request.
  commit(win, { width: 320, height: 210 });
  assert.deepEqual([wm.configureFor(win).width, wm.configureFor(win).height], [0, 0]);
});

test('fullscreen: the whole output, a smaller surface is centred; back to maximized after', () => {
  const { wm, commit, open } = setup();
  const { win } = open(300, 200);
  wm.setMaximized(win, true);
  commit(win);
  wm.setFullscreen(win, true);
  const c = wm.configureFor(win);
  assert.deepEqual([c.width, c.height, c.fullscreen, c.maximized], [1000, 800, true, true]);
  commit(win, { width: 800, height: 600 });
  assert.deepEqual([win.x, win.y], [100, 100]);
  wm.setFullscreen(win, false);
  commit(win);
  assert.deepEqual([win.x, win.y, win.current.maximized, win.current.fullscreen], [0, 0, true, false]);
});

test('minimize hides the window and moves focus; activate brings it back', () => {
  const { wm, seat, open } = setup();
  const a = open(100, 100).win;
  const b = open(100, 100).win;
  wm.act(b.id, { action: 'minimize' });
  assert.equal(wm.info(b).minimized, true);
  assert.deepEqual(
    wm.roots().map((r) => r.surface),
    [a.surface],
  );
  assert.equal(wm.focusedWindow, a);
  assert.equal(seat.keyboardFocus, a.surface);
  wm.act(b.id, { action: 'activate' });
  assert.equal(wm.info(b).minimized, false);
  assert.equal(wm.focusedWindow, b);
  assert.equal(wm.roots().length, 2);
});

test('close asks the client; unknown ids and bad arguments are clear errors', () => {
  const { wm, open } = setup();
  const { win, handle } = open(100, 100);
  wm.act(win.id, { action: 'close' });
  assert.equal(handle.closes, 1);
  assert.throws(() => wm.act(99, { action: 'close' }), /no window with id 99/);
  assert.throws(() => wm.act(win.id, { action: 'resize', width: 0, height: 10 }), /width and height/);
  assert.throws(() => wm.act(win.id, { action: 'move', x: NaN, y: 1 }), /x and y/);
  assert.throws(() => wm.act(win.id, { action: 'spin' } as never), /unknown window action/);
  wm.act(win.id, { action: 'resize', width: 640, height: 480 });
  const c = wm.configureFor(win);
  assert.deepEqual([c.width, c.height], [640, 480]);
});

test('moving damages the old and the new place and tells listeners', () => {
  const { wm, damage, open } = setup();
  const { win } = open(100, 100);
  let changes = 0;
  const off = wm.onWindowsChanged(() => changes++);
  damage.length = 0;
  wm.act(win.id, { action: 'move', x: 500, y: 400 });
  assert.deepEqual(damage, [
    { x: 32, y: 32 },
    { x: 500, y: 400 },
  ]);
  assert.equal(changes, 1);
  off();
  wm.act(win.id, { action: 'move', x: 10, y: 10 });
  assert.equal(changes, 1);
});

test('interactive move follows the pointer until the button is released', () => {
  const { wm, seat, open } = setup();
  const { win } = open(100, 100);
  seat.pointerX = 60;
  seat.pointerY = 40;
  wm.startMove(win, 7); // not a serial the client holds
  assert.equal(seat.grab, null);
  wm.startMove(win, GRAB_SERIAL);
  const grab = seat.grab as PointerGrab | null;
  assert.ok(grab);
  grab.motion(110, 60, 0);
  assert.deepEqual([win.x, win.y], [82, 52]);
  grab.button(0x110, false, 0);
  assert.equal(seat.grab, null);
});

test('interactive resize from the top-left keeps the bottom-right corner and respects the min size', () => {
  const { wm, seat, commit, open } = setup();
  const { win } = open(200, 150);
  win.minSize = { width: 150, height: 50 };
  seat.pointerX = 32;
  seat.pointerY = 32;
  wm.startResize(win, GRAB_SERIAL, EDGE_LEFT | EDGE_TOP);
  const grab = seat.grab!;
  grab.motion(12, 22, 0);
  let c = wm.configureFor(win);
  assert.deepEqual([c.width, c.height, c.resizing], [220, 160, true]);
  commit(win);
  assert.deepEqual(
    [win.x, win.y, win.x + win.geometry.width, win.y + win.geometry.height],
    [12, 22, 232, 182],
  );
  // Dragging far to the right stops at the minimum width.
  grab.motion(200, 22, 0);
  c = wm.configureFor(win);
  assert.equal(c.width, 150);
  grab.button(0x110, false, 0);
  c = wm.configureFor(win);
  assert.equal(c.resizing, false);
  commit(win);
  assert.deepEqual([win.x, win.x + win.geometry.width], [82, 232]);
  assert.equal(seat.grab, null);
});

test('unmapping the focused window focuses the next one and re-parents its transients', () => {
  const { wm, seat, open } = setup();
  const a = open(100, 100).win;
  const b = open(100, 100).win;
  const dialog = open(50, 50, clientA, b).win;
  wm.unmapWindow(b);
  assert.equal(dialog.parent, null);
  assert.equal(wm.focusedWindow, dialog);
  wm.unmapWindow(dialog);
  assert.equal(wm.focusedWindow, a);
  wm.destroyWindow(a);
  assert.equal(wm.focusedWindow, null);
  assert.equal(seat.keyboardFocus, null);
  assert.deepEqual(wm.windows(), []);
});

test('output changes reconfigure maximized windows and pull others back on screen', () => {
  const { wm, commit, open, output } = setup();
  const max = open(300, 200);
  wm.setMaximized(max.win, true);
  commit(max.win);
  const other = open(300, 200).win;
  wm.moveWindow(other, 800, 700);
  const n = max.handle.configures;
  output.width = 640;
  output.height = 480;
  wm.outputChanged();
  assert.ok(max.handle.configures > n);
  assert.deepEqual([wm.configureFor(max.win).width, wm.configureFor(max.win).height], [640, 480]);
  assert.deepEqual([other.x, other.y], [340, 280]);
});

function menuRules(): PopupRules {
  return {
    size: { width: 100, height: 50 },
    anchorRect: { x: 10, y: 10, width: 20, height: 20 },
    anchor: Anchor.bottomLeft,
    gravity: Gravity.bottomRight,
    constraintAdjustment: 0,
    offset: { x: 0, y: 0 },
    reactive: false,
  };
}

test('popups: placed under their parent, drawn above it, grabs take keyboard focus and a click elsewhere dismisses', () => {
  const { wm, seat, open } = setup();
  const other = open(100, 100, clientB).win;
  const { win } = open(300, 200);
  const pm = wm.popups;
  const menuHandle = new FakePopup(fakeSurface());
  const menu = pm.create(menuHandle, win, menuRules());
  assert.deepEqual(pm.place(menu), { x: 10, y: 30, width: 100, height: 50 });
  pm.committed(menu, { x: 0, y: 0, width: 100, height: 50 }, menu.pendingRect);
  pm.grab(menu, GRAB_SERIAL);
  pm.map(menu);
  assert.equal(seat.keyboardFocus, menu.surface);
  assert.deepEqual(wm.roots().slice(-2), [
    { surface: win.surface, x: win.x, y: win.y },
    { surface: menu.surface, x: win.x + 10, y: win.y + 30 },
  ]);
  // A submenu of the grabbing menu.
  const subHandle = new FakePopup(fakeSurface());
  const sub = pm.create(subHandle, menu, menuRules());
  pm.place(sub);
  pm.committed(sub, { x: 0, y: 0, width: 100, height: 50 }, sub.pendingRect);
  pm.grab(sub, GRAB_SERIAL);
  pm.map(sub);
  assert.equal(seat.keyboardFocus, sub.surface);
  assert.deepEqual(wm.roots().at(-1), { surface: sub.surface, x: win.x + 20, y: win.y + 60 });
  // Clicks on the client's own surfaces go through; one on another client dismisses the chain.
  wm.pointerPressed(win.surface);
  assert.equal(menuHandle.done + subHandle.done, 0);
  wm.pointerPressed(other.surface);
  assert.deepEqual([subHandle.done, menuHandle.done], [1, 1]);
  assert.equal(wm.roots().length, 2);
  assert.equal(wm.focusedWindow, other);
  assert.equal(seat.keyboardFocus, other.surface);
});

test('a popup grab without a valid serial is refused by dismissing the popup', () => {
  const { wm, open } = setup();
  const { win } = open(300, 200);
  const h = new FakePopup(fakeSurface());
  const p = wm.popups.create(h, win, menuRules());
  wm.popups.grab(p, 1);
  assert.equal(h.done, 1);
  wm.popups.map(p);
  assert.equal(wm.roots().length, 1);
});

test('destroying a grabbing popup gives keyboard focus back to its window', () => {
  const { wm, seat, open } = setup();
  const { win } = open(300, 200);
  const p = wm.popups.create(new FakePopup(fakeSurface()), win, menuRules());
  wm.popups.grab(p, GRAB_SERIAL);
  wm.popups.map(p);
  assert.equal(seat.keyboardFocus, p.surface);
  wm.popups.destroy(p);
  assert.equal(seat.keyboardFocus, win.surface);
  assert.equal(wm.roots().length, 1);
});

test('reactive popups follow their parent when it moves', () => {
  const { wm, open } = setup();
  const { win } = open(300, 200);
  const h = new FakePopup(fakeSurface());
  const p = wm.popups.create(h, win, { ...menuRules(), reactive: true, constraintAdjustment: 1 });
  wm.popups.place(p);
  wm.popups.committed(p, { x: 0, y: 0, width: 100, height: 50 }, p.pendingRect);
  wm.popups.map(p);
  wm.moveWindow(win, 920, 100);
  // Slid back inside the 1000-wide screen: x = 1000 - 100 - 920.
  assert.equal(h.configures, 1);
  assert.equal(p.pendingRect.x, -20);
});
