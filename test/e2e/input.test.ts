// Input from the page reaches the apps: Playwright's keyboard (real key events in Chromium)
// types into a shell in foot, with Shift, and with AltGr once the page's layout selector says
// `de`; a wheel turn over wev arrives as a wheel axis event with value120.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { GTK_ENV, type ExoProcess } from '../harness/exo-fixture.js';
import { waitForFile } from '../harness/poll.js';
import { openDesktop, waitForWindowDrawn, type DesktopPage, launchBrowserAndExo } from './browser-fixture.js';

describe('input from the page', () => {
  let browser: Browser;
  let exo: ExoProcess;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  /**
   * Starts foot running a shell that writes the line it reads to a file, clicks into its
   * window in the page and waits for it to have keyboard focus. Returns the file's path.
   */
  async function footReadingALine(
    desk: DesktopPage,
    name: string,
  ): Promise<{ file: string; fail: (e: Error) => never }> {
    const file = path.join(exo.runtimeDir, name);
    exo.spawnClient('foot', ['-T', name, 'sh', '-c', `read line; echo "$line" > '${file}'`]);
    const fail = (e: Error): never => {
      throw new Error(`${e.message}\npage: ${desk.errors.join('\n')}\n${exo.clientReport()}`);
    };
    const win = await exo
      .waitForWindow((w) => w.title === name, 30_000, `the foot window ${name}`)
      .catch(fail);
    await waitForWindowDrawn(desk.page, win.id).catch(fail);
    const now = (await exo.windows()).find((w) => w.id === win.id)!;
    await desk.page.mouse.click(now.x + now.width / 2, now.y + now.height / 2);
    await exo
      .waitForWindow((w) => w.id === win.id && w.focused, 10_000, `${name} to have keyboard focus`)
      .catch(fail);
    return { file, fail };
  }

  function waitForLine(file: string, fail: (e: Error) => never): Promise<string> {
    return waitForFile(file, (s) => s.endsWith('\n')).catch(fail);
  }

  test('typing with Shift in the page puts "Hello World!" into a shell in foot', async () => {
    const desk = await openDesktop(browser, exo);
    try {
      const { file, fail } = await footReadingALine(desk, 'shift-line');
      // Keys as a keyboard sends them: Shift held while the letter key goes down.
      const kb = desk.page.keyboard;
      await kb.press('Shift+KeyH');
      await kb.type('ello ');
      await kb.down('ShiftRight');
      await kb.press('KeyW');
      await kb.up('ShiftRight');
      await kb.type('orld');
      await kb.press('Shift+Digit1');
      await kb.press('Enter');
      assert.equal(await waitForLine(file, fail), 'Hello World!\n');
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });

  test('with the layout de chosen in the page, AltGr+Q types @ and AltGr+E types €', async () => {
    const desk = await openDesktop(browser, exo);
    try {
      const { page } = desk;
      await page.selectOption('#layout', 'de');
      const { file, fail } = await footReadingALine(desk, 'altgr-line');
      const altGr = async (code: string): Promise<void> => {
        await page.keyboard.down('AltRight');
        await page.keyboard.press(code);
        await page.keyboard.up('AltRight');
      };
      await page.keyboard.press('KeyZ'); // y on a German keyboard: the layout did change
      await altGr('KeyQ');
      await altGr('KeyE');
      await page.keyboard.press('Shift+Digit7'); // /
      await page.keyboard.press('Enter');
      assert.equal(await waitForLine(file, fail), 'y@€/\n');
      // The page keeps the choice for the next visit.
      assert.equal(await page.evaluate(() => localStorage.getItem('tartine.layout')), 'de');
      assert.deepEqual(desk.errors, []);
    } finally {
      // The layout is exo's setting: put it back for the other tests.
      await desk.page.selectOption('#layout', 'us').catch(() => {});
      await desk.close();
    }
  });

  test('a wheel notch over wev arrives as one wheel step', async () => {
    const desk = await openDesktop(browser, exo);
    try {
      const { page } = desk;
      // wev writes with stdio buffering; line-buffer it so events show as they come.
      const wev = exo.spawnClient('stdbuf', ['-oL', 'wev']);
      const fail = (e: Error): never => {
        throw new Error(`${e.message}\nwev output:\n${wev.stdout.slice(-3000)}\n${exo.clientReport()}`);
      };
      const first = await exo
        .waitForWindow((w) => w.appId === 'wev' || w.title === 'wev', 30_000, 'the wev window')
        .catch(fail);
      await waitForWindowDrawn(page, first.id).catch(fail);
      const win = (await exo.windows()).find((w) => w.id === first.id)!;
      await page.mouse.move(win.x + 40, win.y + 30);
      // An enter if the pointer was elsewhere, a motion if wev mapped under it.
      await wev.waitForOutput(/wl_pointer\] (enter|motion): .*x, y: 40\.0+, 30\.0+/).catch(fail);
      await page.mouse.wheel(0, 100); // one notch of a mouse wheel in Chromium, downwards
      await wev.waitForOutput(/wl_pointer\] axis_source: 0 \(wheel\)/).catch(fail);
      // wev 1.0 binds wl_seat v5: one discrete step (it labels axis_discrete "axis_stop").
      await wev.waitForOutput(/wl_pointer\] axis_\w+: axis: 0 \(vertical\), discrete: 1\n/).catch(fail);
      await wev.waitForOutput(/wl_pointer\] axis: time: \d+; axis: 0 \(vertical\), value: [1-9]/).catch(fail);
      await page.mouse.wheel(0, -100);
      await wev.waitForOutput(/axis: 0 \(vertical\), discrete: -1\n/).catch(fail);
      assert.deepEqual(desk.errors, []);
      await wev.kill();
    } finally {
      await desk.close();
    }
  });

  test('a tap on wev arrives as touch down and up', async () => {
    const desk = await openDesktop(browser, exo, { hasTouch: true });
    try {
      const { page } = desk;
      const wev = exo.spawnClient('stdbuf', ['-oL', 'wev']);
      const fail = (e: Error): never => {
        throw new Error(`${e.message}\nwev output:\n${wev.stdout.slice(-3000)}\n${exo.clientReport()}`);
      };
      const first = await exo
        .waitForWindow((w) => w.appId === 'wev' || w.title === 'wev', 30_000, 'the wev window')
        .catch(fail);
      await waitForWindowDrawn(page, first.id).catch(fail);
      const win = (await exo.windows()).find((w) => w.id === first.id)!;
      await page.touchscreen.tap(win.x + 50, win.y + 60);
      await wev.waitForOutput(/wl_touch\] down: .*x, y: 50\.0+, 60\.0+/).catch(fail);
      await wev.waitForOutput(/wl_touch\] up: /).catch(fail);
      assert.deepEqual(desk.errors, []);
      await wev.kill();
    } finally {
      await desk.close();
    }
  });

  test('a GTK 4 app (wl_seat v8) gets a wheel notch as value120 = 120', async () => {
    const desk = await openDesktop(browser, exo);
    try {
      const { page } = desk;
      // libwayland-client's WAYLAND_DEBUG log shows the events the app receives.
      const app = exo.spawnClient('gtk4-widget-factory', [], { ...GTK_ENV, WAYLAND_DEBUG: 'client' });
      const fail = (e: Error): never => {
        throw new Error(`${e.message}\napp log:\n${app.stderr.slice(-3000)}\n${exo.clientReport()}`);
      };
      const first = await exo
        .waitForWindow((w) => w.appId === 'gtk4-widget-factory', 30_000, 'the gtk4-widget-factory window')
        .catch(fail);
      await waitForWindowDrawn(page, first.id).catch(fail);
      const win = (await exo.windows()).find((w) => w.id === first.id)!;
      await page.mouse.move(win.x + win.width / 2, win.y + win.height / 2);
      await page.mouse.wheel(0, 100);
      await app.waitForOutput(/wl_pointer@\d+\.axis_source\(0\)/, 10_000, 'stderr').catch(fail);
      await app.waitForOutput(/wl_pointer@\d+\.axis_value120\(0, 120\)/, 10_000, 'stderr').catch(fail);
      await page.mouse.wheel(0, -200); // two notches at once, upwards
      await app.waitForOutput(/wl_pointer@\d+\.axis_value120\(0, -240\)/, 10_000, 'stderr').catch(fail);
      assert.deepEqual(desk.errors, []);
      await app.kill();
    } finally {
      await desk.close();
    }
  });
});
