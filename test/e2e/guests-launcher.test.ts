// The desktop page's side of the guests: the launcher lists a running guest's apps with their
// icons and launches them onto the desktop, and a guest's `xdg-open` becomes a new browser tab
// (or, when the pop-up is blocked, a notification offering the link), never anything else.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { GuestFixture, guestSkipReason } from '../integration/guest-fixture.js';
import { openDesktop, waitForWindowDrawn, type DesktopPage, launchBrowserAndExo } from './browser-fixture.js';

// `npm test` installs bubblewrap: its absence is a setup failure, not a reason to skip.
const missing = guestSkipReason();
if (missing) throw new Error(missing);

describe('guests on the desktop page', () => {
  let browser: Browser;
  let exo: ExoProcess;
  let g: GuestFixture;
  let desk: DesktopPage;
  /** The URLs the browser wanted to fetch from anywhere but the desktop (all refused). */
  const refused: string[] = [];

  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
    // Same runtime folder as exo, so exo's guest routes reach this guest's cicerone.
    g = GuestFixture.create({ runtimeDir: exo.runtimeDir });
    await g.ok('vmc', 'create', 'penguin');
    await g.ok('vmc', 'start', 'penguin', '--wayland', exo.wayland);
    desk = await openDesktop(browser, exo);
    // Nothing may leave this machine: only the desktop itself is reachable.
    await desk.context.route('**/*', (r) => {
      const host = new URL(r.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost') return r.continue();
      refused.push(r.request().url());
      return r.abort();
    });
  });
  after(async () => {
    await desk?.close();
    await browser?.close();
    // The daemon's sockets live in exo's runtime folder: stop it before exo removes the folder.
    await g?.stop();
    await exo?.stop();
  });

  test('the launcher lists the guest apps with icons; a click opens the app on the desktop', async () => {
    const page = desk.page;
    const icons = new Map<string, { status: number; type: string }>();
    page.on('response', (r) => {
      if (r.url().includes('/icons/'))
        icons.set(new URL(r.url()).pathname, { status: r.status(), type: r.headers()['content-type'] ?? '' });
    });
    await page.click('#launcher-button');
    // garcon sends the app list a moment after `vmc start` answers: reopen until it shows.
    const foot = page.locator('#launcher .app', { hasText: /^Foot$/ });
    const deadline = Date.now() + 15_000;
    while (!(await foot.isVisible())) {
      assert.ok(Date.now() < deadline, `no Foot entry in the launcher: ${await panelText(page)}`);
      await page.waitForTimeout(300);
      if (!(await foot.isVisible())) {
        if (await page.locator('#launcher').isVisible()) await page.click('#launcher-button');
        await page.click('#launcher-button');
      }
    }
    assert.equal(await page.locator('#launcher h3').first().textContent(), 'penguin');
    // Exactly the apps the guest has that are not hidden (NoDisplay, like gtk3-widget-factory).
    const list = (await exo.ok('GET', '/api/guests/apps')).json as {
      guests: Array<{ guest: string; apps: Array<{ name: string; noDisplay: boolean }> }>;
    };
    const apps = list.guests.find((x) => x.guest === 'penguin')!.apps;
    assert.ok(apps.some((a) => a.noDisplay));
    const shown = apps.filter((a) => !a.noDisplay).map((a) => a.name);
    const entries = await page.locator('#launcher .app').allTextContents();
    assert.deepEqual([...entries].sort(), [...shown].sort());
    // Its icon is a same-origin image that loaded.
    const img = foot.locator('img');
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await img.elementHandle(),
      { timeout: 10_000 },
    );
    const src = new URL((await img.evaluate((el: HTMLImageElement) => el.src))!).pathname;
    assert.equal(src, '/api/guests/penguin/icons/foot');
    const res = icons.get(src);
    assert.ok(res, `the icon ${src} was requested`);
    assert.equal(res.status, 200);
    assert.match(res.type, /^image\/(png|svg\+xml)/);

    await foot.click();
    assert.equal(await page.locator('#launcher').isVisible(), false, 'the launcher closes');
    const win = await exo.waitForWindow((w) => w.appId === 'penguin:foot', 30_000, 'penguin:foot');
    await waitForWindowDrawn(page, win.id);
    assert.equal(await page.locator('#toast').isVisible(), false, 'no error shown');
    assert.deepEqual(desk.errors, []);
  });

  test("a launch the desktop refuses shows the desktop's words", async () => {
    const page = desk.page;
    const error = "guest 'penguin' is stopped; start it with: vmc start penguin";
    await page.route('**/api/guests/penguin/launch', (r) => r.fulfill({ status: 409, json: { error } }));
    try {
      await page.click('#launcher-button');
      await page.locator('#launcher .app', { hasText: /^Foot$/ }).click();
      const toast = page.locator('#toast');
      await toast.waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await toast.textContent(), `Could not start Foot: ${error}`);
      await toast.waitFor({ state: 'hidden', timeout: 10_000 });
    } finally {
      await page.unroute('**/api/guests/penguin/launch');
    }
    // The browser logs every non-2xx answer; that one was expected.
    const logged = desk.errors.filter((e) => !/status of 409 .*\/launch\)$/.test(e));
    desk.errors.splice(0, desk.errors.length, ...logged);
    assert.deepEqual(desk.errors, []);
  });

  /**
   * Runs `xdg-open URL` in the guest and waits until the page reacts: the new tab, or null when
   * the page offered the link instead. Checks that the desktop page stayed where it was and that
   * neither exo nor the guest daemon started a host program (a browser, xdg-open) for it.
   */
  async function xdgOpen(url: string): Promise<Page | null> {
    const page = desk.page;
    const desktopUrl = page.url();
    let navigated = false;
    const onNavigate = (f: Frame): void => {
      if (f === page.mainFrame()) navigated = true;
    };
    page.on('framenavigated', onNavigate);
    const roots = [exo.pid, conciergePid(g)];
    const before = new Set(hostDescendants(roots));
    assert.ok(before.size > 0, "the guest's sandbox (bwrap) is one of the daemon's children");
    const opened = desk.context.waitForEvent('page', { timeout: 15_000 }).catch(() => null);
    const offered = page.locator('#toast a').waitFor({ state: 'visible', timeout: 15_000 });
    const r = await g.run('vsh', 'penguin', '--', 'xdg-open', url);
    assert.equal(r.code, 0, r.stderr);
    const tab = await Promise.race([opened, offered.then(() => null)]);
    await page.waitForTimeout(300);
    page.off('framenavigated', onNavigate);
    assert.equal(page.url(), desktopUrl);
    assert.equal(navigated, false, 'the desktop page did not navigate');
    const fresh = hostDescendants(roots).filter((p) => !before.has(p));
    assert.deepEqual(fresh, [], `new host processes: ${fresh.map(describeProcess).join(', ')}`);
    return tab;
  }

  /** A tab opened for `url`: it asked for that URL (refused by the route) and has no opener. */
  async function assertTabFor(url: string, tab?: Page): Promise<void> {
    await waitFor(`the new tab to ask for ${url}`, () => refused.includes(url), { timeoutMs: 10_000 });
    if (tab) {
      await tab.waitForLoadState('domcontentloaded').catch(() => {});
      assert.equal(await tab.evaluate(() => window.opener as unknown), null, 'opened with noopener');
    }
    // (Chromium may report a failed noopener tab twice: the page's own calls are counted below.)
    for (const p of desk.context.pages()) if (p !== desk.page) await p.close();
  }

  test('xdg-open in the guest opens a new tab of the page, and nothing else', async () => {
    const url = 'https://example.invalid/';
    await spyOnWindowOpen(desk.page, false);
    const tab = await xdgOpen(url);
    assert.deepEqual(await windowOpenCalls(desk.page), [[url, '_blank', 'noopener,noreferrer']]);
    if (tab) await assertTabFor(url, tab);
    else {
      // This browser blocked the pop-up: the page offers the link (see the next test).
      const link = desk.page.locator('#toast a');
      assert.equal(await link.getAttribute('href'), url);
    }
    assert.deepEqual(desk.errors, []);
  });

  test('with the pop-up blocked, the page offers the link, and a click opens the tab', async () => {
    const page = desk.page;
    // What a pop-up blocker does to window.open outside a click.
    await spyOnWindowOpen(page, true);
    const url = 'https://example.invalid/blocked?x=1';
    assert.equal(await xdgOpen(url), null, 'no tab without a click');
    assert.deepEqual(await windowOpenCalls(page), [[url, '_blank', 'noopener,noreferrer']]);
    const toast = page.locator('#toast');
    assert.match(
      (await toast.textContent()) ?? '',
      /^penguin wants to open https:\/\/example\.invalid\/blocked/,
    );
    const link = toast.locator('a');
    assert.equal(await link.getAttribute('href'), url);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match((await link.getAttribute('rel')) ?? '', /noopener/);
    assert.match((await link.getAttribute('rel')) ?? '', /noreferrer/);
    assert.ok(!refused.includes(url), 'nothing was fetched before the click');
    await link.click();
    await assertTabFor(url);
    assert.equal(await toast.isVisible(), false, 'the notification goes once used');
    assert.deepEqual(desk.errors, []);
  });
});

