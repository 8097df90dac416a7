// Clients that vanish mid-frame: after attach and damage but before the commit, in the middle
// of a message (with an fd riding on it), or killed outright. Exo frees their surfaces,
// buffers and pools: its fd count comes back to where it was, their windows go, and the
// others go on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd } from '../../compositor/src/native/shared-memory.js';
import {
  WlDataDeviceManagerProxy,
  WlSeatProxy,
  WlShmProxy,
  WlSubcompositorProxy,
} from '../../protos/gen/client/wayland.js';
import { XdgPositionerAnchor, XdgPositionerGravity } from '../../protos/gen/spec/xdg-shell.js';
import { XdgWmBaseProxy } from '../../protos/gen/client/xdg-shell.js';
import { WlShmFormat } from '../../protos/gen/spec/wayland.js';
import { encode, RawClient, Req } from '../foundation/raw-client.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import {
  assertOthersGoOn,
  exoFds,
  exoRss,
  sendAll,
  startRobustExo,
  waitExoFds,
  type RobustExo,
} from './exo-robustness-fixture.js';

let fx: RobustExo;
let baselineFds = 0;

before(async () => {
  fx = await startRobustExo();
  baselineFds = exoFds(fx);
});
after(() => fx?.stop());

const MB = 1024 * 1024;

/** Memfd mappings exo still has (a freed pool's mapping goes once it is collected). */
function exoMemfdMappings(): number {
  return fs
    .readFileSync(`/proc/${fx.exo.pid}/maps`, 'utf8')
    .split('\n')
    .filter((l) => l.includes('/memfd:')).length;
}

async function windowsOf(title: string): Promise<number> {
  return (await fx.exo.windows()).filter((w) => w.title === title).length;
}

/**
 * A client that maps a window, then starts its next frame (a new buffer from a new pool,
 * attach, damage, frame callback) and hangs up before the commit.
 */
async function hangUpMidFrame(title: string, side = 256): Promise<void> {
  const c = await TestClient.connect(fx.exo.wayland);
  const win = await c.toplevel({ title, width: side, height: side });
  const fd = createMemfd('exo-disconnect', side * side * 4);
  const pool = c.bind(WlShmProxy).createPool(fd, side * side * 4);
  closeFd(fd);
  const next = pool.createBuffer(0, side, side, side * 4, WlShmFormat.Argb8888);
  win.surface.attach(next, 0, 0);
  win.surface.damageBuffer(0, 0, side, side);
  win.surface.frame();
  await c.roundtrip(); // exo has it all, short of the commit
  c.close();
}

test('a client that hangs up after attach and damage, before the commit: its window and buffers are freed', async () => {
  await hangUpMidFrame('mid-frame');
  await waitFor('the window to go', async () => (await windowsOf('mid-frame')) === 0);
  await waitExoFds(fx, baselineFds);
  await assertOthersGoOn(fx);
});

test('a client that hangs up in the middle of a message carrying an fd: exo closes that fd', async () => {
  const raw = new RawClient(fx.exo.wayland);
  raw.send(Req.getRegistry(2));
  await raw.roundtrip(3);
  const shm = raw.globals(2).get('wl_shm')!;
  raw.send(Req.bind(2, shm.name, 'wl_shm', 1, 4));
  await raw.roundtrip(5);
  const fd = createMemfd('exo-disconnect', 4096);
  try {
    const createPool = Req.createPool(4, 6, 4096);
    // The header and half the arguments, with the fd: exo holds the fd and waits for the rest.
    assert.ok(await sendAll(raw.fd, createPool.subarray(0, 12), [fd]));
    await waitFor('exo to receive the fd', () => exoFds(fx) > baselineFds, {
      timeoutMs: 2000,
      intervalMs: 5,
    });
  } finally {
    closeFd(fd);
    raw.close();
  }
  await waitExoFds(fx, baselineFds);
  await assertOthersGoOn(fx);
});

test('a client that hangs up after half a header: dropped quietly', async () => {
  const raw = new RawClient(fx.exo.wayland);
  raw.send(Req.getRegistry(2));
  await raw.roundtrip(3);
  const sync = encode(1, 0, (w) => w.newId(4));
  raw.send(sync.subarray(0, 5));
  raw.close();
  await waitExoFds(fx, baselineFds);
  await assertOthersGoOn(fx);
});

