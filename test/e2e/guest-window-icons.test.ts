// Every window shows its app's icon on the shelf and in the title bar the page draws: a guest
// app's from its guest's desktop entries (matched by desktop id, StartupWMClass or the program
// it runs, as desktops do), a host app's from the host's; a window of no known app gets a
// generic icon.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import type { ExoProcess } from '../harness/exo-fixture.js';
import type { GuestFixture } from '../integration/guest-fixture.js';
import { openGuestDesktop } from './guest-desktop-page.js';
import { waitForWindowDrawn, type DesktopPage } from './browser-fixture.js';

describe('window icons on the desktop page', () => {
  let exo: ExoProcess;
  let g: GuestFixture;
  let desk: DesktopPage;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    const gd = await openGuestDesktop();
    ({ exo, g, desk } = gd);
    close = gd.close;
  });
  after(() => close?.());

  /** Waits until `img` shows a loaded image of kind `kind`; returns its URL's path. */
  async function loadedIcon(img: Locator, kind: 'app' | 'generic'): Promise<string> {
    await desk.page.waitForFunction(
      ([el, k]) =>
        el instanceof HTMLImageElement && el.dataset['icon'] === k && el.complete && el.naturalWidth > 0,
      [await img.elementHandle(), kind] as const,
      { timeout: 15_000 },
    );
    const src = await img.evaluate((el: HTMLImageElement) => el.src);
    return src.startsWith('data:') ? 'data:' : new URL(src).pathname;
  }

  const shelfIcon = (id: number): Locator =>
    desk.page.locator(`#shelf button[data-window="${id}"] img.app-icon`);
  const titleIcon = (id: number): Locator =>
    desk.page.locator(`.frame[data-window="${id}"] .titlebar img.app-icon`);

  test("a guest app's window shows the icon of its desktop entry, on the shelf and the title bar", async () => {
    // garcon lists the apps a moment after the guest starts: launch by desktop id once it can.
    await waitForLaunch('foot');
    const foot = await exo.waitForWindow((w) => w.appId === 'penguin:foot', 30_000, 'penguin:foot');
    await waitForWindowDrawn(desk.page, foot.id);
    const app = (await exo.ok('GET', `/api/windows/${foot.id}/app`)).json as Record<string, unknown>;
    assert.deepEqual(
      { origin: app['origin'], guest: app['guest'], app: app['app'], icon: app['icon'] },
      {
        origin: 'guest',
        guest: 'penguin',
        app: { desktopFileId: 'foot', name: 'Foot' },
        icon: '/api/guests/penguin/icons/foot',
      },
    );
    assert.equal(await loadedIcon(shelfIcon(foot.id), 'app'), '/api/guests/penguin/icons/foot');
    assert.equal(await loadedIcon(titleIcon(foot.id), 'app'), '/api/guests/penguin/icons/foot');
  });

  test('gtk3-widget-factory started in the guest from a shell shows its icon', async () => {
    const run = g.run('vsh', 'penguin', '--', 'env', 'GDK_BACKEND=wayland', 'gtk3-widget-factory');
    const win = await exo.waitForWindow(
      (w) => w.title === 'gtk3-widget-factory',
      30_000,
      'gtk3-widget-factory in the guest',
    );
    assert.match(win.appId, /^penguin:/);
    await waitForWindowDrawn(desk.page, win.id);
    assert.equal(await loadedIcon(shelfIcon(win.id), 'app'), '/api/guests/penguin/icons/gtk3-widget-factory');
    await exo.act(win.id, { action: 'close' });
    await run;
  });

  test("a host app's window shows the host's icon; a window of no known app a generic one", async () => {
    exo.spawnClient('foot', ['-T', 'host-foot', 'cat']);
    const host = await exo.waitForWindow((w) => w.title === 'host-foot', 30_000, 'foot on the host');
    await waitForWindowDrawn(desk.page, host.id);
    assert.equal(await loadedIcon(shelfIcon(host.id), 'app'), '/api/host/icons/foot');
    assert.equal(await loadedIcon(titleIcon(host.id), 'app'), '/api/host/icons/foot');
    // weston-simple-shm sets no app id and has no desktop entry.
    exo.spawnClient('weston-simple-shm');
    const shm = await exo.waitForWindow((w) => w.title === 'simple-shm', 30_000, 'weston-simple-shm');
    await waitForWindowDrawn(desk.page, shm.id);
    assert.equal(await loadedIcon(shelfIcon(shm.id), 'generic'), 'data:');
    assert.deepEqual(desk.errors, []);
  });

  /** Launches a guest app by desktop id through the page's API, retrying until garcon knows it. */
  async function waitForLaunch(id: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await exo.request('POST', '/api/guests/penguin/launch', { desktopFileId: id });
      if (r.status === 200) return;
      assert.ok(Date.now() < deadline, `launching ${id}: ${r.status} ${r.body.toString()}`);
      await new Promise((res) => setTimeout(res, 300));
    }
  }
});
