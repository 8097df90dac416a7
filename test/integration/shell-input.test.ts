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

test('dragging the title bar moves the window (xdg_toplevel.move)', async () => {
  const start = fx.window(win.id);
  seat().pointerMotion(start.x + 150, start.y + 12);
  seat().pointerButton(BTN_LEFT, true);
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
  seat().pointerMotion(px, py);
  seat().pointerButton(BTN_LEFT, true);
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
  seat().pointerMotion(w.x + 200, w.y + 150);
  seat().pointerButton(BTN_RIGHT, true);
  seat().pointerButton(BTN_RIGHT, false);
  const menu = await waitFor('the menu popup', () => fx.wm.roots().find((r) => r.surface !== surface));
  assert.equal(seat().keyboardFocus, menu.surface, 'the grabbing popup has keyboard focus');
  // A click on the empty desktop dismisses it; the terminal gets the keyboard back.
  seat().pointerMotion(1270, 790);
  seat().pointerButton(BTN_LEFT, true);
  seat().pointerButton(BTN_LEFT, false);
  await waitFor('the menu to go away', () => fx.wm.roots().length === 1);
  assert.equal(seat().keyboardFocus, surface);
  assert.equal(fx.window(w.id).focused, true);
});