/** Records the page's window.open calls; `block` makes them fail as a pop-up blocker does. */
async function spyOnWindowOpen(page: Page, block: boolean): Promise<void> {
  await page.evaluate((blocked) => {
    const w = window as unknown as { openCalls: unknown[][]; realOpen?: typeof window.open };
    w.realOpen ??= window.open.bind(window);
    w.openCalls = [];
    window.open = (...args: Parameters<typeof window.open>) => {
      w.openCalls.push(args);
      return blocked ? null : w.realOpen!(...args);
    };
  }, block);
}

function windowOpenCalls(page: Page): Promise<unknown[][]> {
  return page.evaluate(() => (window as unknown as { openCalls: unknown[][] }).openCalls);
}

function conciergePid(g: GuestFixture): number {
  return Number(fs.readFileSync(`${g.runtimeDir}/tartine/concierge.pid`, 'utf8'));
}

async function panelText(page: Page): Promise<string> {
  return (
    (await page
      .locator('#launcher')
      .textContent()
      .catch(() => null)) ?? '(no panel)'
  );
}

function describeProcess(pid: number): string {
  try {
    return `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`;
  } catch {
    return `${pid} (gone)`;
  }
}

/** Processes below `roots` that run in this (the host's) pid namespace: a guest's own are not. */
function hostDescendants(roots: number[]): number[] {
  const ns = fs.readlinkSync('/proc/self/ns/pid');
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      // The parent pid is the 2nd field after the parenthesised command (which may hold spaces).
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const todo = roots.flatMap((r) => children.get(r) ?? []);
  while (todo.length) {
    const pid = todo.pop()!;
    todo.push(...(children.get(pid) ?? []));
    try {
      if (fs.readlinkSync(`/proc/${pid}/ns/pid`) === ns) found.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return found.sort((a, b) => a - b);
}
