// Objects destroyed out of order: where the protocol names an error (xdg_surface before its
// role object, a popup under another, xdg_wm_base before its surfaces) the client gets it;
// where it does not (wl_surface before its role objects, a buffer still attached, a parent
// before its subsurface, a toplevel before its popup) the leftovers go inert. Either way exo
// reports no internal error and the other clients go on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ConnectionError } from '../../compositor/src/client/connection.js';
import { WlSeatProxy, WlShmProxy, WlSubcompositorProxy } from '../../protos/gen/client/wayland.js';
import { WlShmFormat } from '../../protos/gen/spec/wayland.js';
import {
  XdgWmBaseProxy,
  type XdgPopupProxy,
  type XdgSurfaceProxy,
} from '../../protos/gen/client/xdg-shell.js';
import {
  XdgPositionerAnchor,
  XdgPositionerGravity,
  XdgSurfaceError,
  XdgWmBaseError,
} from '../../protos/gen/spec/xdg-shell.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd } from '../../compositor/src/native/shared-memory.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import {
  assertNoInternalError,
  assertOthersGoOn,
  exoFds,
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

/**
 * Runs `misbehave` on a fresh client; returns the protocol error it earned, or null when exo
 * took it without one (the client still answers a round trip then).
 */
async function outcomeOf(misbehave: (c: TestClient) => Promise<void>): Promise<ConnectionError | null> {
  const c = await TestClient.connect(fx.exo.wayland);
  try {
    await misbehave(c);
    await c.roundtrip().catch(() => {});
    return c.conn.error;
  } finally {
    c.close();
  }
}

/**
 * A round trip sent in the same write as the requests before it: exo reads the bad request and
 * the sync together, so the client reads the error event before exo hangs up (a sync sent after
 * the hang-up would fail with EPIPE and lose the error).
 */
function settle(c: TestClient): Promise<void> {
  return c.roundtrip().catch(() => {});
}

async function afterwards(): Promise<void> {
  assertNoInternalError(fx);
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
  const titles = (await fx.exo.windows()).map((w) => w.title).sort();
  assert.deepEqual(titles, ['probe', 'simple-shm'], 'nothing of the bad client is left on screen');
}

async function windowTitled(title: string): Promise<boolean> {
  return (await fx.exo.windows()).some((w) => w.title === title);
}

/** Maps a popup of `parent` at (10, 10) of it, 40×30. */
async function mapPopup(
  c: TestClient,
  parent: XdgSurfaceProxy,
): Promise<{ xs: XdgSurfaceProxy; popup: XdgPopupProxy; done: () => boolean }> {
  const wm = c.bind(XdgWmBaseProxy);
  const pos = wm.createPositioner();
  pos.setSize(40, 30);
  pos.setAnchorRect(10, 10, 1, 1);
  pos.setAnchor(XdgPositionerAnchor.TopLeft);
  pos.setGravity(XdgPositionerGravity.BottomRight);
  const surface = c.createSurface();
  const xs = wm.getXdgSurface(surface);
  const popup = xs.getPopup(parent, pos);
  pos.destroy();
  let serial: number | null = null;
  let dismissed = false;
  xs.on({ configure: (s) => (serial ??= s) });
  popup.on({ configure: () => {}, popupDone: () => (dismissed = true) });
  surface.commit();
  const s = await waitFor('the popup configure', async () => {
    await c.roundtrip();
    return serial ?? undefined;
  });
  xs.ackConfigure(s);
  surface.attach(c.shmBuffer(40, 30, 0xff3366cc), 0, 0);
  surface.commit();
  await c.roundtrip();
  return { xs, popup, done: () => dismissed };
}

test('wl_surface destroyed before its xdg_surface and xdg_toplevel: they go inert, the window goes', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'surface first' });
    assert.ok(await windowTitled('surface first'));
    win.xdgSurface.on({ configure: () => {} }); // the harness would commit the dead surface
    win.surface.destroy();
    await c.roundtrip();
    assert.equal(await windowTitled('surface first'), false, 'unmapped with its surface');
    // Requests on the orphaned role objects must not reach a dead surface.
    win.toplevel.setTitle('still here?');
    win.toplevel.setMinSize(10, 10);
    win.toplevel.setMaximized();
    win.xdgSurface.setWindowGeometry(0, 0, 10, 10);
    await c.roundtrip();
    win.toplevel.destroy();
    win.xdgSurface.destroy();
    await settle(c);
  });
  // This wayland.xml names no error for it (wl_surface.defunct_role_object came later): either is fine.
  if (err) assert.doesNotMatch(err.message, /internal error/, err.message);
  await afterwards();
});

