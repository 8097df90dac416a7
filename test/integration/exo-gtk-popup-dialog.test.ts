// GTK 3 on exo, driven only through the control API (as a user would): a combo box menu and
// a drop-down open where their xdg_positioner puts them, next to the widget clicked, and a
// click outside closes them; the About dialog is a transient window centred on its parent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import type { Popup } from '../../exo-server/src/shell/popup.js';
import type { Rect } from '../../compositor/src/geometry/rect.js';
import { GTK_ENV } from '../harness/exo-fixture.js';
import { decodePng, type RgbaImage } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';
import { startShellExo, type ShellExo } from './shell-fixture.js';

let fx: ShellExo;
let win: WindowInfo;

before(async () => {
  fx = await startShellExo('1600x1000');
  const gtk = fx.spawn('gtk3-widget-factory', [], GTK_ENV);
  win = await fx.waitForWindow(
    'gtk3-widget-factory',
    (w) => w.appId === 'gtk3-widget-factory' && w.pid === gtk.pid,
    60_000,
  );
});
after(() => fx?.stop());

/** One control API request, with the session token. */
async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const { api: base, token } = fx.running.ready;
  const res = await fetch(`${base}${path.replace(/^\/api/, '')}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res;
}

async function screenshot(): Promise<RgbaImage> {
  return decodePng(Buffer.from(await (await api('GET', '/api/screenshot.png')).arrayBuffer()));
}

async function windows(): Promise<WindowInfo[]> {
  return (await (await api('GET', '/api/windows')).json()) as WindowInfo[];
}

/**
 * A click as a person makes it: the pointer arrives, the toolkit sees it, then the button
 * (a press in the same instant as the enter is not always taken where it was meant). Clicks
 * are spaced beyond the double-click time.
 */
let lastClick = 0;
async function click(x: number, y: number): Promise<void> {
  await api('POST', '/api/input', { type: 'pointer', x, y });
  const wait = Math.max(150, lastClick + 400 - Date.now());
  await new Promise((r) => setTimeout(r, wait));
  lastClick = Date.now();
  await api('POST', '/api/input', [
    { type: 'button', button: 'left', state: 'press' },
    { type: 'button', button: 'left', state: 'release' },
  ]);
}

/** The popups of the GTK client on screen, with their desktop position. */
function gtkPopups(): Array<{ popup: Popup; x: number; y: number }> {
  const main = fx.wm.windowSurface(win.id)!;
  return fx.wm
    .roots()
    .filter((r) => r.surface !== main && r.surface.resource.client === main.resource.client)
    .map((r) => ({ popup: fx.wm.popups.popupOf(r.surface)!, x: r.x, y: r.y }))
    .filter((p) => p.popup !== undefined);
}

/**
 * Where xdg-shell puts a popup that fits unconstrained (relative to the parent's window
 * geometry): the anchor point on the anchor rect's edge, the popup on the gravity side of it,
 * then the offset. Written from the protocol text, independently of exo's placement code.
 */
function specPlacement(p: Popup): Rect {
  const { anchorRect: a, anchor, gravity, size, offset } = p.rules;
  // xdg_positioner.anchor/gravity: 1 top, 2 bottom, 3 left, 4 right, 5 tl, 6 bl, 7 tr, 8 br.
  const horiz = (v: number) => ([3, 5, 6].includes(v) ? -1 : [4, 7, 8].includes(v) ? 1 : 0);
  const vert = (v: number) => ([1, 5, 7].includes(v) ? -1 : [2, 6, 8].includes(v) ? 1 : 0);
  const point = (start: number, len: number, side: number) =>
    side < 0 ? start : side > 0 ? start + len : start + Math.floor(len / 2);
  const place = (pt: number, len: number, side: number) =>
    side < 0 ? pt - len : side > 0 ? pt : pt - Math.floor(len / 2);
  return {
    x: place(point(a.x, a.width, horiz(anchor)), size.width, horiz(gravity)) + offset.x,
    y: place(point(a.y, a.height, vert(anchor)), size.height, vert(gravity)) + offset.y,
    width: size.width,
    height: size.height,
  };
}

/** Fraction of the pixels of `r` (desktop pixels) that differ between two screenshots. */
function changed(a: RgbaImage, b: RgbaImage, r: Rect): number {
  let diff = 0;
  for (let y = r.y; y < r.y + r.height; y++)
    for (let x = r.x; x < r.x + r.width; x++) {
      const i = (y * a.width + x) * 4;
      if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2])
        diff++;
    }
  return diff / (r.width * r.height);
}

/**
 * Clicks the widget at window-geometry point (wx, wy), checks the menu it opens against its
 * positioner and the screen, then clicks the empty desktop and checks the menu went away.
 * Returns the popup's placement relative to the window geometry.
 */
async function openAndDismiss(wx: number, wy: number, what: string): Promise<{ rect: Rect; anchor: Rect }> {
  try {
    return await openAndDismissOnce(wx, wy, what);
  } finally {
    // Whatever failed, leave no menu open for the next test.
    if (gtkPopups().length > 0) await click(1590, 990);
  }
}

async function openAndDismissOnce(
  wx: number,
  wy: number,
  what: string,
): Promise<{ rect: Rect; anchor: Rect }> {
  assert.equal(gtkPopups().length, 0, 'no popup before the click');
  const before = await screenshot();
  await click(win.x + wx, win.y + wy);
  const shown = await waitFor(`the ${what} to open`, () => gtkPopups().find((p) => p.popup.mapped), {
    timeoutMs: 10_000,
  }).catch((e: Error) => {
    throw new Error(`${e.message}\n${fx.report()}`);
  });
  const { popup } = shown;
  assert.equal(popup.window.surface, fx.wm.windowSurface(win.id), 'a popup of the main window');
  assert.ok(popup.grabbing, 'a grabbing popup (a menu)');
  const anchor = popup.rules.anchorRect;
  // The anchor GTK gave is the widget clicked (a combo's entry, left of its arrow button).
  const gap = Math.max(anchor.x - wx, wx - (anchor.x + anchor.width), 0);
  assert.ok(
    wy >= anchor.y && wy < anchor.y + anchor.height && gap <= 40,
    `the click (${wx}, ${wy}) is on the anchor rect ${JSON.stringify(anchor)} or its button`,
  );
  // Placed where the positioner says (it fits on this desktop, so no adjustment applies)...
  const expected = specPlacement(popup);
  assert.ok(win.x + expected.x >= 0 && win.y + expected.y + expected.height <= 1000, 'fits unconstrained');
  assert.deepEqual(popup.rect, expected, `${what} placement (positioner ${JSON.stringify(popup.rules)})`);
  // ...which on the desktop is the parent window's position plus that placement.
  assert.deepEqual(
    [shown.x + popup.geometry.x, shown.y + popup.geometry.y],
    [win.x + expected.x, win.y + expected.y],
    'desktop position of the popup window geometry',
  );
  // And it is drawn there.
  const after = await screenshot();
  const area = {
    x: win.x + expected.x,
    y: win.y + expected.y,
    width: expected.width,
    height: expected.height,
  };
  assert.ok(changed(before, after, area) > 0.2, `the ${what} is drawn at ${JSON.stringify(area)}`);

  // A click on the empty desktop dismisses it, and the window keeps the keyboard.
  assert.equal(fx.exo.scene.surfaceAt(1590, 990), null, 'nothing at (1590, 990)');
  await click(1590, 990);
  await waitFor(`the ${what} to close`, () => gtkPopups().length === 0, { timeoutMs: 10_000 });
  assert.equal(fx.exo.seat?.keyboardFocus, fx.wm.windowSurface(win.id));
  return { rect: popup.rect, anchor };
}

test('the combo box entry drop-down opens right below the entry and closes on a click outside', async () => {
  // The arrow of the first combo box entry (window-geometry coordinates, Adwaita at scale 1).
  const { rect, anchor } = await openAndDismiss(354, 73, 'drop-down');
  assert.equal(rect.y, anchor.y + anchor.height, 'its top edge touches the bottom of the entry');
  assert.equal(rect.x, anchor.x, 'left-aligned with the entry');
});

test('the combo box menu opens over the combo box (as GTK positions it) and closes on a click outside', async () => {
  // The "Andrea" combo box: GTK puts the menu over it, the current item over the button.
  const { rect, anchor } = await openAndDismiss(471, 249, 'combo box menu');
  assert.ok(
    rect.y <= anchor.y + anchor.height && rect.y + rect.height >= anchor.y,
    'overlaps the combo vertically',
  );
  assert.equal(rect.x, anchor.x);
});

test('the About dialog is a transient window of the main one, centred on it', async () => {
  // The primary menu (☰ at the right of the header bar) is a popover inside the window.
  const before = await screenshot();
  await click(win.x + win.width - 72, win.y + 22);
  const menu = { x: win.x + win.width - 180, y: win.y + 50, width: 160, height: 190 };
  await waitFor('the primary menu to show', async () => changed(before, await screenshot(), menu) > 0.2);
  // Its last item, "About Widget Factory".
  await click(win.x + win.width - 111, win.y + 220);
  const dialog = await waitFor(
    'the About dialog',
    async () => (await windows()).find((w) => w.parent === win.id),
    {
      timeoutMs: 15_000,
    },
  );
  const parent = (await windows()).find((w) => w.id === win.id)!;
  assert.match(dialog.title, /About/);
  assert.equal(dialog.parent, parent.id);
  assert.ok(dialog.focused, 'the dialog has the focus');
  const dx = dialog.x + dialog.width / 2 - (parent.x + parent.width / 2);
  const dy = dialog.y + dialog.height / 2 - (parent.y + parent.height / 2);
  assert.ok(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, `centred on its parent (off by ${dx}, ${dy})`);
  // It is drawn over the parent: the screenshot differs at its centre from before.
  const shot = await screenshot();
  const centre = {
    x: Math.round(dialog.x + dialog.width / 2) - 50,
    y: Math.round(dialog.y + dialog.height / 2) - 50,
    width: 100,
    height: 100,
  };
  assert.ok(changed(before, shot, centre) > 0.2, 'the dialog is drawn at its place');
  // Closing it with its window action leaves the parent alone.
  await api('POST', `/api/windows/${dialog.id}`, { action: 'close' });
  await waitFor('the dialog to close', async () => !(await windows()).some((w) => w.id === dialog.id));
  assert.ok((await windows()).some((w) => w.id === win.id));
});
