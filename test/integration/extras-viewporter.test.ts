// wp_viewporter against a running exo, with our own client: the protocol errors, and a
// destination size that resizes the window the control API reports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WpViewporterProxy } from '../../protos/gen/client/viewporter.js';
import { WpViewportError, WpViewporterError } from '../../protos/gen/spec/viewporter.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';

describe('wp_viewporter', () => {
  let exo: ExoProcess;
  const clients: TestClient[] = [];
  before(async () => {
    exo = await startExoProcess();
  });
  after(async () => {
    for (const c of clients) c.close();
    await exo?.stop();
  });

  async function client(): Promise<TestClient> {
    const c = await TestClient.connect(exo.wayland);
    clients.push(c);
    return c;
  }

  /** A fresh client with a surface and its viewport. */
  async function viewportSetup() {
    const c = await client();
    const surface = c.createSurface();
    const viewport = c.bind(WpViewporterProxy).getViewport(surface);
    return { c, surface, viewport };
  }

  async function expectError(c: TestClient, iface: string, code: number, message: RegExp): Promise<void> {
    const err = await c.protocolError();
    assert.equal(err.interfaceName, iface, err.message);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
  }

  test('the global is advertised at version 1', async () => {
    const c = await client();
    assert.deepEqual(
      c.globals.filter((g) => g.interface === 'wp_viewporter').map((g) => g.version),
      [1],
    );
  });

  test('set_source with a negative origin is bad_value', async () => {
    const { c, viewport } = await viewportSetup();
    viewport.setSource(-2, 0, 10, 10);
    await expectError(c, 'wp_viewport', WpViewportError.BadValue, /set_source/);
  });

  test('set_source with a zero width is bad_value', async () => {
    const { c, viewport } = await viewportSetup();
    viewport.setSource(0, 0, 0, 10);
    await expectError(c, 'wp_viewport', WpViewportError.BadValue, /width and height > 0/);
  });

  test('set_destination with a zero or negative size is bad_value; -1,-1 unsets', async () => {
    const ok = await viewportSetup();
    ok.viewport.setDestination(-1, -1);
    ok.viewport.setSource(-1, -1, -1, -1);
    ok.surface.commit();
    await ok.c.roundtrip();
    assert.equal(ok.c.conn.error, null);

    const { c, viewport } = await viewportSetup();
    viewport.setDestination(0, 20);
    await expectError(c, 'wp_viewport', WpViewportError.BadValue, /set_destination/);
  });

  test('a second viewport for the same surface is viewport_exists', async () => {
    const { c, surface } = await viewportSetup();
    c.bind(WpViewporterProxy).getViewport(surface);
    await expectError(c, 'wp_viewporter', WpViewporterError.ViewportExists, /already has a wp_viewport/);
  });

  test('after destroying a viewport the surface may get a new one', async () => {
    const { c, surface, viewport } = await viewportSetup();
    viewport.destroy();
    c.bind(WpViewporterProxy).getViewport(surface);
    await c.roundtrip();
    assert.equal(c.conn.error, null);
  });

  test('a source rectangle outside the buffer is out_of_buffer at commit', async () => {
    const { c, surface, viewport } = await viewportSetup();
    surface.attach(c.shmBuffer(100, 80), 0, 0);
    viewport.setSource(50, 40, 60, 10);
    await c.roundtrip();
    assert.equal(c.conn.error, null, 'the request alone is fine: the check is at commit');
    surface.commit();
    await expectError(c, 'wp_viewport', WpViewportError.OutOfBuffer, /outside the buffer/);
  });

  test('a fractional source size without a destination is bad_size at commit', async () => {
    const { c, surface, viewport } = await viewportSetup();
    surface.attach(c.shmBuffer(100, 80), 0, 0);
    viewport.setSource(0, 0, 10.5, 10);
    surface.commit();
    await expectError(c, 'wp_viewport', WpViewportError.BadSize, /not whole pixels/);
  });

  test('requests on a viewport whose surface is gone are no_surface', async () => {
    const { c, surface, viewport } = await viewportSetup();
    surface.destroy();
    viewport.setDestination(10, 10);
    await expectError(c, 'wp_viewport', WpViewportError.NoSurface, /destroyed/);
  });

  test('a destination size becomes the window size the API reports, and a screenshot shows it scaled', async () => {
    const c = await client();
    const win = await c.toplevel({
      title: 'viewport-dest',
      appId: 'tartine.test.viewport',
      width: 120,
      height: 90,
    });
    const before = await exo.waitForWindow((w) => w.title === 'viewport-dest');
    assert.deepEqual([before.width, before.height], [120, 90]);

    const viewport = c.bind(WpViewporterProxy).getViewport(win.surface);
    viewport.setDestination(300, 200);
    win.surface.commit();
    await c.roundtrip();
    await waitFor('the window to be 300x200', async () => {
      const w = (await exo.windows()).find((x) => x.id === before.id);
      return w && w.width === 300 && w.height === 200 ? w : undefined;
    });
    const shot = await exo.windowScreenshot(before.id);
    assert.deepEqual([shot.width, shot.height], [300, 200]);

    // Destroying the viewport takes crop and scale away at the next commit.
    viewport.destroy();
    win.surface.commit();
    await c.roundtrip();
    await waitFor('the window to be 120x90 again', async () => {
      const w = (await exo.windows()).find((x) => x.id === before.id);
      return w && w.width === 120 && w.height === 90 ? w : undefined;
    });
  });
});
