/**
 * A small Wayland client for tests, on the project's own client side (Connection + generated
 * proxies): binds globals by interface name, makes shm buffers of one colour, and maps xdg
 * toplevels, so a test can drive exactly the requests it wants to check.
 *
 *   const c = await TestClient.connect(exo.wayland);
 *   const win = await c.toplevel({ title: 'viewport', width: 100, height: 80 });
 *   const viewporter = c.bind(WpViewporterProxy);
 *   ...
 *   const err = await c.protocolError();   // the ConnectionError exo sent
 *   c.close();
 */
import { ConnectionError, Connection } from '../../compositor/src/client/connection.js';
import type { Proxy, ProxyClass } from '../../compositor/src/client/proxy.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd, mapShared } from '../../compositor/src/native/shared-memory.js';
import {
  WlCompositorProxy,
  WlShmProxy,
  type WlBufferProxy,
  type WlRegistryProxy,
  type WlSurfaceProxy,
} from '../../protos/gen/client/wayland.js';
import { WlShmFormat } from '../../protos/gen/spec/wayland.js';
import {
  XdgWmBaseProxy,
  type XdgSurfaceProxy,
  type XdgToplevelProxy,
} from '../../protos/gen/client/xdg-shell.js';
import { waitFor } from './poll.js';

export interface GlobalInfo {
  name: number;
  interface: string;
  version: number;
}

export interface Toplevel {
  surface: WlSurfaceProxy;
  xdgSurface: XdgSurfaceProxy;
  toplevel: XdgToplevelProxy;
  buffer: WlBufferProxy;
  /** Every xdg_toplevel.configure so far (states as xdg_toplevel.state numbers). */
  configures: Array<{ width: number; height: number; states: number[] }>;
  /** True once the compositor asked the window to close. */
  closeRequested: boolean;
}

export class TestClient {
  readonly globals: GlobalInfo[] = [];
  private readonly bound = new Map<string, Proxy>();
  /** Shared memory of our buffers: kept referenced so the mappings stay alive. */
  private readonly mappings: Buffer[] = [];
  private registry: WlRegistryProxy;

  private constructor(readonly conn: Connection) {
    this.registry = conn.display.getRegistry().on({
      global: (name, iface, version) => this.globals.push({ name, interface: iface, version }),
      globalRemove: (name) => {
        const i = this.globals.findIndex((g) => g.name === name);
        if (i >= 0) this.globals.splice(i, 1);
      },
    });
  }

  /** Connects to a socket path and waits for the globals. */
  static async connect(socket: string): Promise<TestClient> {
    const c = new TestClient(Connection.connect(socket));
    await c.conn.roundtrip();
    return c;
  }

  roundtrip(): Promise<void> {
    return this.conn.roundtrip();
  }

  /** Binds the global of `cls`'s interface (once; later calls return the same proxy). */
  bind<T extends Proxy>(cls: ProxyClass<T>, version?: number): T {
    const name = cls.spec.name;
    const existing = this.bound.get(name);
    if (existing) return existing as T;
    const g = this.globals.find((x) => x.interface === name);
    if (!g)
      throw new Error(
        `exo offers no ${name} global (it has: ${this.globals.map((x) => x.interface).join(', ')})`,
      );
    const p = this.registry.bind(
      g.name,
      cls,
      Math.min(version ?? cls.spec.version, g.version, cls.spec.version),
    );
    this.bound.set(name, p);
    if (p instanceof XdgWmBaseProxy) p.on({ ping: (serial) => p.pong(serial) });
    return p;
  }

  createSurface(): WlSurfaceProxy {
    return this.bind(WlCompositorProxy).createSurface();
  }

  /** A wl_buffer of `width` x `height` pixels, all `argb` (0xAARRGGBB). */
  shmBuffer(width: number, height: number, argb = 0xffcc3333, format = WlShmFormat.Argb8888): WlBufferProxy {
    const stride = width * 4;
    const size = stride * height;
    const fd = createMemfd('tartine-test-buffer', size);
    try {
      const map = mapShared(fd, size, true);
      new Uint32Array(map.buffer, map.byteOffset, width * height).fill(argb >>> 0);
      this.mappings.push(map);
      const pool = this.bind(WlShmProxy).createPool(fd, size);
      const buffer = pool.createBuffer(0, width, height, stride, format);
      pool.destroy();
      return buffer;
    } finally {
      closeFd(fd);
    }
  }

  /**
   * Maps an xdg toplevel of one colour: initial commit, configure, ack, attach, commit. Later
   * configures are acked and committed at once, keeping the same buffer (a cooperative client
   * that never resizes).
   */
  async toplevel(
    opts: { title?: string; appId?: string; width?: number; height?: number; argb?: number } = {},
  ): Promise<Toplevel> {
    const wm = this.bind(XdgWmBaseProxy);
    const surface = this.createSurface();
    const xdgSurface = wm.getXdgSurface(surface);
    const toplevel = xdgSurface.getToplevel();
    const buffer = this.shmBuffer(opts.width ?? 120, opts.height ?? 90, opts.argb);
    const result: Toplevel = { surface, xdgSurface, toplevel, buffer, configures: [], closeRequested: false };
    let firstSerial: number | null = null;
    xdgSurface.on({
      configure: (serial) => {
        if (firstSerial === null) {
          firstSerial = serial;
          return;
        }
        xdgSurface.ackConfigure(serial);
        surface.commit();
      },
    });
    toplevel.on({
      configure: (width, height, states) => {
        const view = new DataView(states.buffer, states.byteOffset, states.byteLength);
        const list: number[] = [];
        for (let i = 0; i + 4 <= states.byteLength; i += 4) list.push(view.getUint32(i, true));
        result.configures.push({ width, height, states: list });
      },
      close: () => (result.closeRequested = true),
    });
    if (opts.title !== undefined) toplevel.setTitle(opts.title);
    if (opts.appId !== undefined) toplevel.setAppId(opts.appId);
    surface.commit();
    const serial = await waitFor('the first xdg_surface.configure', async () => {
      await this.roundtrip();
      return firstSerial ?? undefined;
    });
    xdgSurface.ackConfigure(serial);
    surface.attach(buffer, 0, 0);
    surface.damageBuffer(0, 0, 0x7fffffff, 0x7fffffff);
    surface.commit();
    await this.roundtrip();
    return result;
  }

  /** Resolves with the protocol error that ends this connection (fails after `timeoutMs`). */
  protocolError(timeoutMs = 5000): Promise<ConnectionError> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no protocol error within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = (err: ConnectionError | null): void => {
        clearTimeout(timer);
        if (err) resolve(err);
        else reject(new Error('the connection closed without a protocol error'));
      };
      if (this.conn.isClosed) done(this.conn.error);
      else {
        this.conn.onClose(done);
        // Make sure what we sent reaches the server, and its answer comes back.
        this.conn.roundtrip().catch(() => {});
      }
    });
  }

  close(): void {
    this.conn.close();
  }
}
