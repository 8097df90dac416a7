// xdg-shell and xdg-decoration from our own client side: the configure handshake, popup
// placement, decoration modes, and the protocol errors a misbehaving client gets (while
// another connected client keeps working). The protocol errors are in shell-protocol-errors.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WlSeatProxy } from '../../protos/gen/client/wayland.js';
import { XdgWmBaseProxy } from '../../protos/gen/client/xdg-shell.js';
import { ZxdgDecorationManagerV1Proxy } from '../../protos/gen/client/xdg-decoration-unstable-v1.js';
import { XdgToplevelState } from '../../protos/gen/spec/xdg-shell.js';
import { ZxdgToplevelDecorationV1Mode } from '../../protos/gen/spec/xdg-decoration-unstable-v1.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { mapPopup, nextConfigure, positioner, u32s, useShellProtocolExo } from './shell-protocol-fixture.js';

const env = useShellProtocolExo();

describe('configure handshake', () => {
  test('initial configure: capabilities, bounds, then a 0×0 configure; activation after map', async () => {
    const c = await TestClient.connect(env.fx.socket);
    try {
      const wm = c.bind(XdgWmBaseProxy);
      const surface = c.createSurface();
      const xs = wm.getXdgSurface(surface);
      const tl = xs.getToplevel();
      const events: string[] = [];
      const serials: number[] = [];
      xs.on({ configure: (s) => (events.push('surface.configure'), serials.push(s)) });
      tl.on({
        configure: (w, h, st) => events.push(`configure ${w}x${h} [${u32s(st).join(',')}]`),
        configureBounds: (w, h) => events.push(`bounds ${w}x${h}`),
        wmCapabilities: (caps) => events.push(`caps [${u32s(caps).join(',')}]`),
      });
      tl.setTitle('handshake');
      surface.commit();
      const serial = await nextConfigure(c, xs, serials);
      assert.deepEqual(events, ['bounds 1000x800', 'caps [2,3,4]', 'configure 0x0 []', 'surface.configure']);
      xs.ackConfigure(serial);
      surface.attach(c.shmBuffer(200, 100), 0, 0);
      surface.commit();
      await nextConfigure(c, xs, serials);
      assert.equal(events.at(-2), `configure 0x0 [${XdgToplevelState.Activated}]`);
      const w = env.fx.wm.windows().find((x) => x.title === 'handshake');
      assert.ok(w && w.focused && w.width === 200);

      // A null buffer unmaps; a commit without a buffer then asks for a new initial configure.
      surface.attach(null, 0, 0);
      surface.commit();
      await c.roundtrip();
      assert.ok(!env.fx.wm.windows().some((x) => x.title === 'handshake'));
      const before = serials.length;
      surface.commit();
      await nextConfigure(c, xs, serials);
      assert.equal(serials.length, before + 1);
      await env.assertBystanderFine();
    } finally {
      c.close();
    }
  });

  test('a client-side maximize is configured to the output size with the maximized state', async () => {
    const c = await TestClient.connect(env.fx.socket);
    try {
      const win = await c.toplevel({ title: 'maximize-me', width: 120, height: 90 });
      win.toplevel.setMaximized();
      await waitFor('a maximized configure', async () => {
        await c.roundtrip();
        return win.configures.some((k) => k.states.includes(XdgToplevelState.Maximized) && k.width === 1000);
      });
      const last = win.configures.at(-1)!;
      assert.deepEqual([last.width, last.height], [1000, 800]);
      // The cooperative test client keeps its 120×90 buffer: still "maximized" at the corner.
      await waitFor('the maximized state to be committed', () => {
        const w = env.fx.wm.windows().find((x) => x.title === 'maximize-me');
        return w?.maximized && w.x === 0 && w.y === 0;
      });
    } finally {
      c.close();
    }
  });
});

