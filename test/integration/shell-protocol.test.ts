// xdg-shell and xdg-decoration from our own client side: the configure handshake, popup
// placement, decoration modes, and the protocol errors a misbehaving client gets (while
// another connected client keeps working).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConnectionError } from '../../compositor/src/client/connection.js';
import { WlSeatProxy, WlSubcompositorProxy, type WlSurfaceProxy } from '../../protos/gen/client/wayland.js';
import {
  XdgWmBaseProxy,
  type XdgPopupProxy,
  type XdgPositionerProxy,
  type XdgSurfaceProxy,
} from '../../protos/gen/client/xdg-shell.js';
import { ZxdgDecorationManagerV1Proxy } from '../../protos/gen/client/xdg-decoration-unstable-v1.js';
import {
  XdgPopupError,
  XdgPositionerAnchor,
  XdgPositionerError,
  XdgPositionerGravity,
  XdgSurfaceError,
  XdgToplevelError,
  XdgToplevelState,
  XdgWmBaseError,
} from '../../protos/gen/spec/xdg-shell.js';
import {
  ZxdgToplevelDecorationV1Error,
  ZxdgToplevelDecorationV1Mode,
} from '../../protos/gen/spec/xdg-decoration-unstable-v1.js';
import { waitFor } from '../harness/poll.js';
import { TestClient, type Toplevel } from '../harness/wayland-test-client.js';
import { startShellExo, type ShellExo } from './shell-fixture.js';

let fx: ShellExo;
/** A well-behaved client with a mapped window, checked after every error of another client. */
let bystander: TestClient;
let bystanderWindow: Toplevel;

before(async () => {
  fx = await startShellExo('1000x800');
  bystander = await TestClient.connect(fx.socket);
  bystanderWindow = await bystander.toplevel({ title: 'bystander', width: 100, height: 100 });
});
after(async () => {
  bystander?.close();
  await fx?.stop();
});

/** Runs `misbehave` on a fresh client and returns the protocol error it earns. */
async function errorOf(misbehave: (c: TestClient) => void | Promise<void>): Promise<ConnectionError> {
  const c = await TestClient.connect(fx.socket);
  try {
    await misbehave(c);
    return await c.protocolError();
  } finally {
    c.close();
  }
}

async function assertBystanderFine(): Promise<void> {
  await bystander.roundtrip();
  const w = fx.wm.windows().find((x) => x.title === 'bystander');
  assert.ok(w, 'the other client still has its window');
  assert.ok(fx.wm.windowSurface(w.id)?.mapped);
}

/** Decodes a wl_array of uint32. */
function u32s(a: Uint8Array): number[] {
  const v = new DataView(a.buffer, a.byteOffset, a.byteLength);
  return Array.from({ length: a.byteLength / 4 }, (_, i) => v.getUint32(i * 4, true));
}

/** Waits for the next xdg_surface.configure serial, doing roundtrips meanwhile. */
async function nextConfigure(c: TestClient, xs: XdgSurfaceProxy, serials: number[]): Promise<number> {
  const seen = serials.length;
  return waitFor('an xdg_surface.configure', async () => {
    await c.roundtrip();
    return serials.length > seen ? serials[serials.length - 1] : undefined;
  });
}

function positioner(c: TestClient, w = 50, h = 30): XdgPositionerProxy {
  const p = c.bind(XdgWmBaseProxy).createPositioner();
  p.setSize(w, h);
  p.setAnchorRect(10, 10, 20, 20);
  p.setAnchor(XdgPositionerAnchor.BottomLeft);
  p.setGravity(XdgPositionerGravity.BottomRight);
  return p;
}

interface MappedPopup {
  surface: WlSurfaceProxy;
  xdgSurface: XdgSurfaceProxy;
  popup: XdgPopupProxy;
  configures: Array<[number, number, number, number]>;
  serials: number[];
  done: boolean;
  repositioned: number[];
}

/** Creates and maps a popup of `parent` (initial commit, configure, ack, buffer). */
async function mapPopup(
  c: TestClient,
  parent: XdgSurfaceProxy,
  pos: XdgPositionerProxy,
): Promise<MappedPopup> {
  const surface = c.createSurface();
  const xdgSurface = c.bind(XdgWmBaseProxy).getXdgSurface(surface);
  const popup = xdgSurface.getPopup(parent, pos);
  const m: MappedPopup = {
    surface,
    xdgSurface,
    popup,
    configures: [],
    serials: [],
    done: false,
    repositioned: [],
  };
  xdgSurface.on({ configure: (s) => m.serials.push(s) });
  popup.on({
    configure: (x, y, w, h) => m.configures.push([x, y, w, h]),
    popupDone: () => (m.done = true),
    repositioned: (t) => m.repositioned.push(t),
  });
  surface.commit();
  const serial = await nextConfigure(c, xdgSurface, m.serials);
  xdgSurface.ackConfigure(serial);
  surface.attach(c.shmBuffer(50, 30), 0, 0);
  surface.commit();
  await c.roundtrip();
  return m;
}