test('xdg_surface destroyed before its xdg_toplevel is xdg_surface.defunct_role_object', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'xdg_surface first' });
    win.xdgSurface.destroy();
    await settle(c);
  });
  assert.ok(err, 'a protocol error');
  assert.equal(err.code, XdgSurfaceError.DefunctRoleObject, err.message);
  assert.match(err.message, /xdg_surface/);
  await afterwards();
});

test("a popup's xdg_surface destroyed before its xdg_popup is xdg_surface.defunct_role_object", async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'popup parent' });
    const p = await mapPopup(c, win.xdgSurface);
    p.xs.destroy();
    await settle(c);
  });
  assert.ok(err, 'a protocol error');
  assert.equal(err.code, XdgSurfaceError.DefunctRoleObject, err.message);
  await afterwards();
});

test('a toplevel and its xdg_surface destroyed before their popup: the popup is dismissed and goes inert', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'parent goes first' });
    const p = await mapPopup(c, win.xdgSurface);
    win.toplevel.destroy();
    win.xdgSurface.destroy();
    win.surface.destroy();
    await c.roundtrip();
    assert.equal(c.conn.error, null, c.conn.error?.message);
    assert.equal(await windowTitled('parent goes first'), false);
    assert.ok(p.done(), 'popup_done for the orphaned popup');
    // The orphan can still be torn down the proper way.
    p.popup.destroy();
    p.xs.destroy();
  });
  assert.equal(err, null, err?.message);
  await afterwards();
});

test('an xdg_popup destroyed under a shown child popup is xdg_wm_base.not_the_topmost_popup', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'nested popups' });
    const outer = await mapPopup(c, win.xdgSurface);
    await mapPopup(c, outer.xs);
    outer.popup.destroy();
    await settle(c);
  });
  assert.ok(err, 'a protocol error');
  assert.equal(err.code, XdgWmBaseError.NotTheTopmostPopup, err.message);
  await afterwards();
});

test('xdg_wm_base destroyed while its surfaces live is xdg_wm_base.defunct_surfaces', async () => {
  const err = await outcomeOf(async (c) => {
    await c.toplevel({ title: 'wm base first' });
    c.bind(XdgWmBaseProxy).destroy();
    await settle(c);
  });
  assert.ok(err, 'a protocol error');
  assert.equal(err.code, XdgWmBaseError.DefunctSurfaces, err.message);
  await afterwards();
});

test('a wl_buffer destroyed while attached and shown: the window keeps its contents, later frames work', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'buffer gone', width: 80, height: 60, argb: 0xff20a040 });
    win.buffer.destroy();
    await c.roundtrip();
    const shown = (await fx.exo.windows()).find((w) => w.title === 'buffer gone');
    assert.ok(shown, 'still mapped');
    const shot = await fx.exo.windowScreenshot(shown.id);
    assert.deepEqual([...shot.data.subarray(0, 4)], [0x20, 0xa0, 0x40, 0xff], 'still shows its last buffer');
    // A frame callback and a new buffer after that.
    let framed = false;
    win.surface.frame().on({ done: () => (framed = true) });
    win.surface.attach(c.shmBuffer(80, 60, 0xff000080), 0, 0);
    win.surface.damageBuffer(0, 0, 80, 60);
    win.surface.commit();
    await waitFor('the frame callback', async () => {
      await c.roundtrip();
      return framed;
    });
  });
  assert.equal(err, null, err?.message);
  await afterwards();
});

test('a wl_buffer destroyed after attach, before the commit: no error, no crash', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'pending buffer gone', width: 80, height: 60 });
    const b = c.shmBuffer(80, 60, 0xff808000);
    win.surface.attach(b, 0, 0);
    win.surface.damageBuffer(0, 0, 80, 60);
    b.destroy();
    win.surface.commit();
    await c.roundtrip();
    await fx.exo.screenshot(); // draws whatever the surface holds now
  });
  if (err) assert.doesNotMatch(err.message, /internal error/, err.message);
  await afterwards();
});

