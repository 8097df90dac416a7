// The browser clipboard and the guests': a wl-copy in a client lands in the browser's
// clipboard; the browser's clipboard pastes into foot with Ctrl+Shift+V pressed in the page;
// a file dropped on foot in the page arrives as a path foot types, naming the same bytes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor, waitForFile } from '../harness/poll.js';
import { openDesktop, waitForWindowDrawn, type DesktopPage, launchBrowserAndExo } from './browser-fixture.js';

describe('clipboard and file drops between the page and the apps', () => {
  let browser: Browser;
  let exo: ExoProcess;
  before(async () => {
    [browser, exo] = await launchBrowserAndExo();
  });
  after(async () => {
    await Promise.all([browser?.close(), exo?.stop()]);
  });

  async function open(): Promise<DesktopPage> {
    const desk = await openDesktop(browser, exo);
    await desk.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(exo.url).origin,
    });
    await desk.page.bringToFront();
    return desk;
  }

  /** foot running a shell that writes the line it reads to a file; focused in the page. */
  async function footReadingALine(
    desk: DesktopPage,
    name: string,
  ): Promise<{
    file: string;
    win: { x: number; y: number; width: number; height: number };
    fail: (e: Error) => never;
  }> {
    const file = path.join(exo.runtimeDir, name);
    exo.spawnClient('foot', ['-T', name, 'sh', '-c', `read -r line; printf '%s\\n' "$line" > '${file}'`]);
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
    return { file, win: now, fail };
  }

  function waitForLine(file: string, fail: (e: Error) => never): Promise<string> {
    return waitForFile(file, (s) => s.endsWith('\n')).catch(fail);
  }

  test('wl-copy in a client puts the text on the browser clipboard', async () => {
    const desk = await open();
    try {
      const text = 'copié dans foot — 漢字 👍';
      // The page must have focus to write the clipboard: a click on the desktop gives it.
      await desk.page.mouse.click(5, 5);
      const copy = exo.spawnClient('wl-copy', [text]);
      await waitFor(
        'the browser clipboard to hold the copied text',
        async () => (await desk.page.evaluate(() => navigator.clipboard.readText())) === text,
        { timeoutMs: 10_000, intervalMs: 100 },
      ).catch((e: Error) => {
        throw new Error(`${e.message}\npage: ${desk.errors.join('\n')}\n${exo.clientReport()}`);
      });
      void copy;
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });

  test('Ctrl+Shift+V in the page pastes the browser clipboard into foot', async () => {
    const desk = await open();
    try {
      const { file, fail } = await footReadingALine(desk, 'paste-line');
      const text = 'collé depuis le navigateur ✓';
      await desk.page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await desk.page.keyboard.press('Control+Shift+KeyV');
      await desk.page.keyboard.press('Enter');
      assert.equal(await waitForLine(file, fail), `${text}\n`);
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });

  test('a file dropped on foot arrives as a path holding the same bytes', async () => {
    const desk = await open();
    try {
      const { file, win, fail } = await footReadingALine(desk, 'drop-line');
      const bytes = Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
      const x = win.x + win.width / 2;
      const y = win.y + win.height / 2;
      const dt = await desk.page.evaluateHandle((b) => {
        const d = new DataTransfer();
        d.items.add(new File([new Uint8Array(b)], 'dropped-file.bin', { type: 'application/octet-stream' }));
        return d;
      }, bytes);
      const answered = desk.page.waitForResponse((r) => r.url().includes('/api/drop?'), { timeout: 15_000 });
      await desk.page.dispatchEvent('#desktop', 'dragover', { dataTransfer: dt, clientX: x, clientY: y });
      await desk.page.dispatchEvent('#desktop', 'drop', { dataTransfer: dt, clientX: x, clientY: y });
      // exo answers once foot took the drop and finished reading it; foot has typed the path.
      const answer = await answered.catch(fail);
      assert.equal(answer.status(), 200);
      const drops = path.join(exo.runtimeDir, 'tartine', 'drops');
      await desk.page.keyboard.press('Enter');
      const line = (await waitForLine(file, fail)).trim();
      const dropped = line.replace(/^'(.*)'$/, '$1');
      assert.ok(dropped.startsWith(drops + '/'), `foot typed ${line}, not a path in ${drops}`);
      assert.ok(dropped.endsWith('/dropped-file.bin'), line);
      assert.deepEqual([...fs.readFileSync(dropped)], bytes);
      assert.deepEqual(desk.errors, []);
    } finally {
      await desk.close();
    }
  });
});
