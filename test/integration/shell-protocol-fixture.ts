/**
 * Shared by the xdg-shell protocol tests: an exo with a well-behaved bystander client (whose
 * window is checked after every error of another client) and helpers for our own client side.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { ConnectionError } from '../../compositor/src/client/connection.js';
import type { WlSurfaceProxy } from '../../protos/gen/client/wayland.js';
import {
  XdgWmBaseProxy,
  type XdgPopupProxy,
  type XdgPositionerProxy,
  type XdgSurfaceProxy,
} from '../../protos/gen/client/xdg-shell.js';
import { XdgPositionerAnchor, XdgPositionerGravity } from '../../protos/gen/spec/xdg-shell.js';
import { waitFor } from '../harness/poll.js';
import { TestClient, type Toplevel } from '../harness/wayland-test-client.js';
import { startShellExo, type ShellExo } from './shell-fixture.js';

export interface ShellProtocolEnv {
  fx: ShellExo;
  bystander: TestClient;
  bystanderWindow: Toplevel;
  /** Runs `misbehave` on a fresh client and returns the protocol error it earns. */
  errorOf(misbehave: (c: TestClient) => void | Promise<void>): Promise<ConnectionError>;
  assertBystanderFine(): Promise<void>;
}

/** Starts exo and the bystander before the file's tests and stops them after. */
export function useShellProtocolExo(): ShellProtocolEnv {
  const env = {
    errorOf: async (misbehave: (c: TestClient) => void | Promise<void>) => {
      const c = await TestClient.connect(env.fx.socket);
      try {
        await misbehave(c);
        return await c.protocolError();
      } finally {
        c.close();
      }
    },
    assertBystanderFine: async () => {
      await env.bystander.roundtrip();
      const w = env.fx.wm.windows().find((x) => x.title === 'bystander');
      assert.ok(w, 'the other client still has its window');
      assert.ok(env.fx.wm.windowSurface(w.id)?.mapped);
    },
  } as ShellProtocolEnv;
  before(async () => {
    env.fx = await startShellExo('1000x800');
    env.bystander = await TestClient.connect(env.fx.socket);
    env.bystanderWindow = await env.bystander.toplevel({ title: 'bystander', width: 100, height: 100 });
  });
  after(async () => {
    env.bystander?.close();
    await env.fx?.stop();
  });
  return env;
}

/** Decodes a wl_array of uint32. */
export function u32s(a: Uint8Array): number[] {
  const v = new DataView(a.buffer, a.byteOffset, a.byteLength);
  return Array.from({ length: a.byteLength / 4 }, (_, i) => v.getUint32(i * 4, true));
}

/** Waits for the next xdg_surface.configure serial, doing roundtrips meanwhile. */
export async function nextConfigure(c: TestClient, xs: XdgSurfaceProxy, serials: number[]): Promise<number> {
  const seen = serials.length;
  return waitFor('an xdg_surface.configure', async () => {
    await c.roundtrip();
    return serials.length > seen ? serials[serials.length - 1] : undefined;
  });
}

export function positioner(c: TestClient, w = 50, h = 30): XdgPositionerProxy {
  const p = c.bind(XdgWmBaseProxy).createPositioner();
  p.setSize(w, h);
  p.setAnchorRect(10, 10, 20, 20);
  p.setAnchor(XdgPositionerAnchor.BottomLeft);
  p.setGravity(XdgPositionerGravity.BottomRight);
  return p;
}

export interface MappedPopup {
  surface: WlSurfaceProxy;
  xdgSurface: XdgSurfaceProxy;
  popup: XdgPopupProxy;
  configures: Array<[number, number, number, number]>;
  serials: number[];
  done: boolean;
  repositioned: number[];
}

/** Creates and maps a popup of `parent` (initial commit, configure, ack, buffer). */
export async function mapPopup(
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
