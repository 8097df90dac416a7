// A client's scale switches when its app id arrives: before it has drawn, the outputs are sent
// again at the new scale and its first frame is sized by it; after, the switch is live for a
// client that follows outputs, and waits for the next launch for one that binds none.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { WlCompositorProxy, WlOutputProxy } from '../../protos/gen/client/wayland.js';
import { ZxdgOutputManagerV1Proxy } from '../../protos/gen/client/xdg-output-unstable-v1.js';
import { parseHostAddress } from '../../sommelier/src/host/host-address.js';
import { writeSettingsFile } from '../../sommelier/src/settings/app-settings.js';
import { Sommelier } from '../../sommelier/src/sommelier.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { TestClient } from '../harness/wayland-test-client.js';

let exo: ExoProcess;
let som: Sommelier;
let socket: string;
let configDir: string;

before(async () => {
  exo = await startExoProcess({ size: '1200x800' });
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-live-'));
  const settingsFile = path.join(configDir, 'app-settings.json');
  writeSettingsFile(settingsFile, { default: {}, apps: { 'live.app': { scale: 2 } } });
  som = await Sommelier.start({
    host: parseHostAddress(`wayland:${exo.wayland}`),
    scale: 1,
    dpi: [],
    guestName: 'penguin',
    settingsFile,
  });
  socket = som.listen(path.join(exo.runtimeDir, 'sommelier-live'));
});

after(async () => {
  som?.destroy();
  await exo?.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

test('the app id switches an undrawn client to its scale and re-sends the outputs', async () => {
  const c = await TestClient.connect(socket);
  try {
    const scales: number[] = [];
    const sizes: Array<[number, number]> = [];
    const output = c.bind(WlOutputProxy, 2);
    output.on({ scale: (f) => scales.push(f) });
    const xdgOutput = c.bind(ZxdgOutputManagerV1Proxy, 3).getXdgOutput(output);
    xdgOutput.on({ logicalSize: (w, h) => sizes.push([w, h]) });
    await c.roundtrip();
    // (exo may send an output's state more than once: only the values matter.)
    assert.deepEqual(new Set(scales), new Set([1]));
    assert.deepEqual(sizes.at(-1), [1200, 800]);
    const before = scales.length;
    await c.toplevel({ appId: 'live.app', width: 100, height: 50 });
    assert.deepEqual(scales.slice(before), [2], 'wl_output.scale sent again, once');
    assert.deepEqual(sizes.at(-1), [600, 400], 'xdg_output logical size sent again');
    const win = await exo.waitForWindow((w) => w.appId === 'penguin:live.app');
    assert.equal(win.width, 200);
    assert.equal(win.height, 100);
  } finally {
    c.close();
  }
});

test('a client that drew before setting its app id switches live when it follows outputs', async () => {
  const c = await TestClient.connect(socket);
  try {
    const scales: number[] = [];
    c.bind(WlOutputProxy, 2).on({ scale: (f) => scales.push(f) });
    const win = await c.toplevel({ title: 'late id', width: 100, height: 50 });
    win.toplevel.setAppId('live.app');
    await c.roundtrip();
    assert.equal(scales.at(-1), 2);
    const w = await exo.waitForWindow((x) => x.appId === 'penguin:live.app' && x.title === 'late id');
    assert.equal(w.width, 200);
  } finally {
    c.close();
  }
});

test('a client that drew before setting its app id and binds no output keeps its scale', async () => {
  const c = await TestClient.connect(socket);
  try {
    // wl_compositor 6 would tell it a preferred buffer scale: version 4 tells it nothing.
    c.bind(WlCompositorProxy, 4);
    const win = await c.toplevel({ title: 'no output', width: 100, height: 50 });
    win.toplevel.setAppId('live.app');
    await c.roundtrip();
    const w = await exo.waitForWindow((x) => x.appId === 'penguin:live.app' && x.title === 'no output');
    assert.equal(w.width, 100);
  } finally {
    c.close();
  }
});
