import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMiniServer, type MiniServer } from './mini-server.js';
import { run } from './processes.js';

// A real libwayland client (Debian's wayland-info) against a server built on our engine alone.
describe('wayland-info against the engine', () => {
  let server: MiniServer;
  before(() => {
    server = startMiniServer();
  });
  after(() => server.close());

  it('lists our globals and exits 0', async () => {
    const r = await run('wayland-info', [], {
      WAYLAND_DISPLAY: server.socket,
      XDG_RUNTIME_DIR: server.runtimeDir,
    });
    assert.equal(r.code, 0, `wayland-info failed: ${r.stderr}`);
    assert.match(r.stdout, /interface: 'wl_compositor',\s+version:\s+6/);
    assert.match(r.stdout, /interface: 'wl_shm',\s+version:\s+1/);
    // wl_shm formats arrive (its bind handler ran and its events were flushed).
    assert.match(r.stdout, /'XR24'/);
    // wayland-info disconnected: the server dropped it.
    const deadline = Date.now() + 5000;
    while (server.display.clients.size > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.display.clients.size, 0);
  });
});
