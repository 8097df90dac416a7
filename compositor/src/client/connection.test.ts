import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  WlCompositorProxy,
  WlDataDeviceManagerProxy,
  WlSeatProxy,
  type WlDataOfferProxy,
  type WlRegistryProxy,
} from '../../../protos/gen/client/wayland.js';
import {
  WlCompositorResource,
  WlDataDeviceManagerResource,
  WlSeatResource,
  type WlDataDeviceResource,
  type WlKeyboardResource,
} from '../../../protos/gen/server/wayland.js';
import { closeFd } from '../native/libc.js';
import { createMemfd } from '../native/shared-memory.js';
import { SocketTransport } from '../native/socket-transport.js';
import { socketPair } from '../native/unix-socket.js';
import { Display } from '../server/display.js';
import { openFdCount, waitFor } from '../testing/fd-count.js';
import { Connection, ConnectionError } from './connection.js';

/**
 * Our client side against an in-process server over a socketpair: real fds and real sockets,
 * with the server's resources at hand so a test can send events at exactly the wrong moment.
 */

let display: Display;
let keyboards: WlKeyboardResource[] = [];
let devices: WlDataDeviceResource[] = [];

// Globals: 1 wl_compositor (create_region fails on purpose), 2 wl_seat, 3 wl_data_device_manager.
before(() => {
  display = new Display();
  display.createGlobal(WlCompositorResource, 4, (r) =>
    r.setHandler({
      createSurface() {},
      createRegion(res) {
        throw res.error(7, 'regions are refused here');
      },
    }),
  );
  display.createGlobal(WlSeatResource, 7, (seat) =>
    seat.setHandler({
      getPointer() {},
      getTouch() {},
      getKeyboard: (_r, kb) => {
        keyboards.push(kb);
        kb.setHandler({});
      },
    }),
  );
  display.createGlobal(WlDataDeviceManagerResource, 3, (m) =>
    m.setHandler({
      createDataSource() {},
      getDataDevice: (_r, dev) => {
        devices.push(dev);
        dev.setHandler({ startDrag() {}, setSelection() {} });
      },
    }),
  );
});
after(() => display.destroy());

function connect(): { conn: Connection; registry: WlRegistryProxy } {
  const [s, c] = socketPair();
  display.addClientFd(s);
  const conn = new Connection(new SocketTransport(c));
  return { conn, registry: conn.display.getRegistry() };
}

describe('client Connection', () => {
  it('roundtrips, in order, many at once', async () => {
    const { conn } = connect();
    const done: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => conn.roundtrip().then(() => done.push(i))));
    assert.deepEqual(
      done,
      Array.from({ length: 50 }, (_, i) => i),
    );
    // Callback ids were recycled through delete_id: objects do not pile up.
    await conn.roundtrip();
    assert.ok(conn.objectCount <= 3, `live proxies: ${conn.objectCount}`);
    conn.close();
  });

  it('an event with an fd to a destroyed proxy has its fd closed', async () => {
    keyboards = [];
    const { conn, registry } = connect();
    const seat = registry.bind(2, WlSeatProxy, 7);
    let keymaps = 0;
    const kb = seat.getKeyboard().on({ keymap: () => keymaps++ });
    await conn.roundtrip();
    const fdsBefore = openFdCount();
    // The client releases the keyboard while the server, not yet aware, sends a keymap.
    kb.release();
    const keymap = createMemfd('keymap', 4096);
    keyboards[0]!.sendKeymap(1, keymap, 4096);
    closeFd(keymap);
    await conn.roundtrip();
    assert.equal(keymaps, 0, 'the listener of a destroyed proxy is not called');
    assert.equal(conn.error, null);
    await waitFor(() => openFdCount() <= fdsBefore, `fds back to ${fdsBefore} (now ${openFdCount()})`);
    conn.close();
  });

  it('an event creating an object on a destroyed proxy: the new object is drained too', async () => {
    devices = [];
    const { conn, registry } = connect();
    const seat = registry.bind(2, WlSeatProxy, 7);
    const manager = registry.bind(3, WlDataDeviceManagerProxy, 3);
    const device = manager.getDataDevice(seat);
    await conn.roundtrip();
    device.release();
    const offer = devices[0]!.sendDataOffer();
    offer.sendOffer('text/plain');
    await conn.roundtrip();
    assert.equal(conn.error, null);
    assert.equal(conn.isClosed, false);
    conn.close();
  });

  it('events to a server-created object the client destroyed are drained', async () => {
    devices = [];
    const { conn, registry } = connect();
    const seat = registry.bind(2, WlSeatProxy, 7);
    const manager = registry.bind(3, WlDataDeviceManagerProxy, 3);
    let offer: WlDataOfferProxy | null = null;
    manager.getDataDevice(seat).on({ dataOffer: (o) => (offer = o) });
    await conn.roundtrip();
    const serverOffer = devices[0]!.sendDataOffer();
    await conn.roundtrip();
    assert.ok(offer);
    (offer as WlDataOfferProxy).destroy();
    serverOffer.sendOffer('text/plain'); // in flight while the destroy is
    await conn.roundtrip();
    assert.equal(conn.error, null);
    // A new offer may reuse the server id once the server has freed it.
    conn.close();
  });

  it('wl_display.error rejects pending roundtrips with the code and object', async () => {
    const { conn, registry } = connect();
    const compositor = registry.bind(1, WlCompositorProxy, 4);
    compositor.createRegion();
    const pending = [conn.roundtrip(), conn.roundtrip()];
    for (const p of pending) {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof ConnectionError, `rejected with ${String(err)}`);
      assert.equal(err.code, 7);
      assert.equal(err.objectId, compositor.id);
      assert.equal(err.interfaceName, 'wl_compositor');
      assert.match(err.message, /regions are refused here/);
    }
    assert.equal(conn.isClosed, true);
    // Later calls fail the same way instead of hanging.
    await assert.rejects(conn.roundtrip(), (e: unknown) => e instanceof ConnectionError && e.code === 7);
    assert.throws(() => compositor.createSurface(), ConnectionError);
  });

  it('a server that goes away rejects pending roundtrips', async () => {
    const [s, c] = socketPair();
    const conn = new Connection(new SocketTransport(c));
    closeFd(s);
    await assert.rejects(conn.roundtrip(), ConnectionError);
    assert.equal(conn.isClosed, true);
  });

  it('does not leak fds over 200 connections', async () => {
    // Warm up once (lazy native state), then count.
    const warm = connect();
    await warm.conn.roundtrip();
    warm.conn.close();
    await waitFor(() => display.clients.size === 0, 'the server to drop the warm-up client');
    const before = openFdCount();
    for (let batch = 0; batch < 4; batch++) {
      const conns = Array.from({ length: 50 }, () => connect().conn);
      await Promise.all(conns.map((c) => c.roundtrip()));
      for (const c of conns) c.close();
      await waitFor(() => display.clients.size === 0, 'the server to drop every client');
    }
    assert.equal(openFdCount(), before);
  });
});
