import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WlCompositorProxy, WlShmProxy, type WlRegistryProxy } from '../../protos/gen/client/wayland.js';
import { Connection } from '../../compositor/src/client/connection.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd, mapShared } from '../../compositor/src/native/shared-memory.js';
import { spawnWeston, type ChildCompositor } from './processes.js';

// Our client side against the reference compositor: if weston accepts what we send, our encoding
// of requests and fds is right.
describe('our client against weston (headless)', () => {
  let weston: ChildCompositor;
  before(async () => {
    weston = await spawnWeston();
  });
  after(async () => {
    await weston.stop();
  });

  async function connect(): Promise<{
    conn: Connection;
    registry: WlRegistryProxy;
    globals: Map<string, { name: number; version: number }>;
  }> {
    const conn = Connection.connect(weston.socket);
    const globals = new Map<string, { name: number; version: number }>();
    const registry = conn.display.getRegistry().on({
      global: (name, iface, version) => globals.set(iface, { name, version }),
    });
    await conn.roundtrip();
    return { conn, registry, globals };
  }

  it("lists weston's globals", async () => {
    const { conn, globals } = await connect();
    for (const iface of ['wl_compositor', 'wl_shm', 'xdg_wm_base', 'wl_output', 'wl_subcompositor'])
      assert.ok(globals.has(iface), `weston advertises ${iface}: ${[...globals.keys()].join(' ')}`);
    conn.close();
  });

  it('shares an shm buffer from a memfd, attaches it and commits without a protocol error', async () => {
    const { conn, registry, globals } = await connect();
    const compositor = registry.bind(globals.get('wl_compositor')!.name, WlCompositorProxy, 4);
    const formats: number[] = [];
    const shm = registry.bind(globals.get('wl_shm')!.name, WlShmProxy, 1).on({
      format: (f) => formats.push(f),
    });
    await conn.roundtrip();
    assert.ok(formats.includes(0) && formats.includes(1), `argb8888 and xrgb8888 in ${formats.join(',')}`);

    const width = 64;
    const height = 48;
    const stride = width * 4;
    const size = stride * height;
    const fd = createMemfd('tartine-test-pool', size);
    const pixels = mapShared(fd, size, true);
    pixels.fill(0x80);
    const pool = shm.createPool(fd, size);
    closeFd(fd); // the request carried a duplicate
    const buffer = pool.createBuffer(0, width, height, stride, 1);
    const surface = compositor.createSurface();
    surface.attach(buffer, 0, 0);
    surface.damage(0, 0, width, height);
    surface.commit();
    await conn.roundtrip();
    assert.equal(conn.error, null);

    // Tear down in order and check weston is still happy with us.
    surface.attach(null, 0, 0);
    surface.commit();
    buffer.destroy();
    pool.destroy();
    surface.destroy();
    await conn.roundtrip();
    assert.equal(conn.error, null);
    assert.equal(conn.isClosed, false);
    conn.close();
  });
});
