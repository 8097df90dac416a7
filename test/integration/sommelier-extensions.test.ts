// The per-surface extensions through sommelier, on an exo at output scale 1.5 with sommelier at
// scale 2: fractional scale and xdg_output follow the client's scale, a guest wp_viewport is
// folded into the host one, decorations pass through.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WpFractionalScaleManagerV1Proxy } from '../../protos/gen/client/fractional-scale-v1.js';
import { WpViewporterProxy } from '../../protos/gen/client/viewporter.js';
import { WlOutputProxy } from '../../protos/gen/client/wayland.js';
import { ZxdgDecorationManagerV1Proxy } from '../../protos/gen/client/xdg-decoration-unstable-v1.js';
import { XdgWmBaseProxy } from '../../protos/gen/client/xdg-shell.js';
import { ZxdgToplevelDecorationV1Mode } from '../../protos/gen/spec/xdg-decoration-unstable-v1.js';
import { ZxdgOutputManagerV1Proxy } from '../../protos/gen/client/xdg-output-unstable-v1.js';
import { WpViewporterError } from '../../protos/gen/spec/viewporter.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { startSommelierProcess, type SommelierRun } from './sommelier-fixture.js';

let exo: ExoProcess;
let som: SommelierRun;

before(async () => {
  exo = await startExoProcess({ scale: 1.5, size: '1280x800' });
  som = await startSommelierProcess(exo.runtimeDir, exo.wayland, ['--scale', '2']);
});

after(async () => {
  await som?.stop();
  await exo?.stop();
});

function client(): Promise<TestClient> {
  return TestClient.connect(som.socket);
}

test('preferred_scale is the host one times the client scale (1.5 x 2 = 3)', async () => {
  const c = await client();
  try {
    const got: number[] = [];
    c.bind(WpFractionalScaleManagerV1Proxy)
      .getFractionalScale(c.createSurface())
      .on({ preferredScale: (v) => got.push(v) });
    assert.equal(await waitFor('preferred_scale', async () => (await c.roundtrip(), got[0])), 360);
  } finally {
    c.close();
  }
});

test('xdg_output gives the host logical size divided by the client scale', async () => {
  const c = await client();
  try {
    let size: [number, number] | null = null;
    c.bind(ZxdgOutputManagerV1Proxy)
      .getXdgOutput(c.bind(WlOutputProxy))
      .on({ logicalSize: (w, h) => (size = [w, h]) });
    await c.roundtrip();
    assert.deepEqual(size, [640, 400]);
  } finally {
    c.close();
  }
});

test('a guest viewport sets the window size; a second viewport is viewport_exists', async () => {
  const c = await client();
  try {
    const win = await c.toplevel({ title: 'viewport', width: 100, height: 80 });
    const viewporter = c.bind(WpViewporterProxy);
    const vp = viewporter.getViewport(win.surface);
    vp.setDestination(50, 40);
    win.surface.commit();
    await exo.waitForWindow((w) => w.title === 'viewport' && w.width === 100 && w.height === 80);
    viewporter.getViewport(win.surface);
    const err = await c.protocolError();
    assert.equal(err.interfaceName, 'wp_viewporter');
    assert.equal(err.code, WpViewporterError.ViewportExists);
  } finally {
    c.close();
  }
});

test('server-side decoration requests and configures pass through', async () => {
  const c = await client();
  try {
    const surface = c.createSurface();
    const xdgSurface = c.bind(XdgWmBaseProxy).getXdgSurface(surface);
    const toplevel = xdgSurface.getToplevel();
    toplevel.setTitle('decorated');
    const modes: number[] = [];
    const serials: number[] = [];
    xdgSurface.on({ configure: (serial) => serials.push(serial) });
    const deco = c.bind(ZxdgDecorationManagerV1Proxy).getToplevelDecoration(toplevel);
    deco.on({ configure: (m) => modes.push(m) });
    deco.setMode(ZxdgToplevelDecorationV1Mode.ServerSide);
    surface.commit();
    await waitFor('the first configure', async () => (await c.roundtrip(), serials.length > 0));
    assert.equal(modes.at(-1), ZxdgToplevelDecorationV1Mode.ServerSide);
    xdgSurface.ackConfigure(serials.at(-1)!);
    surface.attach(c.shmBuffer(60, 40), 0, 0);
    surface.commit();
    await exo.waitForWindow((w) => w.title === 'decorated' && w.decorated);
  } finally {
    c.close();
  }
});
