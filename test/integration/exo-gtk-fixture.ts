/**
 * Fixture for the GTK behaviour tests: exo in-process (so a test can read the positioner a
 * popup was placed with) on a large desktop, one GTK widget factory, and input and screenshots
 * through the control API only, as a user or an automation script would drive it.
 */
import assert from 'node:assert/strict';
import type { Rect } from '../../compositor/src/geometry/rect.js';
import type { Popup } from '../../exo-server/src/shell/popup.js';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { GTK_ENV } from '../harness/exo-fixture.js';
import { decodePng, type RgbaImage } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';
import { startShellExo, type ShellExo } from './shell-fixture.js';

export const DESKTOP = { width: 1600, height: 1000 };

export interface GtkExo {
  fx: ShellExo;
  /** The widget factory's main window, as listed when it mapped. */
  win: WindowInfo;
  api(method: string, path: string, body?: unknown): Promise<Response>;
  screenshot(): Promise<RgbaImage>;
  windows(): Promise<WindowInfo[]>;
  /** A left click at desktop (x, y). */
  click(x: number, y: number): Promise<void>;
  /** Presses and releases a key (KeyboardEvent.code). */
  key(code: string): Promise<void>;
  /** The GTK client's popups on screen, with the desktop position of their surface. */
  popups(): Array<{ popup: Popup; x: number; y: number }>;
  stop(): Promise<void>;
}

