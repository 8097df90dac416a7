import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PointerGrab } from '../seat/seat-api.js';
import { clientA, fakeSurface, GRAB_SERIAL, setup } from './window-manager.fixture.js';
import { EDGE_LEFT, EDGE_TOP } from './window.js';

// The window manager's policy: placement, focus, states, interactive grabs, output changes.
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
