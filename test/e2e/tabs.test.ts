// One desktop, several tabs: the tab opened last takes over and the earlier one says why it
// stopped; a reload reconnects and draws every window again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { type ExoProcess } from '../harness/exo-fixture.js';
import { countPixelsNot } from '../harness/png.js';
import {
  openDesktop,
  PAGE_BACKGROUND,
  pageShot,
  waitForWindowDrawn,
  windowArea,
  launchBrowserAndExo,
} from './browser-fixture.js';

describe('several tabs on one desktop', () => {
  let browser: Browser;
  let exo: ExoProcess;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  /** The page shows the window's pixels (not the desktop background) and no notice. */
  async function assertLive(page: Page, win: WindowInfo, what: string): Promise<void> {
    await waitForWindowDrawn(page, win.id);
    assert.equal(await page.locator('#notice').isVisible(), false, `${what}: no notice`);
    const area = windowArea(win);
    const shot = await pageShot(page, area);
    const drawn = countPixelsNot(shot, PAGE_BACKGROUND, undefined, 2);
    assert.ok(drawn > shot.width * shot.height * 0.5, `${what}: only ${drawn} window pixels are drawn`);
  }

  async function assertReplaced(page: Page, what: string): Promise<void> {
    const notice = page.locator('#notice');
    await notice.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await notice.textContent()) ?? '';
    assert.match(text, /another tab/i, `${what}: the notice says why`);
    assert.match(text, /reload/i, `${what}: the notice says how to use the desktop here again`);
  }

  test('a second tab takes over with a notice in the first; a reload restores the view', async () => {
    const first = await openDesktop(browser, exo);
    try {
      exo.spawnClient('weston-terminal');
      const mapped = await exo
        .waitForWindow(
          (w) => w.appId === 'org.freedesktop.weston.wayland-terminal',
          30_000,
          'weston-terminal',
        )
        .catch((e: Error) => {
          throw new Error(`${e.message}\n${exo.clientReport()}`);
        });
      await waitForWindowDrawn(first.page, mapped.id);
      const win = (await exo.windows()).find((w) => w.id === mapped.id)!;
      await assertLive(first.page, win, 'the first tab');

      // A second tab of the same browser (it has the cookie) takes over.
      const second = await openDesktop(browser, exo, { context: first.context });
      await assertReplaced(first.page, 'the first tab');
      await assertLive(second.page, win, 'the second tab');

      // A reload of the live tab reconnects and draws everything again.
      await second.page.reload();
      await assertLive(second.page, win, 'the second tab after a reload');
      // Reloading the replaced tab makes it the live one again.
      await first.page.reload();
      await assertLive(first.page, win, 'the first tab after a reload');
      await assertReplaced(second.page, 'the second tab');
      assert.deepEqual([...first.errors, ...second.errors], []);
    } finally {
      await first.close();
    }
  });
});
