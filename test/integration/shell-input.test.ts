// The window manager with real input through the seat: weston-terminal's title bar moves its
// window, its corner resizes it, and its right-click menu is a grabbing popup that a click
// elsewhere dismisses.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BTN_LEFT, BTN_RIGHT } from '../../exo-server/src/seat/seat-api.js';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { waitFor } from '../harness/poll.js';
import { startShellExo, type ShellExo } from './shell-fixture.js';

let fx: ShellExo;
let win: WindowInfo;

before(async () => {
  fx = await startShellExo('1280x800');
  fx.spawn('weston-terminal', ['--shell=/bin/sh']);
  win = await fx.waitForWindow(
    'weston-terminal',
    (w) => w.appId === 'org.freedesktop.weston.wayland-terminal',
  );
});
after(() => fx?.stop());

const seat = () => fx.exo.seat;

/**
 * Toolkits take two presses within their double-click time (250 ms in weston's toytoolkit) as
 * a double click, which on a title bar maximizes. Clicks meant as separate ones are paced like
 * a person's (this is input pacing, not a wait for a result).
 */
const DOUBLE_CLICK_MS = 300;
let lastPress = 0;
async function press(button: number): Promise<void> {
  const wait = lastPress + DOUBLE_CLICK_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  lastPress = Date.now();
  seat().pointerButton(button, true);
}

/**
 * Moves the pointer and waits until the client under it reacted (it sets a new cursor): a
 * press sent in the same instant as an enter is not always seen where it was meant.
 */
async function pointTo(x: number, y: number): Promise<void> {
  let changed = false;
  const off = seat().onCursorChanged(() => (changed = true));
  try {
    seat().pointerMotion(x, y);
    await waitFor(`the cursor to change at (${x}, ${y})`, () => changed);
  } finally {
    off();
  }
}

test('dragging the title bar moves the window (xdg_toplevel.move)', async () => {
  const start = fx.window(win.id);
  await pointTo(start.x + 150, start.y + 12);
  await press(BTN_LEFT);
  await waitFor('the client to start a move', () => fx.wm.activeGrab ?? undefined);
  seat().pointerMotion(start.x + 250, start.y + 112);
  seat().pointerButton(BTN_LEFT, false);
  assert.equal(fx.wm.activeGrab, null);
  const moved = fx.window(win.id);
  assert.deepEqual([moved.x, moved.y], [start.x + 100, start.y + 100]);
});

test('dragging the bottom-right corner resizes the window (xdg_toplevel.resize)', async () => {
  const start = fx.window(win.id);
  const px = start.x + start.width - 1;
  const py = start.y + start.height - 1;
  await pointTo(px, py);
  await press(BTN_LEFT);
  await waitFor('the client to start a resize', () => fx.wm.activeGrab ?? undefined);
  seat().pointerMotion(px + 100, py + 60);
  // The terminal snaps to character cells: it grows, by about what was asked.
  await waitFor('the window to grow', () => {
    const w = fx.window(win.id);
    return w.width > start.width + 80 && w.height > start.height + 40;
  });
  seat().pointerButton(BTN_LEFT, false);
  assert.equal(fx.wm.activeGrab, null);
  const w = fx.window(win.id);
  assert.deepEqual([w.x, w.y], [start.x, start.y], 'the top-left corner stays');
});

test('the right-click menu is a grabbing popup with keyboard focus; a click elsewhere dismisses it', async () => {
  const w = fx.window(win.id);
  const surface = fx.wm.windowSurface(w.id)!;
  await pointTo(w.x + 200, w.y + 150);
  await press(BTN_RIGHT);
  seat().pointerButton(BTN_RIGHT, false);
  const menu = await waitFor('the menu popup', () => fx.wm.roots().find((r) => r.surface !== surface));
  assert.equal(seat().keyboardFocus, menu.surface, 'the grabbing popup has keyboard focus');
  // A click on the empty desktop dismisses it; the terminal gets the keyboard back.
  await pointTo(1270, 790);
  await press(BTN_LEFT);
  seat().pointerButton(BTN_LEFT, false);
  await waitFor('the menu to go away', () => fx.wm.roots().length === 1);
  assert.equal(seat().keyboardFocus, surface);
  assert.equal(fx.window(w.id).focused, true);
});

test('GTK 3: a text entry context menu grabs the keyboard and closes on a click on the desktop', async () => {
  const gtk = fx.spawn('gtk3-widget-factory', [], {
    GSK_RENDERER: 'cairo',
    GDK_BACKEND: 'wayland',
    NO_AT_BRIDGE: '1',
    GTK_A11Y: 'none',
  });
  try {
    const w = await fx.waitForWindow('gtk3-widget-factory', (x) => x.appId === 'gtk3-widget-factory', 60_000);
    const surface = fx.wm.windowSurface(w.id)!;
    const popups = () =>
      fx.wm
        .roots()
        .filter((r) => r.surface.resource.client === surface.resource.client && r.surface !== surface);
    // The first combo box entry of the widget factory's first page (window geometry coordinates).
    await pointTo(w.x + 100, w.y + 73);
    await press(BTN_RIGHT);
    seat().pointerButton(BTN_RIGHT, false);
    const menu = await waitFor('the context menu', () => popups()[0]);
    assert.equal(seat().keyboardFocus, menu.surface);
    // Above the window (cascaded below the top edge) is the empty desktop.
    assert.ok(fx.exo.scene.surfaceAt(640, 5) === null, 'nothing at (640, 5)');
    await pointTo(640, 5);
    await press(BTN_LEFT);
    seat().pointerButton(BTN_LEFT, false);
    await waitFor('the context menu to close', () => popups().length === 0);
    assert.equal(seat().keyboardFocus, surface);
    assert.ok(gtk.running, gtk.tail());
  } finally {
    await gtk.kill();
  }
});