describe('configure handshake', () => {
  test('initial configure: capabilities, bounds, then a 0×0 configure; activation after map', async () => {
    const c = await TestClient.connect(fx.socket);
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
      const w = fx.wm.windows().find((x) => x.title === 'handshake');
      assert.ok(w && w.focused && w.width === 200);

      // A null buffer unmaps; a commit without a buffer then asks for a new initial configure.
      surface.attach(null, 0, 0);
      surface.commit();
      await c.roundtrip();
      assert.ok(!fx.wm.windows().some((x) => x.title === 'handshake'));
      const before = serials.length;
      surface.commit();
      await nextConfigure(c, xs, serials);
      assert.equal(serials.length, before + 1);
      await assertBystanderFine();
    } finally {
      c.close();
    }
  });

  test('a client-side maximize is configured to the output size with the maximized state', async () => {
    const c = await TestClient.connect(fx.socket);
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
        const w = fx.wm.windows().find((x) => x.title === 'maximize-me');
        return w?.maximized && w.x === 0 && w.y === 0;
      });
    } finally {
      c.close();
    }
  });
});

describe('clients going away', () => {
  test('a disconnecting client takes its windows and popups along; focus goes to another client', async () => {
    const c = await TestClient.connect(fx.socket);
    const a = await c.toplevel({ title: 'leaving-1', width: 100, height: 100 });
    await c.toplevel({ title: 'leaving-2', width: 100, height: 100 });
    await mapPopup(c, a.xdgSurface, positioner(c));
    const ids = fx.wm.windows().filter((w) => w.title.startsWith('leaving-'));
    assert.equal(ids.length, 2);
    assert.ok(ids.some((w) => w.focused));
    c.close();
    await waitFor(
      'the windows to go away',
      () => !fx.wm.windows().some((w) => w.title.startsWith('leaving-')),
    );
    const focused = fx.wm.windows().filter((w) => w.focused);
    assert.equal(focused.length, 1);
    assert.equal(fx.wm.roots().length, fx.wm.windows().length, 'no popup left in the scene');
    await assertBystanderFine();
  });
});

