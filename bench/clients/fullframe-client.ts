import { Connection } from '../../compositor/src/client/connection.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd, mapShared } from '../../compositor/src/native/shared-memory.js';
import {
  WlCompositorProxy,
  WlShmProxy,
  type WlBufferProxy,
  type WlSurfaceProxy,
} from '../../protos/gen/client/wayland.js';
import { XdgWmBaseProxy, type XdgToplevelProxy } from '../../protos/gen/client/xdg-shell.js';
import { WlShmFormat } from '../../protos/gen/spec/wayland.js';

/**
 * A benchmark client on our own client side: one xdg toplevel whose every frame repaints the
 * whole buffer (a new colour) and damages all of it, paced by frame callbacks, with a small
 * swap chain of shm buffers released by the compositor. Works against any compositor.
 *
 *   const c = await FullFrameClient.start(socketPath, { width: 1920, height: 1080 });
 *   const n = c.frames; await sleep(5000); const fps = (c.frames - n) / 5;
 *   c.close();
 */

export interface FullFrameOptions {
  width: number;
  height: number;
  /** Buffers in the swap chain (default 2). */
  buffers?: number;
  /** Ask for fullscreen, so the whole buffer is on screen (default true). */
  fullscreen?: boolean;
  /** Keep drawing a frame on every frame callback (default true); false commits one frame only. */
  animate?: boolean;
  title?: string;
}

interface SwapBuffer {
  proxy: WlBufferProxy;
  pixels: Uint32Array;
  busy: boolean;
}

export class FullFrameClient {
  /** Frames the compositor answered (frame callbacks done). */
  frames = 0;
  /** Frames drawn but skipped because every buffer was still held by the compositor. */
  starved = 0;
  private readonly chain: SwapBuffer[] = [];
  private colour = 0;
  private closed = false;
  private waitingForBuffer = false;

  private constructor(
    readonly conn: Connection,
    readonly surface: WlSurfaceProxy,
    readonly toplevel: XdgToplevelProxy,
    private readonly opts: Required<FullFrameOptions>,
  ) {}

  /** Connects, maps the window and draws its first frame; resolves once exo has it. */
  static async start(socket: string, options: FullFrameOptions): Promise<FullFrameClient> {
    const opts: Required<FullFrameOptions> = {
      buffers: 2,
      fullscreen: true,
      animate: true,
      title: 'fullframe',
      ...options,
    };
    const conn = Connection.connect(socket);
    const globals = new Map<string, number>();
    const registry = conn.display.getRegistry().on({ global: (name, iface) => globals.set(iface, name) });
    await conn.roundtrip();
    const need = (iface: string): number => {
      const g = globals.get(iface);
      if (g === undefined) throw new Error(`the compositor has no ${iface}`);
      return g;
    };
    const compositor = registry.bind(need('wl_compositor'), WlCompositorProxy, 4);
    const shm = registry.bind(need('wl_shm'), WlShmProxy, 1);
    const wm = registry.bind(need('xdg_wm_base'), XdgWmBaseProxy, 1);
    wm.on({ ping: (serial) => wm.pong(serial) });
    const surface = compositor.createSurface();
    const xdgSurface = wm.getXdgSurface(surface);
    const toplevel = xdgSurface.getToplevel();
    toplevel.setTitle(opts.title);
    if (opts.fullscreen) toplevel.setFullscreen(null);
    const client = new FullFrameClient(conn, surface, toplevel, opts);
    const size = opts.width * opts.height * 4;
    for (let i = 0; i < opts.buffers; i++) {
      const fd = createMemfd('tartine-bench-fullframe', size);
      try {
        const map = mapShared(fd, size, true);
        const pool = shm.createPool(fd, size);
        const proxy = pool.createBuffer(0, opts.width, opts.height, opts.width * 4, WlShmFormat.Xrgb8888);
        pool.destroy();
        const b: SwapBuffer = {
          proxy,
          pixels: new Uint32Array(map.buffer, map.byteOffset, size / 4),
          busy: false,
        };
        proxy.on({
          release: () => {
            b.busy = false;
            if (client.waitingForBuffer) client.draw();
          },
        });
        client.chain.push(b);
      } finally {
        closeFd(fd);
      }
    }
    let configured = false;
    xdgSurface.on({
      configure: (serial) => {
        xdgSurface.ackConfigure(serial);
        if (!configured) {
          configured = true;
          client.draw();
        } else surface.commit();
      },
    });
    toplevel.on({ configure: () => {}, close: () => client.close() });
    surface.commit();
    while (client.frames === 0 && !conn.isClosed) await conn.roundtrip();
    if (conn.error) throw conn.error;
    return client;
  }

  /** Bytes of one buffer. */
  get bufferBytes(): number {
    return this.opts.width * this.opts.height * 4;
  }

  private draw(): void {
    if (this.closed) return;
    const b = this.chain.find((x) => !x.busy);
    if (!b) {
      this.starved++;
      this.waitingForBuffer = true;
      return;
    }
    this.waitingForBuffer = false;
    this.colour = (this.colour + 0x010305) & 0xffffff;
    b.pixels.fill(0xff000000 | this.colour);
    b.busy = true;
    const s = this.surface;
    s.attach(b.proxy, 0, 0);
    s.damageBuffer(0, 0, this.opts.width, this.opts.height);
    s.frame().on({
      done: () => {
        this.frames++;
        if (this.opts.animate) this.draw();
      },
    });
    s.commit();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.close();
  }
}
