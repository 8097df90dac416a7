// Text typed through POST /api/input reaches a real terminal: a shell in it reads one line
// and writes it to a file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor, waitForFile } from '../harness/poll.js';

describe('typing into terminals', () => {
  let exo: ExoProcess;
  before(async () => {
    exo = await startExoProcess();
  });
  after(() => exo?.stop());

  /** Clicks into the window, waits for it to have keyboard focus, types, and waits for the file. */
  async function typeLine(win: WindowInfo, file: string): Promise<void> {
    await exo.input({
      type: 'click',
      x: win.x + Math.floor(win.width / 2),
      y: win.y + Math.floor(win.height / 2),
    });
    await waitFor(`window ${win.id} to have keyboard focus`, async () =>
      (await exo.windows()).find((w) => w.id === win.id && w.focused),
    );
    await exo.input({ type: 'text', text: 'hello tartine\n' });
    const content = await waitForFile(file, (s) => s.endsWith('\n')).catch((e: Error) => {
      throw new Error(`${e.message}\n${exo.clientReport()}`);
    });
    assert.equal(content, 'hello tartine\n');
  }

  test('foot: a shell reading a line gets the typed text', async () => {
    const file = path.join(exo.runtimeDir, 'foot-line.txt');
    const client = exo.spawnClient('foot', ['sh', '-c', `read line; echo "$line" > '${file}'`]);
    try {
      const win = await exo.waitForWindow((w) => w.appId === 'foot', 30_000, 'the foot window');
      await typeLine(win, file);
    } finally {
      await client.kill();
    }
  });

  test('weston-terminal: a shell reading a line gets the typed text', async () => {
    const file = path.join(exo.runtimeDir, 'weston-terminal-line.txt');
    // weston-terminal runs --shell as a program without arguments: give it a script.
    const script = path.join(exo.runtimeDir, 'read-line.sh');
    fs.writeFileSync(script, `#!/bin/sh\nread line\necho "$line" > '${file}'\n`, { mode: 0o755 });
    const client = exo.spawnClient('weston-terminal', [`--shell=${script}`]);
    try {
      const win = await exo.waitForWindow(
        (w) => w.appId === 'org.freedesktop.weston.wayland-terminal',
        30_000,
        'the weston-terminal window',
      );
      await typeLine(win, file);
    } finally {
      await client.kill();
    }
  });
});
