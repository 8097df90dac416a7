// Real clients against the window manager: each maps a window with its title and app id, and
// the window manager's actions (maximize, fullscreen, minimize, resize, close) reach them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { waitFor } from '../harness/poll.js';
import { startShellExo, type ShellExo } from './shell-fixture.js';

const GTK_ENV: NodeJS.ProcessEnv = {
  GSK_RENDERER: 'cairo',
  GDK_BACKEND: 'wayland',
  NO_AT_BRIDGE: '1',
  GTK_A11Y: 'none',
};

interface ClientCase {
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  title: string;
  appId: string;
  /** Asks for server-side decorations through xdg-decoration. */
  decorated: boolean;
}

const CLIENTS: ClientCase[] = [
  {
    command: 'weston-simple-shm',
    title: 'simple-shm',
    appId: 'org.freedesktop.weston.simple-shm',
    decorated: false,
  },
  {
    command: 'weston-terminal',
    args: ['--shell=/bin/sh'],
    title: 'Wayland Terminal',
    appId: 'org.freedesktop.weston.wayland-terminal',
    decorated: false,
  },
  { command: 'foot', args: ['sh', '-c', 'sleep 600'], title: 'foot', appId: 'foot', decorated: true },
  {
    command: 'gtk3-widget-factory',
    env: GTK_ENV,
    title: 'gtk3-widget-factory',
    appId: 'gtk3-widget-factory',
    decorated: false,
  },
  {
    command: 'gtk4-widget-factory',
    env: GTK_ENV,
    title: 'GTK Widget Factory',
    appId: 'gtk4-widget-factory',
    decorated: false,
  },
  {
    command: 'weston-subsurfaces',
    title: 'Wayland Sub-surface Demo',
    appId: 'org.freedesktop.weston.wayland-sub-surface-demo',
    decorated: false,
  },
];

describe('real clients map windows', () => {
  let fx: ShellExo;
  before(async () => {
    fx = await startShellExo();
  });
  after(() => fx?.stop());

  for (const c of CLIENTS) {
    test(`${c.command}: a mapped, focused window titled ${JSON.stringify(c.title)}`, async () => {
      const client = fx.spawn(c.command, c.args, c.env);
      try {
        const win = await fx.waitForWindow(
          `${c.command}'s window`,
          (w) => w.title === c.title && w.appId === c.appId,
          60_000,
        );
        assert.ok(win.width > 0 && win.height > 0, `size ${win.width}×${win.height}`);
        assert.equal(win.pid, client.pid);
        assert.equal(win.decorated, c.decorated, 'decoration mode');
        assert.equal(win.focused, true, 'a new window is activated');
        const surface = fx.wm.windowSurface(win.id);
        assert.ok(surface?.mapped, 'its surface is mapped');
        assert.ok(
          fx.wm.roots().some((r) => r.surface === surface),
          'its surface is in the scene',
        );
      } finally {
        await client.kill();
      }
      await waitFor(`${c.command}'s window to go away`, () =>
        fx.wm.windows().every((w) => w.appId !== c.appId),
      );
    });
  }
});