test('a client that hangs up holding objects made in an awkward order: exo tears it all down', async () => {
  // Exo destroys a vanished client's objects newest first; here that is parents before
  // children: a subsurface's parent, a popup's parent, a pool's buffers' users.
  const c = await TestClient.connect(fx.exo.wayland);
  const child = c.createSurface(); // created before the surface it will be a subsurface of
  const grandchild = c.createSurface();
  const win = await c.toplevel({ title: 'awkward', width: 200, height: 150 });
  const subcompositor = c.bind(WlSubcompositorProxy);
  subcompositor.getSubsurface(child, win.surface).setPosition(10, 10);
  subcompositor.getSubsurface(grandchild, child).setDesync();
  child.attach(c.shmBuffer(50, 50, 0xff00ff00), 0, 0);
  child.commit();
  grandchild.attach(c.shmBuffer(20, 20, 0xff0000ff), 0, 0);
  grandchild.commit();
  win.surface.commit();
  const wm = c.bind(XdgWmBaseProxy);
  const pos = wm.createPositioner();
  pos.setSize(60, 40);
  pos.setAnchorRect(0, 0, 10, 10);
  pos.setAnchor(XdgPositionerAnchor.BottomRight);
  pos.setGravity(XdgPositionerGravity.BottomRight);
  const popupSurface = c.createSurface();
  const popupXdg = wm.getXdgSurface(popupSurface);
  popupXdg.getPopup(win.xdgSurface, pos);
  popupSurface.commit();
  const seat = c.bind(WlSeatProxy);
  seat.getPointer();
  seat.getKeyboard();
  const manager = c.bind(WlDataDeviceManagerProxy);
  manager.getDataDevice(seat);
  manager.createDataSource().offer('text/plain');
  await c.roundtrip();
  assert.equal(c.conn.error, null, c.conn.error?.message);
  // In the middle of the next frame of the subsurface: attach, damage, no commit.
  child.attach(c.shmBuffer(50, 50, 0xffffff00), 0, 0);
  child.damage(0, 0, 50, 50);
  await c.roundtrip();
  c.close();
  await waitFor('the window to go', async () => (await windowsOf('awkward')) === 0);
  await waitExoFds(fx, baselineFds);
  await assertOthersGoOn(fx);
});

test('a real client killed (SIGKILL) while drawing: its window goes, its fds come back', async () => {
  const victim = fx.exo.spawnClient('weston-simple-shm', []);
  const win = await fx.exo.waitForWindow((w) => w.pid === victim.pid);
  await new Promise((r) => setTimeout(r, 200)); // a dozen frames in flight
  process.kill(victim.pid, 'SIGKILL');
  await victim.exited;
  await waitFor('its window to go', async () => !(await fx.exo.windows()).some((w) => w.id === win.id));
  await waitExoFds(fx, baselineFds);
  await assertOthersGoOn(fx);
});

test("200 clients hanging up mid-frame leave no fd and no window behind, and exo's memory settles", async (t) => {
  const rssBefore = exoRss(fx);
  for (let i = 0; i < 200; i += 20)
    await Promise.all(Array.from({ length: 20 }, (_, k) => hangUpMidFrame(`churn ${i + k}`)));
  await waitFor('their windows to go', async () =>
    (await fx.exo.windows()).every((w) => !w.title.startsWith('churn')),
  );
  await waitExoFds(fx, baselineFds);
  const rssAfter = exoRss(fx);
  // Mappings of freed pools are removed when the garbage collector gets to them: not
  // necessarily now, but they must not pile up without end.
  const mappings = exoMemfdMappings();
  t.diagnostic(
    `exo RSS ${(rssBefore / MB).toFixed(0)} -> ${(rssAfter / MB).toFixed(0)} MB; ${mappings} memfd mappings still there (400 were made; the collector unmaps the rest in its own time)`,
  );
  assert.ok(
    (rssAfter - rssBefore) / MB < 150,
    `exo's RSS grew by ${((rssAfter - rssBefore) / MB).toFixed(0)} MB`,
  );
  await assertOthersGoOn(fx);
});
