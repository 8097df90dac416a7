import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WlCompositorProxy, WlShmProxy } from '../../protos/gen/client/wayland.js';
import { Connection } from '../../compositor/src/client/connection.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd } from '../../compositor/src/native/shared-memory.js';
import { openFdCount, waitFor } from '../../compositor/src/testing/fd-count.js';
import { startMiniServer } from './mini-server.js';
import { processFdCount, spawnExo } from './processes.js';

const CLIENTS = 500;
const BATCH = 50;

/**
 * One client's life: registry, and for some clients an shm pool from a memfd with a buffer on a
 * surface; some tidy up before closing, others just hang up with everything alive.
 */
async function clientLife(socket: string, i: number): Promise<Connection> {
  const conn = Connection.connect(socket);
  const globals = new Map<string, number>();
  const registry = conn.display.getRegistry().on({ global: (name, iface) => globals.set(iface, name) });
  await conn.roundtrip();
  if (i % 3 === 0) {
    const compositor = registry.bind(globals.get('wl_compositor')!, WlCompositorProxy, 4);
    const shm = registry.bind(globals.get('wl_shm')!, WlShmProxy, 1);
    const fd = createMemfd('leak-test', 64 * 64 * 4);
    const pool = shm.createPool(fd, 64 * 64 * 4);
    closeFd(fd);
    const buffer = pool.createBuffer(0, 64, 64, 256, 1);
    const surface = compositor.createSurface();
    surface.attach(buffer, 0, 0);
    surface.commit();
    if (i % 2 === 0) {
      surface.destroy();
      buffer.destroy();
      pool.destroy();
    }
    await conn.roundtrip();
  }
  assert.equal(conn.error, null);
  return conn;
}

async function churn(socket: string, clientCount: () => number): Promise<void> {
  for (let start = 0; start < CLIENTS; start += BATCH) {
    const conns = await Promise.all(Array.from({ length: BATCH }, (_, k) => clientLife(socket, start + k)));
    for (const c of conns) c.close();
    await waitFor(() => clientCount() === 0, 'the server to drop a batch of clients', 20000);
  }
}

describe('no fd leaks over 500 clients', () => {
  it('in-process server and client: /proc/self/fd returns to where it was', async () => {
    const server = startMiniServer();
    try {
      const count = (): number => server.display.clients.size;
      (await clientLife(server.socket, 0)).close(); // warm-up: lazy native state
      await waitFor(() => count() === 0, 'the warm-up client to go');
      const before = openFdCount();
      await churn(server.socket, count);
      await waitFor(() => openFdCount() <= before, `fds back to ${before} (now ${openFdCount()})`);
      assert.equal(openFdCount(), before);
      assert.equal(server.openPools.size, 0);
    } finally {
      server.close();
    }
  });

  it('exo in a child process: its /proc/<pid>/fd and ours return to where they were', async () => {
    const exo = await spawnExo();
    try {
      // The child's count only: clients are gone when its fd count is back (listening socket,
      // lock file, event loop fds and the like were there before and stay).
      (await clientLife(exo.socket, 0)).close();
      await new Promise((r) => setTimeout(r, 200));
      const serverBefore = processFdCount(exo.pid);
      const ourBefore = openFdCount();
      for (let start = 0; start < CLIENTS; start += BATCH) {
        const conns = await Promise.all(
          Array.from({ length: BATCH }, (_, k) => clientLife(exo.socket, start + k)),
        );
        assert.ok(processFdCount(exo.pid) >= serverBefore + BATCH, 'the server holds one fd per client');
        for (const c of conns) c.close();
        await waitFor(
          () => processFdCount(exo.pid) <= serverBefore,
          `exo's fds back to ${serverBefore} (now ${processFdCount(exo.pid)})`,
          20000,
        );
      }
      assert.equal(processFdCount(exo.pid), serverBefore);
      assert.equal(openFdCount(), ourBefore);
    } finally {
      await exo.stop();
    }
  });
});