describe('window actions reach real clients', () => {
  let fx: ShellExo;
  before(async () => {
    fx = await startShellExo('1024x768');
  });
  after(() => fx?.stop());

  /** Waits until the window `id` satisfies `ok` (the client acked and committed). */
  const until = (id: number, what: string, ok: (w: WindowInfo) => boolean) =>
    waitFor(what, () => {
      const w = fx.window(id);
      return ok(w) ? w : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}; window now ${JSON.stringify(fx.wm.windows())}\n${fx.report()}`);
    });

  test('foot: maximize, restore, fullscreen, resize, minimize and activate', async () => {
    const client = fx.spawn('foot', ['sh', '-c', 'sleep 600']);
    try {
      const win = await fx.waitForWindow('foot', (w) => w.appId === 'foot');
      const normal = { x: win.x, y: win.y, width: win.width, height: win.height };

      fx.wm.act(win.id, { action: 'maximize' });
      await until(win.id, 'maximized', (w) => w.maximized && w.width === 1024 && w.height === 768);
      assert.deepEqual([fx.window(win.id).x, fx.window(win.id).y], [0, 0]);

      fx.wm.act(win.id, { action: 'unmaximize' });
      const restored = await until(win.id, 'restored', (w) => !w.maximized && w.width === normal.width);
      assert.deepEqual(
        [restored.x, restored.y, restored.width, restored.height],
        [normal.x, normal.y, normal.width, normal.height],
      );

      fx.wm.act(win.id, { action: 'fullscreen' });
      await until(win.id, 'fullscreen', (w) => w.fullscreen && w.width === 1024 && w.height === 768);
      fx.wm.act(win.id, { action: 'unfullscreen' });
      await until(win.id, 'not fullscreen', (w) => !w.fullscreen && w.width === normal.width);

      fx.wm.act(win.id, { action: 'resize', width: 500, height: 300 });
      await until(win.id, 'resized to 500×300', (w) => w.width === 500 && w.height === 300);

      fx.wm.act(win.id, { action: 'move', x: 200, y: 150 });
      assert.deepEqual([fx.window(win.id).x, fx.window(win.id).y], [200, 150]);
      const surface = fx.wm.windowSurface(win.id)!;
      assert.ok(fx.wm.roots().some((r) => r.surface === surface && r.x === 200 && r.y === 150));

      const states = () => fx.wm.byId(win.id)!.current;
      fx.wm.act(win.id, { action: 'minimize' });
      assert.equal(fx.window(win.id).minimized, true);
      assert.ok(!fx.wm.roots().some((r) => r.surface === surface), 'minimized windows are not drawn');
      await waitFor('foot to commit the deactivated state', () => !states().activated);
      fx.wm.act(win.id, { action: 'activate' });
      assert.equal(fx.window(win.id).minimized, false);
      assert.equal(fx.window(win.id).focused, true);
      await waitFor('foot to commit the activated state', () => states().activated);
      // State-only configures (0×0) leave the size the client has.
      assert.deepEqual([fx.window(win.id).width, fx.window(win.id).height], [500, 300]);
      assert.equal(fx.window(win.id).unresponsive, false);
    } finally {
      await client.kill();
    }
  });

  test('two clients: clicking one activates it, the other loses the activated state', async () => {
    const a = fx.spawn('weston-simple-shm');
    const b = fx.spawn('foot', ['sh', '-c', 'sleep 600']);
    try {
      const wa = await fx.waitForWindow('simple-shm', (w) => w.title === 'simple-shm');
      const wb = await fx.waitForWindow('foot', (w) => w.appId === 'foot');
      fx.wm.pointerPressed(fx.wm.windowSurface(wa.id));
      assert.equal(fx.window(wa.id).focused, true);
      assert.equal(fx.window(wb.id).focused, false);
      assert.equal(fx.wm.windows().at(-1)?.id, wa.id, 'the clicked window is on top');
      fx.wm.pointerPressed(fx.wm.windowSurface(wb.id));
      assert.equal(fx.window(wb.id).focused, true);
      assert.equal(fx.wm.windows().at(-1)?.id, wb.id);
    } finally {
      await Promise.all([a.kill(), b.kill()]);
    }
  });

  test('close asks weston-simple-shm to quit, and its window goes away', async () => {
    const client = fx.spawn('weston-simple-shm');
    const win = await fx.waitForWindow('simple-shm', (w) => w.title === 'simple-shm');
    fx.wm.act(win.id, { action: 'close' });
    const exit = await waitFor('weston-simple-shm to exit', () => client.exit ?? undefined).finally(() =>
      client.kill(),
    );
    assert.equal(exit.code, 0);
    await waitFor('the window to go away', () => fx.wm.windows().every((w) => w.id !== win.id));
  });
});
