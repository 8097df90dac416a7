// One misbehaving guest client never disturbs sommelier or the other clients: killed mid-frame,
// truncating its pool, lying about its pool, or sending garbage. When the host itself goes,
// sommelier says so and exits non-zero. A host protocol error reaches the guest object at fault.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { WlShmProxy } from '../../protos/gen/client/wayland.js';
import { XdgWmBaseProxy } from '../../protos/gen/client/xdg-shell.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { spawnGuest, startSommelierProcess, startWeston, type SommelierRun } from './sommelier-fixture.js';
import { Painter } from './sommelier-painter.js';

let exo: ExoProcess;
let som: SommelierRun;

before(async () => {
  exo = await startExoProcess();
  som = await startSommelierProcess(exo.runtimeDir, exo.wayland);
});

after(async () => {
  await som?.stop();
  await exo?.stop();
});

/** Sommelier is alive and a fresh client can still map a window through it. */
async function stillServing(title: string): Promise<void> {
  assert.equal(som.process.running, true, `sommelier died: ${som.process.tail()}`);
  const c = await TestClient.connect(som.socket);
  try {
    await c.toplevel({ title, width: 64, height: 48 });
    await exo.waitForWindow((w) => w.title === title);
  } finally {
    c.close();
  }
}

test('kill -9 of a client mid-frame leaves sommelier serving the others', async () => {
  const victim = spawnGuest(exo.runtimeDir, som.socket, 'weston-simple-shm');
  const other = spawnGuest(exo.runtimeDir, som.socket, 'weston-simple-shm');
  try {
    const shm = async () => (await exo.windows()).filter((w) => w.title === 'simple-shm');
    await waitFor('two simple-shm windows', async () => (await shm()).length === 2);
    process.kill(victim.pid, 'SIGKILL');
    await victim.exited;
    await waitFor('the killed client’s window to go', async () => (await shm()).length === 1);
    const [win] = await shm();
    const a = await exo.windowScreenshot(win!.id);
    await new Promise((r) => setTimeout(r, 300));
    const b = await exo.windowScreenshot(win!.id);
    assert.ok(!a.data.equals(b.data), 'the other client keeps animating');
    await stillServing('after kill -9');
  } finally {
    await victim.kill();
    await other.kill();
  }
});

test('a client that truncates its pool file under sommelier cannot crash it', async () => {
  const file = path.join(exo.runtimeDir, 'pool-file');
  const p = await Painter.open(som.socket, 300, 200, { title: 'truncating', file });
  try {
    p.fill([0, 0, 300, 200], 0xff4080c0);
    await p.frame([0, 0, 300, 200]);
    p.truncate(0);
    // sommelier reads the damaged rows with pread: short reads become zeros, not SIGBUS.
    await p.frame([0, 0, 300, 200]);
    await p.frame([0, 50, 300, 20]);
    assert.equal(p.client.conn.isClosed, false, 'the truncating client is still connected');
    await stillServing('after truncation');
  } finally {
    p.close();
    fs.rmSync(file, { force: true });
  }
});

test('a memfd pool is sealed against shrinking by sommelier', async () => {
  const p = await Painter.open(som.socket, 100, 100, { title: 'sealed' });
  try {
    p.fill([0, 0, 100, 100], 0xff00ff00);
    await p.frame([0, 0, 100, 100]);
    assert.throws(() => p.truncate(0), /EPERM|operation not permitted/i);
  } finally {
    p.close();
  }
});

test('a pool that claims more bytes than its file is a protocol error for that client only', async () => {
  const c = await TestClient.connect(som.socket);
  const fd = fs.openSync(path.join(exo.runtimeDir, 'small-pool'), 'w+');
  try {
    fs.ftruncateSync(fd, 4096);
    c.bind(WlShmProxy).createPool(fd, 1 << 20);
    const err = await c.protocolError();
    assert.equal(err.interfaceName, 'wl_shm');
    assert.match(err.message, /pool of 1048576 bytes on a file of 4096 bytes/);
    await stillServing('after a lying pool');
  } finally {
    fs.closeSync(fd);
    c.close();
  }
});

test('a client sending garbage is dropped; sommelier goes on', async () => {
  await new Promise<void>((resolve, reject) => {
    const s = net.connect(som.socket, () => {
      s.write(Buffer.from([1, 0, 0, 0, 0xff, 0xff, 0x03, 0x00, 0xde, 0xad, 0xbe, 0xef]));
    });
    s.on('error', reject);
    s.on('close', () => resolve());
    s.resume();
  });
  await stillServing('after garbage');
});

test('when the host goes away, sommelier says so and exits non-zero', async () => {
  const weston = await startWeston();
  try {
    const s = await startSommelierProcess(weston.dir, weston.socket);
    const guest = await TestClient.connect(s.socket);
    await weston.weston.kill();
    const exit = await s.process.exited;
    assert.equal(exit.code, 1);
    assert.match(s.process.stderr, /lost the host compositor at wayland:.*wayland-host/);
    await waitFor('the guest to be disconnected', () => guest.conn.isClosed);
    guest.close();
  } finally {
    await weston.stop();
  }
});

test('a host protocol error lands on the guest object that caused it', async () => {
  const c = await TestClient.connect(som.socket);
  try {
    const wm = c.bind(XdgWmBaseProxy);
    const xdgSurface = wm.getXdgSurface(c.createSurface());
    xdgSurface.getToplevel();
    // A second role object for the same xdg_surface: the host refuses it.
    xdgSurface.getToplevel();
    const err = await c.protocolError();
    assert.equal(err.interfaceName, 'xdg_surface');
    assert.equal(err.objectId, xdgSurface.id);
    assert.match(err.message, /host compositor/);
    await stillServing('after a host protocol error');
  } finally {
    c.close();
  }
});
