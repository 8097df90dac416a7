import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PopupRules } from './popup.js';
import { Anchor, Gravity } from './positioner-geometry.js';
import { clientB, FakePopup, fakeSurface, GRAB_SERIAL, setup } from './window-manager.fixture.js';

// Popups under the window manager: placement, grabs, keyboard focus and dismissal.
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