export async function startGtk(command: string, appId: string): Promise<GtkExo> {
  const fx = await startShellExo(`${DESKTOP.width}x${DESKTOP.height}`);
  try {
    const gtk = fx.spawn(command, [], GTK_ENV);
    const win = await fx.waitForWindow(command, (w) => w.appId === appId && w.pid === gtk.pid, 60_000);
    const { api: base, token } = fx.running.ready;
    const api = async (method: string, path: string, body?: unknown): Promise<Response> => {
      const res = await fetch(`${base}${path.replace(/^\/api/, '')}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      assert.equal(res.status, 200, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
      return res;
    };
    let lastClick = 0;
    return {
      fx,
      win,
      api,
      screenshot: async () =>
        decodePng(Buffer.from(await (await api('GET', '/api/screenshot.png')).arrayBuffer())),
      windows: async () => (await (await api('GET', '/api/windows')).json()) as WindowInfo[],
      // A click as a person makes it: the pointer arrives and the toolkit sees it before the
      // button (a press in the same instant as the enter is not always taken where it was
      // meant), and clicks are spaced beyond the double-click time.
      click: async (x, y) => {
        await api('POST', '/api/input', { type: 'pointer', x, y });
        await new Promise((r) => setTimeout(r, Math.max(150, lastClick + 400 - Date.now())));
        lastClick = Date.now();
        await api('POST', '/api/input', [
          { type: 'button', button: 'left', state: 'press' },
          { type: 'button', button: 'left', state: 'release' },
        ]);
      },
      key: async (code) => {
        await api('POST', '/api/input', [
          { type: 'key', code, state: 'press' },
          { type: 'key', code, state: 'release' },
        ]);
      },
      popups: () => {
        const main = fx.wm.windowSurface(win.id)!;
        return fx.wm
          .roots()
          .filter((r) => r.surface !== main && r.surface.resource.client === main.resource.client)
          .map((r) => ({ popup: fx.wm.popups.popupOf(r.surface)!, x: r.x, y: r.y }))
          .filter((p) => p.popup !== undefined);
      },
      stop: () => fx.stop(),
    };
  } catch (e) {
    await fx.stop();
    throw e;
  }
}

// xdg_positioner.anchor and .gravity: 1 top, 2 bottom, 3 left, 4 right, 5 top-left,
// 6 bottom-left, 7 top-right, 8 bottom-right; constraint_adjustment: 1 slide_x, 2 slide_y,
// 4 flip_x, 8 flip_y.
const horizontal = (v: number): number => ([3, 5, 6].includes(v) ? -1 : [4, 7, 8].includes(v) ? 1 : 0);
const vertical = (v: number): number => ([1, 5, 7].includes(v) ? -1 : [2, 6, 8].includes(v) ? 1 : 0);

/** One axis: anchor point on the anchor rect's edge, popup on the gravity side, offset. */
function axis(
  start: number,
  len: number,
  anchorSide: number,
  gravitySide: number,
  size: number,
  offset: number,
): number {
  const point = anchorSide < 0 ? start : anchorSide > 0 ? start + len : start + Math.floor(len / 2);
  return (gravitySide < 0 ? point - size : gravitySide > 0 ? point : point - Math.floor(size / 2)) + offset;
}

/**
 * Where xdg-shell puts a popup, relative to the parent's window geometry, written from the
 * protocol text independently of exo's placement code: the unconstrained position, then per
 * axis, if it leaves the desktop, flip (kept if the flipped one fits) and slide. Returns null
 * when only a resize would make it fit (not modelled here).
 */
export function specPlacement(p: Popup, parentX: number, parentY: number): Rect | null {
  const { anchorRect: a, anchor, gravity, size, offset, constraintAdjustment: adj } = p.rules;
  const place = (
    start: number,
    len: number,
    aSide: number,
    gSide: number,
    sz: number,
    off: number,
    origin: number,
    hi: number,
    flip: boolean,
    slide: boolean,
  ): number | null => {
    const out = (pos: number): boolean => origin + pos < 0 || origin + pos + sz > hi;
    const pos = axis(start, len, aSide, gSide, sz, off);
    if (!out(pos)) return pos;
    const flipped = axis(start, len, -aSide, -gSide, sz, off);
    if (flip && !out(flipped)) return flipped;
    if (!slide) return null;
    const slid = Math.max(-origin, Math.min(pos, hi - origin - sz));
    return out(slid) ? null : slid;
  };
  const x = place(
    a.x,
    a.width,
    horizontal(anchor),
    horizontal(gravity),
    size.width,
    offset.x,
    parentX,
    DESKTOP.width,
    (adj & 4) !== 0,
    (adj & 1) !== 0,
  );
  const y = place(
    a.y,
    a.height,
    vertical(anchor),
    vertical(gravity),
    size.height,
    offset.y,
    parentY,
    DESKTOP.height,
    (adj & 8) !== 0,
    (adj & 2) !== 0,
  );
  return x === null || y === null ? null : { x, y, width: size.width, height: size.height };
}

/** Fraction of the pixels of `r` (desktop pixels) that differ between two screenshots. */
export function changed(a: RgbaImage, b: RgbaImage, r: Rect): number {
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
 * Clicks the widget at window-geometry point (wx, wy) and checks the menu it opens: a grabbing
 * popup of the main window, anchored at the widget clicked, placed where its positioner says,
 * drawn there. Then clicks the empty desktop at (outX, outY) and checks it closed and the
 * window kept the keyboard. Returns the placement (window-geometry relative) and the anchor.
 */
export async function openAndDismiss(
  g: GtkExo,
  wx: number,
  wy: number,
  what: string,
  outside: { x: number; y: number },
): Promise<{ rect: Rect; anchor: Rect }> {
  try {
    return await openAndDismissOnce(g, wx, wy, what, outside);
  } finally {
    // Whatever failed, leave no menu open for the next test.
    if (g.popups().length > 0) await g.click(outside.x, outside.y);
  }
}

async function openAndDismissOnce(
  g: GtkExo,
  wx: number,
  wy: number,
  what: string,
  outside: { x: number; y: number },
): Promise<{ rect: Rect; anchor: Rect }> {
  const { fx, win } = g;
  assert.equal(g.popups().length, 0, 'no popup before the click');
  const before = await g.screenshot();
  await g.click(win.x + wx, win.y + wy);
  const shown = await waitFor(`the ${what} to open`, () => g.popups().find((p) => p.popup.mapped), {
    timeoutMs: 10_000,
  }).catch((e: Error) => {
    throw new Error(`${e.message}\n${fx.report()}`);
  });
  const { popup } = shown;
  assert.equal(popup.window.surface, fx.wm.windowSurface(win.id), 'a popup of the main window');
  assert.ok(popup.grabbing, 'a grabbing popup (a menu)');
  const anchor = popup.rules.anchorRect;
  // The anchor GTK gave is the widget clicked (for a combo box, its entry left of the arrow).
  const gap = Math.max(anchor.x - wx, wx - (anchor.x + anchor.width), 0);
  assert.ok(
    wy >= anchor.y && wy < anchor.y + anchor.height && gap <= 40,
    `the click (${wx}, ${wy}) is on the anchor rect ${JSON.stringify(anchor)} or its button`,
  );
  // Placed where the positioner says...
  const expected = specPlacement(popup, win.x, win.y);
  assert.ok(expected, `the ${what} fits without a resize`);
  assert.deepEqual(popup.rect, expected, `${what} placement (positioner ${JSON.stringify(popup.rules)})`);
  // ...which on the desktop is the parent window's position plus that placement...
  assert.deepEqual(
    [shown.x + popup.geometry.x, shown.y + popup.geometry.y],
    [win.x + expected.x, win.y + expected.y],
    'desktop position of the popup window geometry',
  );
  // ...and it is drawn there.
  const after = await g.screenshot();
  const area = {
    x: win.x + expected.x,
    y: win.y + expected.y,
    width: expected.width,
    height: expected.height,
  };
  assert.ok(changed(before, after, area) > 0.2, `the ${what} is drawn at ${JSON.stringify(area)}`);

  // A click on the empty desktop dismisses it, and the window keeps the keyboard.
  assert.equal(fx.exo.scene.surfaceAt(outside.x, outside.y), null, `nothing at ${JSON.stringify(outside)}`);
  await g.click(outside.x, outside.y);
  await waitFor(`the ${what} to close`, () => g.popups().length === 0, { timeoutMs: 10_000 });
  assert.equal(fx.exo.seat?.keyboardFocus, fx.wm.windowSurface(win.id));
  return { rect: popup.rect, anchor };
}

/** Waits for a transient window of the main one and checks it is centred on it and drawn. */
export async function assertCentredDialog(g: GtkExo, before: RgbaImage, title: RegExp): Promise<WindowInfo> {
  const dialog = await waitFor(
    'the dialog',
    async () => (await g.windows()).find((w) => w.parent === g.win.id),
    {
      timeoutMs: 15_000,
    },
  );
  const parent = (await g.windows()).find((w) => w.id === g.win.id)!;
  assert.match(dialog.title, title);
  assert.equal(dialog.parent, parent.id);
  assert.ok(dialog.focused, 'the dialog has the focus');
  const dx = dialog.x + dialog.width / 2 - (parent.x + parent.width / 2);
  const dy = dialog.y + dialog.height / 2 - (parent.y + parent.height / 2);
  assert.ok(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, `centred on its parent (off by ${dx}, ${dy})`);
  const shot = await g.screenshot();
  const centre = {
    x: Math.round(dialog.x + dialog.width / 2) - 50,
    y: Math.round(dialog.y + dialog.height / 2) - 50,
    width: 100,
    height: 100,
  };
  assert.ok(changed(before, shot, centre) > 0.2, 'the dialog is drawn at its place');
  return dialog;
}
