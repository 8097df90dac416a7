// xdg-shell and xdg-decoration from our own client side: the configure handshake, popup
// placement, decoration modes, and the protocol errors a misbehaving client gets (while
// another connected client keeps working).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WlSeatProxy, WlSubcompositorProxy } from '../../protos/gen/client/wayland.js';
import { XdgWmBaseProxy } from '../../protos/gen/client/xdg-shell.js';
import { ZxdgDecorationManagerV1Proxy } from '../../protos/gen/client/xdg-decoration-unstable-v1.js';
import {
  XdgPopupError,
  XdgPositionerError,
  XdgSurfaceError,
  XdgToplevelError,
  XdgWmBaseError,
} from '../../protos/gen/spec/xdg-shell.js';
import { ZxdgToplevelDecorationV1Error } from '../../protos/gen/spec/xdg-decoration-unstable-v1.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { mapPopup, positioner, useShellProtocolExo } from './shell-protocol-fixture.js';

const env = useShellProtocolExo();

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
      const err = await env.errorOf(k.run);
      // A destructor request forgets its proxy at once, so the client cannot name that object.
      const named =
        err.interfaceName === 'unknown' ? err.message.split(': ')[1]?.split('#')[0] : err.interfaceName;
      assert.equal(named, k.iface, err.message);
      assert.equal(err.code, k.code, err.message);
      await env.assertBystanderFine();
    });
  }
});

test('the bystander window survived everything', () => {
  assert.ok(!env.bystanderWindow.closeRequested);
  assert.ok(env.fx.wm.windows().some((w) => w.title === 'bystander'));
});
