import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WlShmResource } from '../../protos/gen/server/wayland.js';
import { Connection } from '../../compositor/src/client/connection.js';
import { openFdCount, waitFor } from '../../compositor/src/testing/fd-count.js';
import { startMiniServer, type MiniServer } from './mini-server.js';
import { RawClient, Req } from './raw-client.js';

const SHM = 3;

/**
 * Output the kernel cannot take at once: a slow reader still gets every event in order (the
 * server waits for the socket to drain), and a client that never reads is dropped once its
 * backlog passes the limit, without harm to anyone else.
 */
describe('server output under back-pressure', () => {
  let server: MiniServer;
  let bystander: Connection;
  before(async () => {
    server = startMiniServer();
    bystander = Connection.connect(server.socket);
    await bystander.roundtrip();
  });
  after(() => {
    bystander.close();
    server.close();
  });

  /** A raw client with wl_shm bound as id 10; returns the server's resource for it. */
  async function rawWithShm(): Promise<{ raw: RawClient; shm: WlShmResource }> {
    const before = new Set(server.display.clients);
    const raw = new RawClient(server.socket);
    raw.send(Req.getRegistry(2));
    raw.send(Req.bind(2, SHM, 'wl_shm', 1, 10));
    await raw.roundtrip(3);
    const client = [...server.display.clients].find((c) => !before.has(c))!;
    return { raw, shm: client.getObject(10) as WlShmResource };
  }

  it('a slow reader gets every event, in order', async () => {
    const { raw, shm } = await rawWithShm();
    const COUNT = 200_000; // 2.4 MB of wl_shm.format: far more than a socket buffer
    for (let i = 0; i < COUNT; i++) shm.sendFormat(i);
    // Read at leisure; the server keeps the rest and sends it as the socket drains.
    raw.send(Req.sync(11));
    await raw.waitFor((m) => (m.id === 11 ? true : undefined), 'the callback after the flood', 20000);
    const formats = raw.messages
      .filter((m) => m.id === 10 && m.opcode === 0)
      .map((m) => m.body.readUInt32LE(0));
    const tail = formats.slice(-COUNT);
    assert.equal(tail.length, COUNT);
    for (let i = 0; i < COUNT; i++) if (tail[i] !== i) assert.fail(`event ${i} carried ${tail[i]}`);
    raw.close();
    await waitFor(() => server.display.clients.size === 1, 'the reader to be dropped');
  });

  it('a client that never reads is dropped once its backlog passes the limit', async () => {
    const fdsBefore = openFdCount();
    const { raw, shm } = await rawWithShm();
    // 36 MB of events, more than the 32 MB a client may leave unread.
    for (let i = 0; i < 3_000_000 && !shm.client.destroyed; i++) shm.sendFormat(i);
    await waitFor(() => shm.client.destroyed, 'the client to be dropped', 10000);
    await bystander.roundtrip();
    assert.equal(bystander.error, null);
    raw.close();
    await waitFor(() => openFdCount() <= fdsBefore, 'fds back');
  });
});
