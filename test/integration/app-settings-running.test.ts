// A scale set while an app runs applies live to Wayland clients that follow output scale
// changes (foot, GTK): their windows change size on the host at once, and a click still lands
// on the same content. A client that knows of no output keeps its scale until its next launch.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { WlOutputProxy, WlSeatProxy } from '../../protos/gen/client/wayland.js';
import { parseHostAddress } from '../../sommelier/src/host/host-address.js';
import { writeSettingsFile, type AppSettings } from '../../sommelier/src/settings/app-settings.js';
import { Sommelier } from '../../sommelier/src/sommelier.js';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { GTK_ENV, startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { spawnGuest } from './sommelier-fixture.js';

let exo: ExoProcess;
let som: Sommelier;
let socket: string;
let configDir: string;
let file: string;

before(async () => {
  exo = await startExoProcess({ size: '1600x1000' });
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-running-'));
  file = path.join(configDir, 'app-settings.json');
  writeSettingsFile(file, { default: {}, apps: {} });
  som = await Sommelier.start({
    host: parseHostAddress(`wayland:${exo.wayland}`),
    scale: 1,
    dpi: [],
    guestName: 'penguin',
    settingsFile: file,
  });
  socket = som.listen(path.join(exo.runtimeDir, 'sommelier-running'));
});

after(async () => {
  som?.destroy();
  await exo?.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

function settings(apps: AppSettings['apps']): void {
  writeSettingsFile(file, { default: {}, apps });
}

async function windowOf(appId: string, pred: (w: WindowInfo) => boolean = () => true): Promise<WindowInfo> {
  return exo.waitForWindow((w) => w.appId === `penguin:${appId}` && w.width > 0 && pred(w), 20_000);
}

/** Waits until the window's size is `k` times `before` (within rounding and a toolkit's few pixels). */
async function scaledBy(appId: string, before: WindowInfo, k: number): Promise<WindowInfo> {
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(4, b * 0.03);
  return windowOf(appId, (w) => near(w.width, before.width * k) && near(w.height, before.height * k));
}

test('foot grows to 200% while running, and back to 100%', async () => {
  const foot = spawnGuest(exo.runtimeDir, socket, 'foot', ['-a', 'livefoot', 'sh', '-c', 'sleep 60']);
  try {
    const w1 = await windowOf('livefoot');
    settings({ livefoot: { scale: 2 } });
    const w2 = await scaledBy('livefoot', w1, 2);
    assert.equal(w2.id, w1.id, 'the same window');
    settings({ livefoot: { scale: 1 } });
    await scaledBy('livefoot', w1, 1);
  } finally {
    await foot.kill();
  }
});

test('gtk3-widget-factory changes size while running', async () => {
  const gtk = spawnGuest(exo.runtimeDir, socket, 'env', [
    ...Object.entries(GTK_ENV).map(([k, v]) => `${k}=${v}`),
    'gtk3-widget-factory',
  ]);
  const appId = 'gtk3-widget-factory';
  try {
    const w1 = await windowOf(appId);
    settings({ [appId]: { scale: 2 } });
    await scaledBy(appId, w1, 2);
    settings({ [appId]: { scale: 1.5 } });
    await scaledBy(appId, w1, 1.5);
  } finally {
    await gtk.kill();
  }
});

test('gtk4-widget-factory changes size while running', async () => {
  const gtk = spawnGuest(exo.runtimeDir, socket, 'env', [
    ...Object.entries(GTK_ENV).map(([k, v]) => `${k}=${v}`),
    'gtk4-widget-factory',
  ]);
  const appId = 'gtk4-widget-factory';
  try {
    const w1 = await windowOf(appId);
    settings({ [appId]: { scale: 2 } });
    await scaledBy(appId, w1, 2);
  } finally {
    await gtk.kill();
  }
});

test('a running client that follows outputs: sizes, input and maximized configures at the new scale', async () => {
  const c = await TestClient.connect(socket);
  try {
    const scales: number[] = [];
    c.bind(WlOutputProxy, 2).on({ scale: (f) => scales.push(f) });
    const clicks: Array<[number, number]> = [];
    let at: [number, number] = [0, 0];
    const pointer = c.bind(WlSeatProxy, 5).getPointer();
    pointer.on({
      enter: (_s, _sf, x, y) => void (at = [x, y]),
      motion: (_t, x, y) => void (at = [x, y]),
      button: (_s, _t, _b, state) => void (state === 1 && clicks.push(at)),
    });
    const win = await c.toplevel({ appId: 'live.test', width: 200, height: 100 });
    const w1 = await windowOf('live.test');
    assert.equal(w1.width, 200);
    const click = async (w: WindowInfo, gx: number, gy: number, k: number): Promise<[number, number]> => {
      const n = clicks.length;
      await exo.input({ type: 'click', x: w.x + gx * k, y: w.y + gy * k, button: 'left' });
      await waitFor('the click', async () => {
        await c.roundtrip();
        return clicks.length > n;
      });
      return clicks.at(-1)!;
    };
    assert.deepEqual(await click(w1, 50, 30, 1), [50, 30]);

    settings({ 'live.test': { scale: 2 } });
    const w2 = await windowOf('live.test', (w) => w.width === 400);
    assert.equal(w2.height, 200, 'the host size follows at once, without a new buffer');
    await waitFor('wl_output.scale 2', async () => {
      await c.roundtrip();
      return scales.at(-1) === 2;
    });
    assert.deepEqual(await click(w2, 50, 30, 2), [50, 30], 'the click lands on the same guest pixel');

    // Maximized: the host's size is sent again, divided by the new scale.
    const sizes: Array<[number, number]> = [];
    win.toplevel.on({ configure: (w, h) => void sizes.push([w, h]) });
    await exo.act(w2.id, { action: 'maximize' });
    await waitFor('the maximized configure', async () => {
      await c.roundtrip();
      return sizes.some(([w]) => w > 400);
    });
    const [mw, mh] = sizes.at(-1)!;
    settings({ 'live.test': { scale: 1 } });
    await waitFor('the configure at the new scale', async () => {
      await c.roundtrip();
      const last = sizes.at(-1)!;
      return last[0] === mw * 2 && last[1] === mh * 2;
    });
  } finally {
    c.close();
  }
});

test('a client that binds no output keeps its scale until its next launch', async () => {
  const run = spawnGuest(exo.runtimeDir, socket, 'weston-simple-shm');
  const appId = 'org.freedesktop.weston.simple-shm';
  try {
    const w1 = await windowOf(appId);
    assert.equal(w1.width, 250);
    settings({ [appId]: { scale: 2 } });
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await windowOf(appId)).width, 250);
  } finally {
    await run.kill();
    await waitFor('no windows left', async () => (await exo.windows()).length === 0, { timeoutMs: 5000 });
  }
  const again = spawnGuest(exo.runtimeDir, socket, 'weston-simple-shm');
  try {
    assert.equal((await windowOf(appId)).width, 500);
  } finally {
    await again.kill();
  }
});
