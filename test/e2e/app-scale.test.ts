// The window menu's app scale in the desktop page: for a window through sommelier it writes the
// per-app settings (PUT /api/app-settings/<appId>, authenticated by the page's cookie) and says
// how the choice applied to that window: at once for an app that follows scale changes (foot),
// at the next launch for one that does not (weston-simple-shm knows of no output); for a window
// straight on exo it is disabled.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { readSettingsFile } from '../../sommelier/src/settings/app-settings.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TARTINE } from '../integration/sommelier-fixture.js';
import { launchBrowser, openDesktop, viewSelector, type DesktopPage } from './browser-fixture.js';

const APP_ID = 'org.freedesktop.weston.simple-shm';

describe('the window menu sets the app scale', () => {
  let browser: Browser;
  let exo: ExoProcess;
  let desk: DesktopPage;
  let configDir: string;
  before(async () => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-e2e-scale-'));
    [browser, exo] = await Promise.all([
      launchBrowser(),
      startExoProcess({ web: true, env: { TARTINE_CONFIG_DIR: configDir } }),
    ]);
    desk = await openDesktop(browser, exo);
  });
  after(async () => {
    await desk?.close();
    await Promise.all([browser?.close(), exo?.stop()]);
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test('picking 200% for a guest window writes the settings; direct windows have it disabled', async () => {
    const guest = exo.spawnClient(process.execPath, [TARTINE, 'sommelier', '--', 'weston-simple-shm'], {
      TARTINE_CONFIG_DIR: configDir,
    });
    const direct = exo.spawnClient('weston-simple-shm');
    try {
      const gw = await exo.waitForWindow((w) => w.appId === `penguin:${APP_ID}`);
      const dw = await exo.waitForWindow((w) => w.appId === APP_ID);
      const page = desk.page;

      // The shelf button's context menu of the guest window.
      await page.click(`#shelf button[data-window="${gw.id}"]`, { button: 'right' });
      const menu = page.locator(`.app-menu[data-window="${gw.id}"]`);
      await menu.locator('.heading', { hasText: APP_ID }).waitFor();
      await menu.locator('button.checked[data-scale="1"]').waitFor();
      await menu.locator('button[data-scale="2"]').click();
      await menu.locator('button.checked[data-scale="2"]').waitFor();
      await menu.locator('.note', { hasText: /applies at the app’s next launch \(this window/ }).waitFor();
      assert.equal((await exo.windows()).find((w) => w.id === gw.id)?.width, gw.width, 'unchanged');
      const r = await exo.ok('GET', '/api/app-settings');
      assert.deepEqual(r.json.apps[APP_ID], { scale: 2 });
      assert.deepEqual(readSettingsFile(path.join(configDir, 'app-settings.json')).apps[APP_ID], {
        scale: 2,
      });

      // Reopened, the menu shows the stored choice; Escape closes it.
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      await page.click(`#shelf button[data-window="${gw.id}"]`, { button: 'right' });
      await menu.locator('button.checked[data-scale="2"]').waitFor();
      await page.mouse.click(5, 5);
      await menu.waitFor({ state: 'detached' });

      // A window straight on exo: no per-app scale, and the menu says why.
      await page.click(`#shelf button[data-window="${dw.id}"]`, { button: 'right' });
      const dmenu = page.locator(`.app-menu[data-window="${dw.id}"]`);
      assert.equal(await dmenu.locator('button[data-scale="unavailable"]').isDisabled(), true);
      assert.match(await dmenu.locator('.note').innerText(), /directly/);
      assert.equal(await dmenu.locator('button[data-scale="2"]').count(), 0);
      assert.deepEqual(desk.errors, []);
    } finally {
      await Promise.all([guest.kill(), direct.kill()]);
      await waitFor('no windows left', async () => (await exo.windows()).length === 0, { timeoutMs: 5000 });
    }
  });

  test("a decorated window's title bar has the menu too", async () => {
    // foot asks for server-side decorations, so the page draws its title bar.
    const guest = exo.spawnClient(
      process.execPath,
      [TARTINE, 'sommelier', '--', 'foot', '-a', 'footapp', '-T', 'scaled foot', 'sh', '-c', 'sleep 30'],
      { TARTINE_CONFIG_DIR: configDir },
    );
    try {
      const win = await exo.waitForWindow(
        (w) => w.appId === 'penguin:footapp' && w.decorated === true,
        30_000,
      );
      const page = desk.page;
      await page.click(`${viewSelector(win.id)} > .frame button.menu`);
      const menu = page.locator(`.app-menu[data-window="${win.id}"]`);
      await menu.locator('.heading', { hasText: 'footapp' }).waitFor();
      await menu.locator('button[data-scale="1.5"]').click();
      await menu.locator('button.checked[data-scale="1.5"]').waitFor();
      assert.deepEqual((await exo.ok('GET', '/api/app-settings')).json.apps.footapp, { scale: 1.5 });
      // foot follows scale changes: its window grows at once, and the menu says so.
      await menu.locator('.note', { hasText: 'applied to this window now' }).waitFor();
      const grown = (await exo.windows()).find((w) => w.id === win.id)!;
      assert.ok(Math.abs(grown.width - win.width * 1.5) <= Math.max(4, win.width * 0.03), `${grown.width}`);
      // Default removes the app's entry.
      await menu.locator('button[data-scale="default"]').click();
      await menu.locator('button.checked[data-scale="1"]').waitFor();
      assert.equal((await exo.ok('GET', '/api/app-settings')).json.apps.footapp, undefined);
      assert.deepEqual(desk.errors, []);
    } finally {
      await guest.kill();
      await waitFor('no windows left', async () => (await exo.windows()).length === 0, { timeoutMs: 5000 });
    }
  });
});
