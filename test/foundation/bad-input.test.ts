import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Connection } from '../../compositor/src/client/connection.js';
import { closeFd, dupFd } from '../../compositor/src/native/libc.js';
import { createMemfd } from '../../compositor/src/native/shared-memory.js';
import { openFdCount, waitFor } from '../../compositor/src/testing/fd-count.js';
import { startMiniServer, type MiniServer } from './mini-server.js';
import { encode, rawHeader, RawClient, Req } from './raw-client.js';

const INVALID_OBJECT = 0;
const INVALID_METHOD = 1;
// Global names in the mini server, in creation order.
const COMPOSITOR = 1;
const TEST_ARRAY = 2;
const SHM = 3;
// Ids our raw clients use.
const REGISTRY = 2;

/**
 * Malformed and hostile input: each case gets a protocol error (or a plain disconnect when it
 * hung up) for the client that sent it alone, while another client connected all along keeps
 * working, and the server's fds return to where they were.
 */
describe('bad input from a client', () => {
  let server: MiniServer;
  let bystander: Connection;
  let victim: RawClient;
  let fdsBefore = 0;

  before(async () => {
    server = startMiniServer();
    bystander = Connection.connect(server.socket);
    bystander.display.getRegistry();
    await bystander.roundtrip();
  });
  after(() => {
    bystander.close();
    server.close();
  });

  beforeEach(() => {
    fdsBefore = openFdCount();
    victim = new RawClient(server.socket);
  });

  afterEach(async () => {
    victim.close();
    // The victim is gone; the bystander still gets answers and nothing leaked on either side.
    await waitFor(() => server.display.clients.size === 1, 'the victim to be dropped');
    await bystander.roundtrip();
    assert.equal(bystander.error, null);
    await waitFor(() => openFdCount() <= fdsBefore, `open fds back to ${fdsBefore} (now ${openFdCount()})`);
    assert.equal(server.openPools.size, 0, 'every pool fd was closed');
  });

  /** Gets a registry (id 2) on the victim and checks the server answers. */
  async function withRegistry(): Promise<void> {
    victim.send(Req.getRegistry(REGISTRY));
    await victim.roundtrip(3);
  }

  async function expectError(objectId: number, code: number, pattern?: RegExp): Promise<void> {
    const err = await victim.waitError();
    assert.equal(err.code, code, `error code for: ${err.message}`);
    assert.equal(err.objectId, objectId, `error object for: ${err.message}`);
    if (pattern) assert.match(err.message, pattern);
    await victim.waitClosed();
  }

  it('a short header, then a hang-up', async () => {
    victim.send(Buffer.from([1, 0, 0, 0]));
    victim.close();
  });

  it('a message size below 8', async () => {
    victim.send(rawHeader(1, 0, 4));
    await expectError(1, INVALID_METHOD, /size 4/);
  });

  it('a message size that is not a multiple of 4', async () => {
    victim.send(rawHeader(1, 0, 14, Buffer.alloc(8)));
    await expectError(1, INVALID_METHOD, /size 14/);
  });

  it('a message size above 4096', async () => {
    victim.send(rawHeader(1, 0, 4100, Buffer.alloc(8)));
    await expectError(1, INVALID_METHOD, /size 4100/);
  });

  it('a bad size on an unknown object', async () => {
    victim.send(rawHeader(77, 0, 6));
    await expectError(1, INVALID_OBJECT, /object 77/);
  });

  it('a string without its NUL', async () => {
    await withRegistry();
    const body = Buffer.alloc(4 + 4 + 8 + 4 + 4);
    body.writeUInt32LE(COMPOSITOR, 0);
    body.writeUInt32LE(5, 4); // 5 bytes, none of them a NUL
    body.write('wl_co', 8, 'latin1');
    body.writeUInt32LE(1, 16);
    body.writeUInt32LE(10, 20);
    victim.send(rawHeader(REGISTRY, 0, 8 + body.length, body));
    await expectError(REGISTRY, INVALID_METHOD, /NUL/);
  });

  it('a string longer than its message', async () => {
    await withRegistry();
    const body = Buffer.alloc(12);
    body.writeUInt32LE(COMPOSITOR, 0);
    body.writeUInt32LE(200, 4);
    victim.send(rawHeader(REGISTRY, 0, 8 + body.length, body));
    await expectError(REGISTRY, INVALID_METHOD, /string longer/);
  });

  it('an array longer than its message', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, TEST_ARRAY, 'tartine_test_array', 1, 10));
    const body = Buffer.alloc(8);
    body.writeUInt32LE(64, 0); // claims 64 bytes, carries 4
    victim.send(rawHeader(10, 0, 8 + body.length, body));
    await expectError(10, INVALID_METHOD, /array longer/);
  });

  it('a well-formed array is accepted', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, TEST_ARRAY, 'tartine_test_array', 1, 10));
    victim.send(encode(10, 0, (w) => w.array(Uint8Array.of(1, 2, 3, 4, 5))));
    await victim.roundtrip(11);
    victim.close();
  });

  it('a missing fd (wl_shm.create_pool without SCM_RIGHTS)', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, SHM, 'wl_shm', 1, 10));
    victim.send(Req.createPool(10, 11, 4096));
    await expectError(10, INVALID_METHOD, /file descriptor/);
  });

  it('an unknown object id', async () => {
    victim.send(encode(99, 0));
    await expectError(1, INVALID_OBJECT, /invalid object 99/);
  });

  it('an unknown opcode', async () => {
    victim.send(encode(1, 7));
    await expectError(1, INVALID_METHOD, /invalid method 7/);
  });

  it('a request above the bound version (wl_surface.damage_buffer on v3)', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, COMPOSITOR, 'wl_compositor', 3, 10));
    victim.send(Req.createSurface(10, 11));
    victim.send(
      encode(11, 9, (w) => {
        for (let i = 0; i < 4; i++) w.int(0);
      }),
    );
    await expectError(11, INVALID_METHOD, /damage_buffer/);
  });

  it('a request within the bound version is accepted (damage_buffer on v4)', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, COMPOSITOR, 'wl_compositor', 4, 10));
    victim.send(Req.createSurface(10, 11));
    victim.send(
      encode(11, 9, (w) => {
        for (let i = 0; i < 4; i++) w.int(0);
      }),
    );
    await victim.roundtrip(12);
    victim.close();
  });

  it('half a message, then a hang-up', async () => {
    await withRegistry();
    const whole = Req.bind(REGISTRY, COMPOSITOR, 'wl_compositor', 1, 10);
    victim.send(whole.subarray(0, 12));
    victim.close();
  });

  it('half a message carrying an fd, then a hang-up', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, SHM, 'wl_shm', 1, 10));
    const fd = createMemfd('half', 4096);
    victim.send(Req.createPool(10, 11, 4096).subarray(0, 8), [fd]);
    closeFd(fd);
    await victim.roundtrip(12).catch(() => {}); // the server is waiting for the rest: no answer
    victim.close();
  });

  it('bind with the wrong interface name', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, COMPOSITOR, 'wl_shm', 1, 10));
    await expectError(REGISTRY, INVALID_OBJECT, /invalid interface/);
  });

  it('bind above the global version', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, COMPOSITOR, 'wl_compositor', 7, 10));
    await expectError(REGISTRY, INVALID_OBJECT, /invalid version/);
  });

  it('bind at version 0', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, COMPOSITOR, 'wl_compositor', 0, 10));
    await expectError(REGISTRY, INVALID_OBJECT, /invalid version/);
  });

  it('bind of a global that does not exist', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, 42, 'wl_compositor', 1, 10));
    await expectError(REGISTRY, INVALID_OBJECT, /invalid global/);
  });

  it('a new_id already in use', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, COMPOSITOR, 'wl_compositor', 4, 10));
    victim.send(Req.createSurface(10, 10));
    await expectError(1, INVALID_OBJECT, /invalid new id 10/);
  });

  it('a new_id in the server range', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, COMPOSITOR, 'wl_compositor', 4, 10));
    victim.send(Req.createSurface(10, 0xff000005));
    await expectError(1, INVALID_OBJECT, /invalid new id/);
  });

  it('a new_id already in use on a request carrying an fd (the fd is closed)', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, SHM, 'wl_shm', 1, 10));
    const fd = createMemfd('pool', 4096);
    victim.send(Req.createPool(10, 10, 4096), [fd]);
    closeFd(fd);
    await expectError(1, INVALID_OBJECT, /invalid new id 10/);
  });

  it('bytes beyond the arguments of a request carrying an fd', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, SHM, 'wl_shm', 1, 10));
    const fd = createMemfd('pool', 4096);
    const msg = encode(10, 0, (w) => {
      w.newId(11);
      w.int(4096);
      w.uint(0xdead);
    });
    victim.send(msg, [fd]);
    closeFd(fd);
    await expectError(10, INVALID_METHOD, /beyond the arguments/);
  });

  it('an error raised by a handler (a pool of size 0) with its fd', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, SHM, 'wl_shm', 1, 10));
    const fd = createMemfd('pool', 4096);
    victim.send(Req.createPool(10, 11, 0), [fd]);
    closeFd(fd);
    await expectError(11, 1, /invalid pool size/);
  });

  it('extra fds that no message takes are closed with the client', async () => {
    await withRegistry();
    victim.send(Req.bind(REGISTRY, SHM, 'wl_shm', 1, 10));
    const fd = createMemfd('many', 4096);
    const fds = Array.from({ length: 28 }, () => dupFd(fd));
    victim.send(Req.createPool(10, 11, 4096), fds);
    for (const f of fds) closeFd(f);
    closeFd(fd);
    // The pool took one fd; 27 wait in the queue while the client is still served.
    await victim.roundtrip(13);
    victim.close();
  });

  it('a flood of fds without messages to take them', async () => {
    await withRegistry();
    const fd = createMemfd('flood', 4096);
    // A header promising a 4096-byte message, then 1 byte per send with 28 fds each.
    victim.send(rawHeader(1, 0, 4096));
    const batch = Array.from({ length: 28 }, () => fd);
    try {
      for (let i = 0; i < 40; i++) victim.send(Buffer.alloc(1), batch);
    } catch {
      // the server may cut us off before we are done
    }
    closeFd(fd);
    await victim.waitClosed();
  });
});
