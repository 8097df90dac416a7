import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WlCompositorResource,
  WlSeatResource,
  WlShmResource,
  type WlKeyboardResource,
  type WlShmPoolResource,
} from '../../../protos/gen/server/wayland.js';
import { MemoryTransport } from '../testing/memory-transport.js';
import { WireWriter } from '../wire/wire-writer.js';
import type { Client } from './client.js';
import { Display } from './display.js';

/**
 * The server's Client over an in-memory transport, so every fd close is recorded: a fd must be
 * closed exactly once whatever the error path (a double close can close someone else's fd).
 */

interface Sent {
  id: number;
  opcode: number;
  body: Buffer;
}

class Peer {
  private input = Buffer.alloc(0);
  readonly received: Sent[] = [];
  constructor(readonly t: MemoryTransport) {}

  send(build: (w: WireWriter) => void, fds: number[] = []): void {
    const w = new WireWriter();
    build(w);
    this.t.send(w.buf, w.start, w.pending, fds);
  }

  sendRaw(bytes: Buffer): void {
    this.t.send(bytes, 0, bytes.length, []);
  }

  read(): Sent[] {
    const buf = Buffer.alloc(65536);
    for (;;) {
      const n = this.t.recv(buf, 0, buf.length, []);
      if (n <= 0) break;
      this.input = Buffer.concat([this.input, buf.subarray(0, n)]);
    }
    while (this.input.length >= 8) {
      const size = this.input.readUInt32LE(4) >>> 16;
      if (this.input.length < size) break;
      this.received.push({
        id: this.input.readUInt32LE(0),
        opcode: this.input.readUInt32LE(4) & 0xffff,
        body: Buffer.from(this.input.subarray(8, size)),
      });
      this.input = this.input.subarray(size);
    }
    return this.received;
  }

  error(): { objectId: number; code: number; message: string } | null {
    const m = this.read().find((e) => e.id === 1 && e.opcode === 0);
    if (!m) return null;
    const len = m.body.readUInt32LE(8);
    return {
      objectId: m.body.readUInt32LE(0),
      code: m.body.readUInt32LE(4),
      message: m.body.toString('utf8', 12, 12 + len - 1),
    };
  }
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await turn();
}

/** A display with wl_compositor (name 1) and a wl_shm (name 2) whose pools close their fd on destroy. */
function setup(): { display: Display; client: Client; peer: Peer; server: MemoryTransport } {
  const display = new Display();
  display.createGlobal(WlCompositorResource, 6, (r) =>
    r.setHandler({ createSurface() {}, createRegion() {} }),
  );
  display.createGlobal(WlShmResource, 1, (shm) =>
    shm.setHandler({
      createPool: (_r, pool: WlShmPoolResource, fd, size) => {
        pool.onDestroy(() => pool.client.closeFd(fd));
        if (size <= 0) throw pool.error(1, 'bad size');
        pool.setHandler({ createBuffer() {}, resize() {} });
      },
    }),
  );
  const [server, peerEnd] = MemoryTransport.pair();
  const client = display.addClient(server);
  return { display, client, peer: new Peer(peerEnd), server };
}

function bindShm(peer: Peer): void {
  peer.send((w) => {
    w.begin(1, 1); // get_registry
    w.newId(2);
    w.finish();
    w.begin(2, 0); // bind
    w.uint(2);
    w.string('wl_shm');
    w.uint(1);
    w.newId(3);
    w.finish();
  });
}

function createPool(w: WireWriter, id: number, size: number, extra = false): void {
  w.begin(3, 0);
  w.newId(id);
  w.fd(-1); // placeholder: the fd travels beside the bytes
  w.fds.pop();
  w.fdOwners.pop();
  w.int(size);
  if (extra) w.uint(7);
  w.finish();
}

function closedOnce(t: MemoryTransport, fd: number): void {
  const n = t.closedFds.filter((f) => f === fd).length;
  assert.equal(n, 1, `fd ${fd} closed ${n} times (closed: ${t.closedFds.join(',')})`);
}

