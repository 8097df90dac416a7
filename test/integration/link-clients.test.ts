// Every real client of the exo tests works through sommelier on the stream link (unix socket,
// and TCP): the window appears with its title and the guest-tagged app id, draws, typing
// reaches foot, and a GTK context menu (an xdg_popup) opens.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BTN_LEFT, BTN_RIGHT } from '../../exo-server/src/seat/seat-api.js';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { LinkListener } from '../../exo-server/src/link/link-listener.js';
import { GTK_ENV } from '../harness/exo-fixture.js';
import { decodePng, distinctColours } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';
import { startLinkSommelier } from './link-fixture.js';
import { spawnGuest, TARTINE } from './sommelier-fixture.js';
import { startShellExo, type ShellExo } from './shell-fixture.js';

const CLIENTS: Array<{ command: string[]; title: string; appId: string; env?: NodeJS.ProcessEnv }> = [
  { command: ['weston-simple-shm'], title: 'simple-shm', appId: 'org.freedesktop.weston.simple-shm' },
  {
    command: ['weston-terminal', '--shell=/bin/sh'],
    title: 'Wayland Terminal',
    appId: 'org.freedesktop.weston.wayland-terminal',
  },
  { command: ['foot', 'sh', '-c', 'sleep 600'], title: 'foot', appId: 'foot' },
  {
    command: ['gtk3-widget-factory'],
    title: 'gtk3-widget-factory',
    appId: 'gtk3-widget-factory',
    env: GTK_ENV,
  },
  {
    command: ['gtk4-widget-factory'],
    title: 'GTK Widget Factory',
    appId: 'gtk4-widget-factory',
    env: GTK_ENV,
  },
  {
    command: ['weston-subsurfaces'],
    title: 'Wayland Sub-surface Demo',
    appId: 'org.freedesktop.weston.wayland-sub-surface-demo',
  },
];

let fx: ShellExo;
let unixLink: LinkListener;
let tcpLink: LinkListener;

before(async () => {
  fx = await startShellExo('1280x800');
  unixLink = await LinkListener.start(fx.exo, `unix:${path.join(path.dirname(fx.socket), 'link')}`);
  tcpLink = await LinkListener.start(fx.exo, 'tcp:127.0.0.1:0');
});

after(async () => {
  unixLink?.close();
  tcpLink?.close();
  await fx?.stop();
});

function throughLink(host: string, command: string[], env: NodeJS.ProcessEnv = {}) {
  return fx.spawn(process.execPath, [TARTINE, 'sommelier', '--host', host, '--', ...command], env);
}

async function api(method: string, urlPath: string, body?: unknown): Promise<Response> {
  const { api: base, token } = fx.running.ready;
  const r = await fetch(`${base}${urlPath.replace(/^\/api/, '')}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(`${method} ${urlPath}: ${r.status} ${await r.text()}`);
  return r;
}

async function drawn(win: WindowInfo): Promise<void> {
  await waitFor(
    `drawn content in ${win.title}`,
    async () => {
      const png = Buffer.from(
        await (await api('GET', `/api/windows/${win.id}/screenshot.png`)).arrayBuffer(),
      );
      return distinctColours(await decodePng(png), undefined, 16) > 1;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}

async function noWindows(): Promise<void> {
  await waitFor('the windows to close', () => fx.wm.windows().length === 0, { timeoutMs: 10_000 });
}

describe('real clients through sommelier on the unix stream link', () => {
  for (const c of CLIENTS) {
    test(`${c.command[0]}: its window appears with its title and draws`, async () => {
      const run = throughLink(unixLink.address, c.command, c.env);
      try {
        const win = await fx.waitForWindow(
          `${c.title} through the link`,
          (w) => w.title === c.title && w.appId === `penguin:${c.appId}`,
          60_000,
        );
        assert.equal(win.pid, null, 'a client across a link has no pid');
        await drawn(win);
        assert.ok(run.running, run.tail());
      } finally {
        await run.kill();
      }
      await noWindows();
    });
  }

  test('text typed on exo reaches a shell in foot', async () => {
    const file = path.join(path.dirname(fx.socket), 'typed-through-link.txt');
    const run = throughLink(unixLink.address, [
      'foot',
      '-T',
      'typing',
      'sh',
      '-c',
      `read l; echo "$l" > '${file}'`,
    ]);
    try {
      const win = await fx.waitForWindow('foot', (w) => w.title === 'typing', 30_000);
      await api('POST', '/api/input', { type: 'click', x: win.x + 20, y: win.y + 20 });
      await waitFor('foot to have the keyboard', () => fx.window(win.id).focused);
      await api('POST', '/api/input', { type: 'text', text: 'over the stream link\n' });
      const got = await waitFor('the typed line', () => {
        const s = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        return s.endsWith('\n') ? s : undefined;
      });
      assert.equal(got, 'over the stream link\n');
    } finally {
      await run.kill();
    }
    await noWindows();
  });

  test('a GTK 3 context menu opens as a popup of its window', async () => {
    const run = throughLink(unixLink.address, ['gtk3-widget-factory'], GTK_ENV);
    try {
      const w = await fx.waitForWindow('gtk3', (x) => x.appId === 'penguin:gtk3-widget-factory', 60_000);
      await drawn(w);
      const surface = fx.wm.windowSurface(w.id)!;
      const popups = () =>
        fx.wm
          .roots()
          .filter((r) => r.surface.resource.client === surface.resource.client && r.surface !== surface);
      const seat = fx.exo.seat!;
      // The first combo box entry of the widget factory's first page; a person's pace between moves.
      seat.pointerMotion(w.x + 100, w.y + 73);
      await new Promise((r) => setTimeout(r, 300));
      seat.pointerButton(BTN_RIGHT, true);
      seat.pointerButton(BTN_RIGHT, false);
      const menu = await waitFor('the context menu', () => popups()[0], { timeoutMs: 15_000 });
      assert.ok(menu.x >= w.x && menu.y >= w.y, `the menu at ${menu.x},${menu.y} is by its window`);
      seat.pointerMotion(1270, 790);
      await new Promise((r) => setTimeout(r, 300));
      seat.pointerButton(BTN_LEFT, true);
      seat.pointerButton(BTN_LEFT, false);
      await waitFor('the menu to close', () => popups().length === 0);
    } finally {
      await run.kill();
    }
    await noWindows();
  });
});

test('over TCP, one sommelier serves several clients on one link', async () => {
  const dir = path.dirname(fx.socket);
  const som = await startLinkSommelier(dir, tcpLink.address);
  const a = spawnGuest(dir, som.socket, 'weston-simple-shm');
  const b = spawnGuest(dir, som.socket, 'weston-subsurfaces');
  try {
    await fx.waitForWindow(
      'simple-shm over tcp',
      (w) => w.appId === 'penguin:org.freedesktop.weston.simple-shm',
    );
    const sub = await fx.waitForWindow('subsurfaces over tcp', (w) => w.title === 'Wayland Sub-surface Demo');
    await drawn(sub);
  } finally {
    await Promise.all([a.kill(), b.kill()]);
    await som.stop();
  }
  await noWindows();
});