describe('clients going away', () => {
  test('a disconnecting client takes its windows and popups along; focus goes to another client', async () => {
    const c = await TestClient.connect(env.fx.socket);
    const a = await c.toplevel({ title: 'leaving-1', width: 100, height: 100 });
    await c.toplevel({ title: 'leaving-2', width: 100, height: 100 });
    await mapPopup(c, a.xdgSurface, positioner(c));
    const ids = env.fx.wm.windows().filter((w) => w.title.startsWith('leaving-'));
    assert.equal(ids.length, 2);
    assert.ok(ids.some((w) => w.focused));
    c.close();
    await waitFor(
      'the windows to go away',
      () => !env.fx.wm.windows().some((w) => w.title.startsWith('leaving-')),
    );
    const focused = env.fx.wm.windows().filter((w) => w.focused);
    assert.equal(focused.length, 1);
    assert.equal(env.fx.wm.roots().length, env.fx.wm.windows().length, 'no popup left in the scene');
    await env.assertBystanderFine();
  });
});

describe('popups', () => {
  test('placed relative to the parent window geometry; reposition echoes its token', async () => {
    const c = await TestClient.connect(env.fx.socket);
    try {
      const parent = await c.toplevel({ title: 'popup-parent', width: 300, height: 200 });
      const p = await mapPopup(c, parent.xdgSurface, positioner(c));
      assert.deepEqual(p.configures[0], [10, 30, 50, 30]);
      const info = env.fx.wm.windows().find((w) => w.title === 'popup-parent')!;
      const popupSurface = env.fx.wm.roots().at(-1)!;
      assert.deepEqual([popupSurface.x, popupSurface.y], [info.x + 10, info.y + 30]);

      const pos = positioner(c, 60, 40);
      pos.setOffset(5, 0);
      p.popup.reposition(pos, 77);
      await nextConfigure(c, p.xdgSurface, p.serials);
      assert.deepEqual(p.repositioned, [77]);
      assert.deepEqual(p.configures.at(-1), [15, 30, 60, 40]);
    } finally {
      c.close();
    }
  });

  test('a popup grab without a button press is refused with popup_done', async () => {
    const c = await TestClient.connect(env.fx.socket);
    try {
      const parent = await c.toplevel({ title: 'grabber', width: 300, height: 200 });
      const surface = c.createSurface();
      const xs = c.bind(XdgWmBaseProxy).getXdgSurface(surface);
      const popup = xs.getPopup(parent.xdgSurface, positioner(c));
      let done = false;
      popup.on({ popupDone: () => (done = true) });
      popup.grab(c.bind(WlSeatProxy), 12345);
      surface.commit();
      await waitFor('popup_done', async () => {
        await c.roundtrip();
        return done;
      });
    } finally {
      c.close();
    }
  });
});

describe('xdg-decoration', () => {
  test('server-side by default, client-side when asked, one decoration per toplevel', async () => {
    const c = await TestClient.connect(env.fx.socket);
    try {
      await c.toplevel({ title: 'plain', width: 100, height: 80 });
      assert.equal(env.fx.wm.windows().find((w) => w.title === 'plain')?.decorated, false);
      // A decoration object for a mapped toplevel is refused, so use a fresh, unmapped one.
      const surface = c.createSurface();
      const xs = c.bind(XdgWmBaseProxy).getXdgSurface(surface);
      const tl = xs.getToplevel();
      tl.setTitle('decorated-2');
      const deco = c.bind(ZxdgDecorationManagerV1Proxy).getToplevelDecoration(tl);
      const modes: number[] = [];
      deco.on({ configure: (m) => modes.push(m) });
      deco.setMode(ZxdgToplevelDecorationV1Mode.ClientSide);
      const serials: number[] = [];
      xs.on({ configure: (s) => serials.push(s) });
      surface.commit();
      const s1 = await nextConfigure(c, xs, serials);
      assert.deepEqual(modes, [ZxdgToplevelDecorationV1Mode.ClientSide]);
      xs.ackConfigure(s1);
      surface.attach(c.shmBuffer(100, 80), 0, 0);
      surface.commit();
      await c.roundtrip();
      const w2 = () => env.fx.wm.windows().find((w) => w.title === 'decorated-2')!;
      assert.equal(w2().decorated, false);
      deco.unsetMode();
      await nextConfigure(c, xs, serials);
      assert.equal(modes.at(-1), ZxdgToplevelDecorationV1Mode.ServerSide);
      assert.equal(w2().decorated, true);
    } finally {
      c.close();
    }
  });
});