describe('server Client: fds on every error path', () => {
  it('a handler that took the fd and then failed: closed once, by its owner', async () => {
    const { peer, server, client } = setup();
    bindShm(peer);
    peer.send((w) => createPool(w, 4, 0), [501]);
    await settle();
    assert.equal(peer.error()?.message, 'wl_shm_pool#4: bad size');
    assert.equal(client.destroyed, true);
    closedOnce(server, 501);
  });

  it('bytes beyond the arguments after the handler took the fd: closed once', async () => {
    const { peer, server } = setup();
    bindShm(peer);
    peer.send((w) => createPool(w, 4, 4096, true), [502]);
    await settle();
    assert.match(peer.error()?.message ?? '', /beyond the arguments/);
    closedOnce(server, 502);
  });

  it('a new_id in use on a request with an fd: the orphan fd is closed once', async () => {
    const { peer, server } = setup();
    bindShm(peer);
    peer.send((w) => createPool(w, 3, 4096), [503]);
    await settle();
    assert.equal(peer.error()?.code, 0);
    closedOnce(server, 503);
  });

  it('a malformed request (fd missing its int) closes the fd it took, once', async () => {
    const { peer, server } = setup();
    bindShm(peer);
    peer.send(
      (w) => {
        w.begin(3, 0);
        w.newId(4);
        w.finish();
      },
      [504],
    );
    await settle();
    assert.equal(peer.error()?.code, 1);
    closedOnce(server, 504);
  });

  it('fds no message took are closed when the client goes', async () => {
    const { peer, server, display } = setup();
    bindShm(peer);
    peer.send((w) => createPool(w, 4, 4096), [505, 506, 507]);
    await settle();
    assert.equal(peer.error(), null);
    peer.t.close();
    await settle();
    assert.equal(display.clients.size, 0);
    for (const fd of [505, 506, 507]) closedOnce(server, fd);
  });
});