test('a wl_shm_pool destroyed before its buffers: the buffers stay usable', async () => {
  const err = await outcomeOf(async (c) => {
    const fd = createMemfd('exo-robustness', 32 * 32 * 4);
    const pool = c.bind(WlShmProxy).createPool(fd, 32 * 32 * 4);
    closeFd(fd);
    const buffer = pool.createBuffer(0, 32, 32, 128, WlShmFormat.Argb8888);
    pool.destroy();
    const win = await c.toplevel({ title: 'pool gone', width: 32, height: 32 });
    win.surface.attach(buffer, 0, 0);
    win.surface.damageBuffer(0, 0, 32, 32);
    win.surface.commit();
    await c.roundtrip();
    buffer.destroy();
  });
  assert.equal(err, null, err?.message);
  await afterwards();
});

test('a parent surface destroyed before its subsurface: the child is unmapped, its objects go inert', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'subsurface parent', width: 100, height: 80 });
    const childSurface = c.createSurface();
    const sub = c.bind(WlSubcompositorProxy).getSubsurface(childSurface, win.surface);
    sub.setPosition(20, 20);
    sub.setDesync();
    childSurface.attach(c.shmBuffer(30, 30, 0xffaa00aa), 0, 0);
    childSurface.commit();
    win.surface.commit();
    await c.roundtrip();
    // The parent goes first (after its role objects, as it should), the subsurface stays.
    win.toplevel.destroy();
    win.xdgSurface.destroy();
    win.surface.destroy();
    await c.roundtrip();
    assert.equal(c.conn.error, null, c.conn.error?.message);
    sub.setPosition(5, 5);
    sub.setSync();
    sub.placeAbove(childSurface);
    childSurface.attach(c.shmBuffer(30, 30, 0xff00aaaa), 0, 0);
    childSurface.damage(0, 0, 30, 30);
    childSurface.commit();
    await c.roundtrip();
    assert.equal(await windowTitled('subsurface parent'), false);
    sub.destroy();
    childSurface.destroy();
  });
  assert.equal(err, null, err?.message);
  await afterwards();
});

test('a subsurface whose parent wl_surface goes before the toplevel objects: no internal error', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'parent surface first', width: 100, height: 80 });
    const childSurface = c.createSurface();
    c.bind(WlSubcompositorProxy).getSubsurface(childSurface, win.surface);
    childSurface.attach(c.shmBuffer(30, 30), 0, 0);
    childSurface.commit();
    win.surface.commit();
    await c.roundtrip();
    win.xdgSurface.on({ configure: () => {} });
    win.surface.destroy();
    await c.roundtrip();
    childSurface.commit();
    win.toplevel.setTitle('orphan');
    win.xdgSurface.setWindowGeometry(0, 0, 20, 20);
    await settle(c);
  });
  if (err) assert.doesNotMatch(err.message, /internal error/, err.message);
  await afterwards();
});

test('a cursor surface destroyed while it is the cursor: the pointer goes on', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'cursor owner', width: 120, height: 90 });
    const pointer = c.bind(WlSeatProxy).getPointer();
    let enterSerial: number | null = null;
    pointer.on({ enter: (serial) => (enterSerial = serial) });
    const shown = (await fx.exo.windows()).find((w) => w.title === 'cursor owner')!;
    await fx.exo.input({ type: 'pointer', x: shown.x + 30, y: shown.y + 30 });
    const serial = await waitFor('wl_pointer.enter', async () => {
      await c.roundtrip();
      return enterSerial ?? undefined;
    });
    const cursor = c.createSurface();
    cursor.attach(c.shmBuffer(16, 16, 0xffffffff), 0, 0);
    cursor.commit();
    pointer.setCursor(serial, cursor, 1, 1);
    await c.roundtrip();
    cursor.destroy();
    await fx.exo.input({ type: 'pointer', x: shown.x + 40, y: shown.y + 40 });
    await fx.exo.screenshot();
    await c.roundtrip();
    void win;
  });
  assert.equal(err, null, err?.message);
  await fx.exo.input({ type: 'pointer', x: 1270, y: 790 });
  await afterwards();
});

test('a surface destroyed with frame callbacks and presentation pending: nothing is sent to the dead objects', async () => {
  const err = await outcomeOf(async (c) => {
    const win = await c.toplevel({ title: 'frames pending' });
    for (let i = 0; i < 10; i++) win.surface.frame();
    win.surface.attach(c.shmBuffer(120, 90, 0xff102030), 0, 0);
    win.surface.damageBuffer(0, 0, 120, 90);
    win.surface.commit();
    win.toplevel.destroy();
    win.xdgSurface.destroy();
    win.surface.destroy();
    await c.roundtrip();
    await new Promise((r) => setTimeout(r, 50)); // a few frame ticks
  });
  assert.equal(err, null, err?.message);
  await afterwards();
});
