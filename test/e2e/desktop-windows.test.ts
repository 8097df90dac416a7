// The browser desktop shows real apps' windows: each in the shelf with its title, a page-drawn
// title bar only for windows that asked for server-side decorations, and the apps' own pixels
// drawn in the page (the same pixels exo composites itself).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { GTK_ENV, type ExoProcess } from '../harness/exo-fixture.js';
import { countPixelsNot, type Area, type RgbaImage } from '../harness/png.js';
import {
  openDesktop,
  PAGE_BACKGROUND,
  pageShot,
  saveArtifact,
  viewSelector,
  waitForWindowDrawn,
  windowArea,
  launchBrowserAndExo,
} from './browser-fixture.js';
import { countDifferent, encodeRgba } from './image-compare.js';

/** `area` clipped to the desktop, less its bottom 50 px (the shelf and tray float there). */
function visiblePart(a: Area, width: number, height: number): Area {
  const x = Math.max(0, a.x);
  const y = Math.max(0, a.y);
  return {
    x,
    y,
    width: Math.min(width, a.x + a.width) - x,
    height: Math.min(height - 50, a.y + a.height) - y,
  };
}

describe('windows in the browser desktop', () => {
  let browser: Browser;
  let exo: ExoProcess;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  test('weston-terminal, gtk3-widget-factory and foot show with titles and their pixels', async () => {
    const desk = await openDesktop(browser, exo);
    try {
      const { page } = desk;
      const fail = (e: Error): never => {
        throw new Error(`${e.message}\npage: ${desk.errors.join('\n')}\n${exo.clientReport()}`);
      };
      const show = async (what: string, command: string, args: string[], env = {}): Promise<WindowInfo> => {
        exo.spawnClient(command, args, env);
        const win = await exo
          .waitForWindow((w) => w.appId === what, 30_000, `the ${what} window`)
          .catch(fail);
        await waitForWindowDrawn(page, win.id).catch(fail);
        return win;
      };
      // One at a time, so each is on top of the others when its pixels are checked.
      const checked: string[] = [];
      for (const [appId, command, args, env] of [
        ['org.freedesktop.weston.wayland-terminal', 'weston-terminal', [], {}],
        ['gtk3-widget-factory', 'gtk3-widget-factory', [], GTK_ENV],
        ['foot', 'foot', [], {}],
      ] as const) {
        const shown = await show(appId, command, [...args], env);
        // Placement settles once the client has committed: read the position the page uses now.
        const win = (await exo.windows()).find((w) => w.id === shown.id)!;
        const area = visiblePart(windowArea(win), 1280, 800);
        // The page's pixels are the app's: not the desktop background, and the same as exo's
        // own compositing of the desktop, but for a few pixels (an animated spinner, rounding).
        // The page may be a frame behind (the app just redrew, e.g. on gaining focus): compare
        // again until it caught up, for a few seconds.
        let shot: RgbaImage;
        let reference: RgbaImage;
        let diff = Infinity;
        const deadline = Date.now() + 5000;
        do {
          [shot, reference] = await Promise.all([
            pageShot(page),
            exo.screenshot(), // exo's compositor output (the headless renderer)
          ]);
          diff = countDifferent(shot, reference, area, 4);
        } while (diff > area.width * area.height * 0.01 && Date.now() < deadline);
        const drawn = countPixelsNot(shot, PAGE_BACKGROUND, area, 2);
        assert.ok(
          drawn > area.width * area.height * 0.5,
          `${appId}: only ${drawn} of the ${area.width}x${area.height} window pixels are drawn`,
        );
        if (diff > area.width * area.height * 0.01) {
          const files = [
            saveArtifact(`windows-${command}-page.png`, await encodeRgba(shot)),
            saveArtifact(`windows-${command}-exo.png`, await encodeRgba(reference)),
          ];
          assert.fail(`${appId}: ${diff} pixels differ between the page and exo's compositing; see ${files}`);
        }
        checked.push(appId);
      }
      assert.equal(checked.length, 3);

      const windows = await exo.windows();
      // Every window has its shelf button with its title.
      const shelf = await page.$$eval('#shelf button', (bs) =>
        bs.map((b) => ({ id: Number((b as HTMLElement).dataset['window']), text: b.textContent })),
      );
      for (const w of windows)
        assert.deepEqual(
          shelf.find((b) => b.id === w.id),
          { id: w.id, text: w.title },
          `shelf button of ${w.appId}`,
        );
      assert.ok(windows.some((w) => w.title === 'Wayland Terminal'));
      assert.ok(windows.some((w) => w.title === 'gtk3-widget-factory'));
      // Title bars: the page draws one for foot (xdg-decoration server-side); GTK and
      // weston-terminal draw their own.
      for (const w of windows) {
        const title = await page
          .locator(`${viewSelector(w.id)} > .frame .title`)
          .textContent({ timeout: 1000 })
          .catch(() => null);
        if (w.decorated) assert.equal(title, w.title, `title bar of ${w.appId}`);
        else assert.equal(title, null, `${w.appId} draws its own decorations: no page frame`);
      }
      assert.deepEqual(
        windows.filter((w) => w.decorated).map((w) => w.appId),
        ['foot'],
        'only foot asks for server-side decorations',
      );
      // The title bar is on screen above the window, in the title bar's colours, not the background.
      const foot = windows.find((w) => w.appId === 'foot')!;
      const bar = await pageShot(page, { x: foot.x, y: foot.y - 30, width: foot.width, height: 30 });
      assert.equal(countPixelsNot(bar, PAGE_BACKGROUND), bar.width * bar.height, 'the title bar is drawn');
      // The client's cursor image: foot sets an I-beam surface over its text, shown as a CSS cursor.
      await page.mouse.move(foot.x + foot.width / 2, foot.y + foot.height / 2);
      await page
        .waitForFunction(
          () =>
            getComputedStyle(document.getElementById('desktop')!).cursor.startsWith('url("data:image/png'),
          null,
          { timeout: 10_000 },
        )
        .catch((e: Error) => fail(new Error(`no cursor image from foot: ${e.message.split('\n')[0]}`)));
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });
});