describe('server Client: errors and lifetime', () => {
  it('a header with a bad size gets a protocol error before the disconnect', async () => {
    const { peer, client } = setup();
    const b = Buffer.alloc(8);
    b.writeUInt32LE(1, 0);
    b.writeUInt32LE((6 << 16) >>> 0, 4);
    peer.sendRaw(b);
    await settle();
    assert.deepEqual(peer.error(), {
      objectId: 1,
      code: 1,
      message: 'invalid message size 6 (object 1, opcode 0)',
    });
    assert.equal(client.destroyed, true);
  });

  it('a bug in a handler is an implementation error for that client only', async () => {
    const display = new Display();
    display.createGlobal(WlCompositorResource, 6, (r) =>
      r.setHandler({
        createSurface() {
          throw new TypeError('oops');
        },
        createRegion() {},
      }),
    );
    const [a, pa] = MemoryTransport.pair();
    const [b, pb] = MemoryTransport.pair();
    display.addClient(a);
    display.addClient(b);
    const victim = new Peer(pa);
    const other = new Peer(pb);
    const write = process.stderr.write;
    process.stderr.write = () => true; // the internal error is logged: keep the test output clean
    try {
      victim.send((w) => {
        w.begin(1, 1);
        w.newId(2);
        w.finish();
        w.begin(2, 0);
        w.uint(1);
        w.string('wl_compositor');
        w.uint(1);
        w.newId(3);
        w.finish();
        w.begin(3, 0);
        w.newId(4);
        w.finish();
      });
      await settle();
    } finally {
      process.stderr.write = write;
    }
    assert.equal(victim.error()?.code, 3);
    other.send((w) => {
      w.begin(1, 0);
      w.newId(2);
      w.finish();
    });
    await settle();
    assert.ok(
      other.read().some((m) => m.id === 2 && m.opcode === 0),
      'the other client got its callback',
    );
    assert.equal(display.clients.size, 1);
  });

  it('an error posted inside a handler takes effect once the handler has returned', async () => {
    const display = new Display();
    let after = false;
    display.createGlobal(WlCompositorResource, 6, (r) =>
      r.setHandler({
        createSurface(res) {
          res.postError(2, 'first');
          res.postError(2, 'second'); // only the first error counts
          assert.equal(res.client.destroyed, false);
          after = true;
        },
        createRegion() {},
      }),
    );
    const [t, pt] = MemoryTransport.pair();
    const client = display.addClient(t);
    const peer = new Peer(pt);
    peer.send((w) => {
      w.begin(1, 1);
      w.newId(2);
      w.finish();
      w.begin(2, 0);
      w.uint(1);
      w.string('wl_compositor');
      w.uint(1);
      w.newId(3);
      w.finish();
      w.begin(3, 0);
      w.newId(4);
      w.finish();
      w.begin(3, 0); // never handled: the client is gone
      w.newId(5);
      w.finish();
    });
    await settle();
    assert.equal(after, true);
    assert.equal(client.destroyed, true);
    const errors = peer.read().filter((m) => m.id === 1 && m.opcode === 0);
    assert.equal(errors.length, 1);
    assert.equal(peer.error()?.message, 'first');
  });

  it('destroy tears objects down newest first and tells delete_id only for live clients', async () => {
    const { peer, client, display } = setup();
    bindShm(peer);
    await settle();
    const order: string[] = [];
    for (const id of [1, 2, 3]) {
      const r = client.getObject(id)!;
      r.onDestroy(() => order.push(r.spec.name));
    }
    let clientGone = false;
    client.onDestroy(() => (clientGone = true));
    client.destroy();
    assert.deepEqual(order, ['wl_shm', 'wl_registry', 'wl_display']);
    assert.equal(clientGone, true);
    assert.equal(client.objectCount, 0);
    assert.equal(display.clients.size, 0);
  });

  it('a destructor request frees the id and sends delete_id', async () => {
    const { peer, client } = setup();
    bindShm(peer);
    peer.send((w) => createPool(w, 4, 4096), [508]);
    peer.send((w) => {
      w.begin(4, 1); // wl_shm_pool.destroy
      w.finish();
    });
    await settle();
    assert.equal(client.getObject(4), undefined);
    const del = peer.read().find((m) => m.id === 1 && m.opcode === 1);
    assert.equal(del?.body.readUInt32LE(0), 4);
    // The id can be used again.
    peer.send((w) => createPool(w, 4, 4096), [509]);
    await settle();
    assert.equal(peer.error(), null);
    assert.ok(client.getObject(4));
  });

  it('server-allocated ids start at 0xff000000 and skip ids in use', () => {
    const { client } = setup();
    const a = client.createServerResource(WlCompositorResource, 1);
    const b = client.createServerResource(WlCompositorResource, 1);
    assert.equal(a.id, 0xff000000);
    assert.equal(b.id, 0xff000001);
    a.destroy();
    const c = client.createServerResource(WlCompositorResource, 1);
    assert.equal(c.id, 0xff000002);
  });
});

describe('server Client: events after the client is gone', () => {
  it('an event with an fd to a resource of a disconnected client closes its duplicate', async () => {
    const display = new Display();
    let keyboard: WlKeyboardResource | null = null;
    display.createGlobal(WlSeatResource, 7, (seat) =>
      seat.setHandler({
        getPointer() {},
        getTouch() {},
        getKeyboard: (_r, kb) => (keyboard = kb),
      }),
    );
    const [t, pt] = MemoryTransport.pair();
    const client = display.addClient(t);
    const peer = new Peer(pt);
    peer.send((w) => {
      w.begin(1, 1);
      w.newId(2);
      w.finish();
      w.begin(2, 0);
      w.uint(1);
      w.string('wl_seat');
      w.uint(7);
      w.newId(3);
      w.finish();
      w.begin(3, 1); // get_keyboard
      w.newId(4);
      w.finish();
    });
    await settle();
    assert.ok(keyboard);
    client.destroy();
    // A late sender still holding the resource (MemoryTransport "duplicates" fd 900 as itself).
    (keyboard as WlKeyboardResource).sendKeymap(1, 900, 4096);
    assert.deepEqual(
      t.closedFds.filter((f) => f === 900),
      [900],
    );
    assert.equal(client.connection.writer.pending, 0);
  });
});