describe('popups', () => {
  test('placed relative to the parent window geometry; reposition echoes its token', async () => {
    const c = await TestClient.connect(fx.socket);
    try {
      const parent = await c.toplevel({ title: 'popup-parent', width: 300, height: 200 });
      const p = await mapPopup(c, parent.xdgSurface, positioner(c));
      assert.deepEqual(p.configures[0], [10, 30, 50, 30]);
      const info = fx.wm.windows().find((w) => w.title === 'popup-parent')!;
      const popupSurface = fx.wm.roots().at(-1)!;
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
    const c = await TestClient.connect(fx.socket);
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
    const c = await TestClient.connect(fx.socket);
    try {
      await c.toplevel({ title: 'plain', width: 100, height: 80 });
      assert.equal(fx.wm.windows().find((w) => w.title === 'plain')?.decorated, false);
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
      const w2 = () => fx.wm.windows().find((w) => w.title === 'decorated-2')!;
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

describe('protocol errors', () => {
  const cases: Array<{
    name: string;
    iface: string;
    code: number;
    run: (c: TestClient) => void | Promise<void>;
  }> = [
    {
      name: 'a buffer committed before the first configure is acked',
      iface: 'xdg_surface',
      code: XdgSurfaceError.UnconfiguredBuffer,
      run: async (c) => {
        const surface = c.createSurface();
        const xs = c.bind(XdgWmBaseProxy).getXdgSurface(surface);
        xs.getToplevel();
        surface.commit();
        await c.roundtrip();
        surface.attach(c.shmBuffer(10, 10), 0, 0);
        surface.commit();
      },
    },
    {
      name: 'ack_configure with a serial never sent',
      iface: 'xdg_surface',
      code: XdgSurfaceError.InvalidSerial,
      run: (c) => {
        const xs = c.bind(XdgWmBaseProxy).getXdgSurface(c.createSurface());
        xs.getToplevel();
        xs.ackConfigure(123456);
      },
    },
    {
      name: 'destroying a popup below another shown popup',
      iface: 'xdg_wm_base',
      code: XdgWmBaseError.NotTheTopmostPopup,
      run: async (c) => {
        const parent = await c.toplevel({ width: 200, height: 200 });
        const p1 = await mapPopup(c, parent.xdgSurface, positioner(c));
        await mapPopup(c, p1.xdgSurface, positioner(c));
        p1.popup.destroy();
      },
    },
    {
      name: 'a positioner of size zero',
      iface: 'xdg_positioner',
      code: XdgPositionerError.InvalidInput,
      run: (c) => c.bind(XdgWmBaseProxy).createPositioner().setSize(0, 10),
    },
    {
      name: 'a positioner with a bad anchor',
      iface: 'xdg_positioner',
      code: XdgPositionerError.InvalidInput,
      run: (c) => c.bind(XdgWmBaseProxy).createPositioner().setAnchor(9),
    },
    {
      name: 'get_popup with an incomplete positioner',
      iface: 'xdg_wm_base',
      code: XdgWmBaseError.InvalidPositioner,
      run: async (c) => {
        const parent = await c.toplevel();
        const wm = c.bind(XdgWmBaseProxy);
        wm.getXdgSurface(c.createSurface()).getPopup(parent.xdgSurface, wm.createPositioner());
      },
    },
    {
      name: 'get_popup without a parent',
      iface: 'xdg_wm_base',
      code: XdgWmBaseError.InvalidPopupParent,
      run: (c) => {
        c.bind(XdgWmBaseProxy).getXdgSurface(c.createSurface()).getPopup(null, positioner(c));
      },
    },
    {
      name: 'get_xdg_surface for a subsurface',
      iface: 'xdg_wm_base',
      code: XdgWmBaseError.Role,
      run: (c) => {
        const child = c.createSurface();
        c.bind(WlSubcompositorProxy).getSubsurface(child, c.createSurface());
        c.bind(XdgWmBaseProxy).getXdgSurface(child);
      },
    },
    {
      name: 'destroying the xdg_surface before its toplevel',
      iface: 'xdg_surface',
      code: XdgSurfaceError.DefunctRoleObject,
      run: (c) => {
        const xs = c.bind(XdgWmBaseProxy).getXdgSurface(c.createSurface());
        xs.getToplevel();
        xs.destroy();
      },
    },
    {
      name: 'destroying xdg_wm_base while it has surfaces',
      iface: 'xdg_wm_base',
      code: XdgWmBaseError.DefunctSurfaces,
      run: (c) => {
        const wm = c.bind(XdgWmBaseProxy);
        wm.getXdgSurface(c.createSurface());
        wm.destroy();
      },
    },
    {
      name: 'set_window_geometry with an empty size',
      iface: 'xdg_surface',
      code: XdgSurfaceError.InvalidSize,
      run: (c) => {
        const xs = c.bind(XdgWmBaseProxy).getXdgSurface(c.createSurface());
        xs.getToplevel();
        xs.setWindowGeometry(0, 0, 0, 10);
      },
    },
    {
      name: 'set_window_geometry before a role',
      iface: 'xdg_surface',
      code: XdgSurfaceError.NotConstructed,
      run: (c) => c.bind(XdgWmBaseProxy).getXdgSurface(c.createSurface()).setWindowGeometry(0, 0, 10, 10),
    },
    {
      name: 'a negative min size',
      iface: 'xdg_toplevel',
      code: XdgToplevelError.InvalidSize,
      run: (c) => c.bind(XdgWmBaseProxy).getXdgSurface(c.createSurface()).getToplevel().setMinSize(-1, 10),
    },
    {
      name: 'a min size above the max size, at commit',
      iface: 'xdg_toplevel',
      code: XdgToplevelError.InvalidSize,
      run: (c) => {
        const surface = c.createSurface();
        const tl = c.bind(XdgWmBaseProxy).getXdgSurface(surface).getToplevel();
        tl.setMinSize(200, 200);
        tl.setMaxSize(100, 100);
        surface.commit();
      },
    },
    {
      name: 'a toplevel made its own parent',
      iface: 'xdg_toplevel',
      code: XdgToplevelError.InvalidParent,
      run: (c) => {
        const wm = c.bind(XdgWmBaseProxy);
        const a = wm.getXdgSurface(c.createSurface()).getToplevel();
        const b = wm.getXdgSurface(c.createSurface()).getToplevel();
        b.setParent(a);
        a.setParent(b);
      },
    },
    {
      name: 'resize with a bad edge',
      iface: 'xdg_toplevel',
      code: XdgToplevelError.InvalidResizeEdge,
      run: async (c) => {
        const win = await c.toplevel();
        win.toplevel.resize(c.bind(WlSeatProxy), 1, 3);
      },
    },
    {
      name: 'a popup grab after the popup was mapped',
      iface: 'xdg_popup',
      code: XdgPopupError.InvalidGrab,
      run: async (c) => {
        const parent = await c.toplevel();
        const p = await mapPopup(c, parent.xdgSurface, positioner(c));
        p.popup.grab(c.bind(WlSeatProxy), 1);
      },
    },
    {
      name: 'a second decoration object for a toplevel',
      iface: 'zxdg_toplevel_decoration_v1',
      code: ZxdgToplevelDecorationV1Error.AlreadyConstructed,
      run: (c) => {
        const tl = c.bind(XdgWmBaseProxy).getXdgSurface(c.createSurface()).getToplevel();
        const m = c.bind(ZxdgDecorationManagerV1Proxy);
        m.getToplevelDecoration(tl);
        m.getToplevelDecoration(tl);
      },
    },
  ];

  for (const k of cases) {
    test(`${k.name} → ${k.iface} error ${k.code}`, async () => {
      const err = await errorOf(k.run);
      // A destructor request forgets its proxy at once, so the client cannot name that object.
      const named =
        err.interfaceName === 'unknown' ? err.message.split(': ')[1]?.split('#')[0] : err.interfaceName;
      assert.equal(named, k.iface, err.message);
      assert.equal(err.code, k.code, err.message);
      await assertBystanderFine();
    });
  }
});

test('the bystander window survived everything', () => {
  assert.ok(!bystanderWindow.closeRequested);
  assert.ok(fx.wm.windows().some((w) => w.title === 'bystander'));
});
