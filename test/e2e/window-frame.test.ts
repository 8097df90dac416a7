// Moving and sizing windows in the page. The frame the page draws for a server-side-decorated
// window (foot asks for one through xdg-decoration): dragging its title bar moves the window,
// the maximize button maximizes it (the client gets the maximized configure and fills the
// desktop), its title bar then waits at the top edge, and the resize handle and minimize work.
// Client-side-decorated windows move through xdg_toplevel.move from their own title bar.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { type ExoProcess } from '../harness/exo-fixture.js';
import { countPixelsNot } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';
import {
  openDesktop,
  pageShot,
  TITLEBAR_HEIGHT,
  viewSelector,
  waitForWindowDrawn,
  windowArea,
  type DesktopPage,
  launchBrowserAndExo,
} from './browser-fixture.js';

const WESTON_TERMINAL = 'org.freedesktop.weston.wayland-terminal';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Waits until the element `selector` of the page has a bounding box `ok` accepts. */
async function waitForBox(page: Page, selector: string, what: string, ok: (b: Box) => boolean): Promise<Box> {
  let last: Box | null = null;
  const deadline = Date.now() + 10_000;
  for (;;) {
    last = await page.evaluate((sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null;
    }, selector);
    if (last && ok(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${selector} is at ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('moving and sizing windows in the page', () => {
  let browser: Browser;
  let exo: ExoProcess;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  /** Starts a client, waits for its window to be drawn in the page; the window as mapped. */
  async function show(
    desk: DesktopPage,
    appId: string,
    command: string,
    args: string[],
  ): Promise<{ win: WindowInfo; kill: () => Promise<unknown>; fail: (e: Error) => never }> {
    const client = exo.spawnClient(command, args);
    const fail = (e: Error): never => {
      throw new Error(`${e.message}\npage: ${desk.errors.join('\n')}\n${exo.clientReport()}`);
    };
    const mapped = await exo
      .waitForWindow((w) => w.appId === appId && w.pid === client.pid, 30_000, `the ${command} window`)
      .catch(fail);
    await waitForWindowDrawn(desk.page, mapped.id).catch(fail);
    const win = (await exo.windows()).find((w) => w.id === mapped.id)!;
    return { win, kill: () => client.kill(), fail };
  }

  test('foot: drag the title bar, maximize, restore, resize, minimize through the frame', async () => {
    const desk = await openDesktop(browser, exo, { viewport: { width: 1280, height: 800 } });
    const { page } = desk;
    const { win, kill, fail } = await show(desk, 'foot', 'foot', ['-o', 'cursor.blink=no']);
    try {
      assert.ok(win.decorated, 'foot asks for server-side decorations');
      const until = (what: string, ok: (w: WindowInfo) => boolean): Promise<WindowInfo> =>
        exo.waitForWindow((w) => w.id === win.id && ok(w), 10_000, what).catch(fail);
      const view = viewSelector(win.id);

      // Drag the title bar by (+150, +90) in steps, as a hand would.
      const grab = { x: win.x + 200, y: win.y - TITLEBAR_HEIGHT / 2 };
      await page.mouse.move(grab.x, grab.y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(grab.x + i * 15, grab.y + i * 9);
      await page.mouse.up();
      const moved = await until(
        `foot to move to (${win.x + 150}, ${win.y + 90})`,
        (w) => Math.abs(w.x - (win.x + 150)) <= 1 && Math.abs(w.y - (win.y + 90)) <= 1,
      );
      assert.equal(moved.width, win.width, 'moving keeps the size');
      // The page shows it where exo has it.
      await waitForBox(
        page,
        `${view} canvas`,
        'the canvas at the new position',
        (b) => b.left === moved.x && b.top === moved.y,
      ).catch(fail);

      // Maximize button: the client acknowledges the maximized state and fills the desktop.
      await page.locator(`${view} > .frame button.maximize`).click();
      const max = await until(
        'foot to be maximized at 1280x800',
        (w) => w.maximized && w.width === 1280 && w.height === 800,
      );
      assert.deepEqual({ x: max.x, y: max.y }, { x: 0, y: 0 });
      // foot drew a buffer of the new size, and the page shows it.
      await page
        .waitForFunction(
          (sel) => {
            const c = document.querySelector<HTMLCanvasElement>(`${sel} canvas`);
            return c !== null && c.width === 1280 && c.height === 800;
          },
          view,
          { timeout: 10_000 },
        )
        .catch(fail);

      // The title bar of a maximized window waits above the top edge, and slides in there.
      await page.mouse.move(640, 400);
      const bar = `${view} > .frame > .titlebar`;
      await waitForBox(page, bar, 'the title bar above the page', (b) => b.bottom <= 0).catch(fail);
      await page.mouse.move(640, 1);
      await waitForBox(page, bar, 'the title bar revealed', (b) => b.top === 0).catch(fail);
      await page.mouse.move(640, 15);
      await page.mouse.dblclick(640, 15);
      const restored = await until('foot to be restored', (w) => !w.maximized && w.width === win.width);
      assert.equal(restored.height, win.height, 'restoring brings back the size before maximize');

      // The resize handle at the bottom-right corner: foot takes the size it is offered.
      const corner = { x: restored.x + restored.width, y: restored.y + restored.height };
      await waitForBox(
        page,
        `${view} .resize-handle`,
        'the resize handle at the corner',
        (b) => b.left < corner.x && corner.x < b.right && b.top < corner.y && corner.y < b.bottom,
      ).catch(fail);
      await page.mouse.move(corner.x, corner.y);
      await page.mouse.down();
      for (let i = 1; i <= 5; i++) await page.mouse.move(corner.x + i * 20, corner.y + i * 10);
      await page.mouse.up();
      await until(
        `foot to grow to about ${win.width + 100}x${win.height + 50}`,
        (w) => Math.abs(w.width - (win.width + 100)) <= 2 && Math.abs(w.height - (win.height + 50)) <= 2,
      );

      // Minimize from the frame hides it; its shelf button brings it back.
      await page.locator(`${view} > .frame button.minimize`).click();
      await until('foot to be minimized', (w) => w.minimized);
      await page.locator(view).waitFor({ state: 'detached', timeout: 10_000 });
      await page.locator(`#shelf button[data-window="${win.id}"]`).click();
      const back = await until('foot to be restored and focused', (w) => !w.minimized && w.focused);
      await waitForWindowDrawn(page, win.id).catch(fail);
      // All of it: the page dropped its canvas while it was minimized, so exo sends it whole
      // (else the frame's own colour, #3b4252, would show where foot did not redraw).
      let frameColoured = -1;
      await waitFor(
        'the restored window to be drawn whole',
        async () => {
          const shot = await pageShot(page, windowArea(back));
          frameColoured =
            shot.width * shot.height - countPixelsNot(shot, [0x3b, 0x42, 0x52, 255], undefined, 3);
          return frameColoured === 0;
        },
        { timeoutMs: 5000 },
      ).catch((e: Error) => fail(new Error(`${e.message}: ${frameColoured} pixels show the frame`)));
      assert.deepEqual(desk.errors, []);
    } finally {
      await kill();
      await desk.close();
    }
  });

  test("a title bar under another window's drop shadow can still be grabbed", async () => {
    const desk = await openDesktop(browser, exo, { viewport: { width: 1280, height: 800 } });
    const { page } = desk;
    // foot, and weston-terminal, which draws a 32-pixel shadow outside its input region.
    const foot = await show(desk, 'foot', 'foot', []);
    const wt = await show(desk, WESTON_TERMINAL, 'weston-terminal', []);
    const fail = foot.fail;
    try {
      await exo.act(foot.win.id, { action: 'move', x: 100, y: 100 });
      // weston-terminal's top edge just below foot's title bar: its shadow covers the bar.
      await exo.act(wt.win.id, { action: 'move', x: 100, y: 101 });
      await exo.act(wt.win.id, { action: 'activate' });
      const grab = { x: 150, y: 100 - TITLEBAR_HEIGHT / 2 };
      // Wait until the page shows that: foot's bar under the point, and weston-terminal's
      // surface (shadow included) over it, stacked above foot.
      await page
        .waitForFunction(
          ([footSel, wtSel, x, y]) => {
            const inside = (r: DOMRect | undefined): boolean =>
              r !== undefined && r.left <= x && x < r.right && r.top <= y && y < r.bottom;
            const footView = document.querySelector<HTMLElement>(footSel);
            const wtView = document.querySelector<HTMLElement>(wtSel);
            return (
              inside(footView?.querySelector('.titlebar')?.getBoundingClientRect()) &&
              inside(wtView?.querySelector('canvas')?.getBoundingClientRect()) &&
              Number(wtView!.style.zIndex) > Number(footView!.style.zIndex)
            );
          },
          [viewSelector(foot.win.id), viewSelector(wt.win.id), grab.x, grab.y] as const,
          { timeout: 10_000 },
        )
        .catch(fail);
      const target = await page.evaluate(
        ([x, y]) => {
          const e = document.elementFromPoint(x, y);
          return e?.closest('.titlebar')?.textContent ?? `${e?.outerHTML.slice(0, 100)}`;
        },
        [grab.x, grab.y] as const,
      );
      assert.match(target ?? '', /^foot/, "foot's title bar is what the pointer hits there");
      await page.mouse.move(grab.x, grab.y);
      await page.mouse.down();
      for (let i = 1; i <= 5; i++) await page.mouse.move(grab.x + i * 8, grab.y + i * 6);
      await page.mouse.up();
      await exo
        .waitForWindow(
          (w) => w.id === foot.win.id && w.x === 140 && w.y === 130,
          10_000,
          'foot to move to (140, 130)',
        )
        .catch(fail);
      assert.deepEqual(desk.errors, []);
    } finally {
      await Promise.all([foot.kill(), wt.kill()]);
      await desk.close();
    }
  });

  test('a client-side-decorated window moves by its own title bar (xdg_toplevel.move)', async () => {
    const desk = await openDesktop(browser, exo, { viewport: { width: 1280, height: 800 } });
    const { page } = desk;
    const { win, kill, fail } = await show(desk, WESTON_TERMINAL, 'weston-terminal', []);
    try {
      await exo.act(win.id, { action: 'move', x: 200, y: 150 });
      await waitForBox(
        page,
        `${viewSelector(win.id)} > .hit`,
        'weston-terminal at (200, 150)',
        (b) => b.left === 200 && b.top === 150,
      ).catch(fail);
      // weston-terminal draws its title bar in its top pixels; a press there asks exo to move it.
      const grab = { x: 200 + 150, y: 150 + 12 };
      await page.mouse.move(grab.x, grab.y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(grab.x + i * 10, grab.y + i * 8);
      await page.mouse.up();
      await exo
        .waitForWindow(
          (w) => w.id === win.id && Math.abs(w.x - 300) <= 10 && Math.abs(w.y - 230) <= 8,
          10_000,
          'weston-terminal to move by about (100, 80)',
        )
        .catch(fail);
      assert.deepEqual(desk.errors, []);
    } finally {
      await kill();
      await desk.close();
    }
  });
});
