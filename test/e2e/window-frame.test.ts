// The page's window frame for a server-side-decorated window (foot asks for one through
// xdg-decoration): dragging the title bar moves the window, the maximize button maximizes it
// (the client gets the maximized configure and fills the desktop), and double-clicking the
// title bar of the maximized window, revealed at the top edge, restores it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import {
  launchBrowser,
  openDesktop,
  TITLEBAR_HEIGHT,
  viewSelector,
  waitForWindowDrawn,
} from './browser-fixture.js';

describe('the window frame drawn by the page', () => {
  let browser: Browser;
  let exo: ExoProcess;
  before(async () => {
    [browser, exo] = await Promise.all([launchBrowser(), startExoProcess({ web: true })]);
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  test('dragging the title bar moves foot; maximize and restore through the frame', async () => {
    const desk = await openDesktop(browser, exo, { viewport: { width: 1280, height: 800 } });
    try {
      const { page } = desk;
      exo.spawnClient('foot', ['-o', 'cursor.blink=no']);
      const fail = (e: Error): never => {
        throw new Error(`${e.message}\npage: ${desk.errors.join('\n')}\n${exo.clientReport()}`);
      };
      const first = await exo.waitForWindow((w) => w.appId === 'foot', 30_000, 'the foot window').catch(fail);
      assert.ok(first.decorated, 'foot asks for server-side decorations');
      await waitForWindowDrawn(page, first.id).catch(fail);
      const win = (await exo.windows()).find((w) => w.id === first.id)!;
      const until = (what: string, ok: (w: WindowInfo) => boolean): Promise<WindowInfo> =>
        exo.waitForWindow((w) => w.id === win.id && ok(w), 10_000, what).catch(fail);

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
      const box = await page
        .locator(`${viewSelector(win.id)} canvas`)
        .first()
        .boundingBox();
      assert.deepEqual(
        box && { x: Math.round(box.x), y: Math.round(box.y) },
        { x: moved.x, y: moved.y },
        'the window canvas is at the new position',
      );

      // Maximize button: the client acknowledges the maximized state and fills the desktop.
      await page.locator(`${viewSelector(win.id)} > .frame button.maximize`).click();
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
          viewSelector(win.id),
          { timeout: 10_000 },
        )
        .catch(fail);

      // The title bar of a maximized window hides above the top edge, and slides in there.
      const bar = page.locator(`${viewSelector(win.id)} > .frame > .titlebar`);
      const hidden = await bar.boundingBox();
      assert.ok(
        hidden && hidden.y + hidden.height <= 0,
        `the title bar is above the page: ${JSON.stringify(hidden)}`,
      );
      await page.mouse.move(640, 1);
      await page.waitForFunction(
        (sel) => {
          const b = document.querySelector(`${sel} > .frame > .titlebar`)?.getBoundingClientRect();
          return b !== undefined && b.top === 0;
        },
        viewSelector(win.id),
        { timeout: 5000 },
      );
      await page.mouse.move(640, 15);
      await page.mouse.dblclick(640, 15);
      const restored = await until('foot to be restored', (w) => !w.maximized && w.width === win.width);
      assert.equal(restored.height, win.height, 'restoring brings back the size before maximize');

      // The resize handle at the bottom-right corner: foot takes the size it is offered.
      const corner = { x: restored.x + restored.width, y: restored.y + restored.height };
      await page.mouse.move(corner.x - 2, corner.y - 2);
      await page.mouse.down();
      for (let i = 1; i <= 5; i++) await page.mouse.move(corner.x - 2 + i * 20, corner.y - 2 + i * 10);
      await page.mouse.up();
      await until(
        `foot to grow to about ${win.width + 100}x${win.height + 50}`,
        (w) => Math.abs(w.width - (win.width + 100)) <= 2 && Math.abs(w.height - (win.height + 50)) <= 2,
      );
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });
  test("a title bar under another window's drop shadow can still be grabbed", async () => {
    const desk = await openDesktop(browser, exo, { viewport: { width: 1280, height: 800 } });
    try {
      const { page } = desk;
      const fail = (e: Error): never => {
        throw new Error(`${e.message}\npage: ${desk.errors.join('\n')}\n${exo.clientReport()}`);
      };
      // foot (left from the test above, or a new one) and weston-terminal, which draws a
      // 32-pixel shadow around its window, outside its input region.
      if (!(await exo.windows()).some((w) => w.appId === 'foot')) exo.spawnClient('foot');
      exo.spawnClient('weston-terminal');
      const foot = await exo.waitForWindow((w) => w.appId === 'foot', 30_000, 'foot').catch(fail);
      const wt = await exo
        .waitForWindow(
          (w) => w.appId === 'org.freedesktop.weston.wayland-terminal',
          30_000,
          'weston-terminal',
        )
        .catch(fail);
      await waitForWindowDrawn(page, wt.id).catch(fail);
      await exo.act(foot.id, { action: 'move', x: 100, y: 100 });
      await exo
        .waitForWindow((w) => w.id === foot.id && w.x === 100 && w.y === 100, 10_000, 'foot at (100, 100)')
        .catch(fail);
      // weston-terminal's top edge just below foot's title bar: its shadow covers the bar.
      await exo.act(wt.id, { action: 'move', x: 100, y: 101 });
      await exo.act(wt.id, { action: 'activate' });
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
          [viewSelector(foot.id), viewSelector(wt.id), grab.x, grab.y] as const,
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
          (w) => w.id === foot.id && w.x === 140 && w.y === 130,
          10_000,
          'foot to move to (140, 130)',
        )
        .catch(fail);
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });
});
