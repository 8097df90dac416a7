// Real Wayland clients from Debian open windows on exo: the control API lists each with its
// title and app id, and the window's screenshot shows drawn content.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { GTK_ENV, startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { distinctColours } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';

interface ClientCase {
  command: string;
  args: string[];
  title: string;
  appId: string;
  env?: NodeJS.ProcessEnv;
}

const CLIENTS: ClientCase[] = [
  { command: 'weston-simple-shm', args: [], title: 'simple-shm', appId: 'org.freedesktop.weston.simple-shm' },
  {
    command: 'weston-terminal',
    args: ['--shell=/bin/sh'],
    title: 'Wayland Terminal',
    appId: 'org.freedesktop.weston.wayland-terminal',
  },
  { command: 'foot', args: ['sh', '-c', 'sleep 600'], title: 'foot', appId: 'foot' },
  {
    command: 'gtk3-widget-factory',
    args: [],
    title: 'gtk3-widget-factory',
    appId: 'gtk3-widget-factory',
    env: GTK_ENV,
  },
  {
    command: 'gtk4-widget-factory',
    args: [],
    title: 'GTK Widget Factory',
    appId: 'gtk4-widget-factory',
    env: GTK_ENV,
  },
  {
    command: 'weston-subsurfaces',
    args: [],
    title: 'Wayland Sub-surface Demo',
    appId: 'org.freedesktop.weston.wayland-sub-surface-demo',
  },
];

describe('real clients open windows', () => {
  let exo: ExoProcess;
  before(async () => {
    exo = await startExoProcess();
  });
  after(() => exo?.stop());

  for (const c of CLIENTS) {
    test(`${c.command} opens a window with its title and app id, and draws into it`, async () => {
      const client = exo.spawnClient(c.command, c.args, c.env);
      try {
        const win: WindowInfo = await exo.waitForWindow(
          (w) => w.title === c.title && w.appId === c.appId,
          60_000,
          `a window titled ${JSON.stringify(c.title)} with app id ${JSON.stringify(c.appId)}`,
        );
        assert.ok(win.width > 0 && win.height > 0, `window size ${win.width}x${win.height}`);
        if (win.pid !== null)
          assert.equal(win.pid, client.pid, 'the window belongs to the client we started');
        // Toolkits may map first and paint on a later frame: poll until the content shows.
        const colours = await waitFor(
          `drawn content in ${c.command}'s window`,
          async () => {
            const shot = await exo.windowScreenshot(win.id);
            const n = distinctColours(shot, undefined, 16);
            return n > 1 ? n : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 250 },
        ).catch((e: Error) => {
          throw new Error(`${e.message}\n${exo.clientReport()}`);
        });
        assert.ok(colours > 1);
        assert.ok(client.running, `${c.command} is still running: ${client.tail()}`);
      } finally {
        await client.kill();
      }
      // Its window goes away with it.
      await waitFor(`${c.command}'s window to close`, async () =>
        (await exo.windows()).every((w) => w.appId !== c.appId) ? true : undefined,
      );
    });
  }
});
