/**
 * The benchmark client of `sommelier.bench.ts`, on our own client side: one toplevel of
 * WIDTHxHEIGHT that draws a new frame on every frame callback, either rewriting every pixel
 * (`full`) or only a 16x16 square that moves (`small`). Pixels are noise, copied from one
 * precomputed pool at an offset that differs every frame, so every pixel drawn really changes
 * and neither compression nor diffing can make a frame cheaper than it is.
 *
 *   node dist/bench/sommelier-frame-client.js full|small WIDTH HEIGHT WARMUP_FRAMES SECONDS
 *
 * Connects to $WAYLAND_DISPLAY; prints `START` when the measured frames begin and
 * `RESULT {"frames":N,"seconds":S,"fps":F}` at the end, then exits.
 */
import { Connection } from '../compositor/src/client/connection.js';
import { closeFd } from '../compositor/src/native/libc.js';
import { createMemfd, mapShared } from '../compositor/src/native/shared-memory.js';
import { WlCompositorProxy, WlShmProxy, type WlBufferProxy } from '../protos/gen/client/wayland.js';
import { WlShmFormat } from '../protos/gen/spec/wayland.js';
import { XdgWmBaseProxy } from '../protos/gen/client/xdg-shell.js';

const [mode = 'full', w = '1920', h = '1080', warm = '30', secs = '3'] = process.argv.slice(2);
const W = Number(w);
const H = Number(h);
const WARMUP = Number(warm);
const SECONDS = Number(secs);
const PATCH = 16;

interface Buf {
  proxy: WlBufferProxy;
  px: Uint32Array;
  busy: boolean;
  /** The frame this buffer last showed (-1: never), so it catches up on what it missed. */
  drawn: number;
}

function noise(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x | 0xff000000) >>> 0;
  }
  return out;
}

function patchAt(k: number): [number, number] {
  return [(k * 37) % (W - PATCH), (k * 23) % (H - PATCH)];
}

/** Where frame `k` takes its pixels in the noise pool: never the same offset twice in a row. */
function poolOffset(k: number): number {
  return 1 + ((k * 4099) % 8191);
}

function patch(px: Uint32Array, k: number, pool: Uint32Array): void {
  const [x, y] = patchAt(k);
  const off = poolOffset(k);
  for (let row = 0; row < PATCH; row++) {
    const at = (y + row) * W + x;
    px.set(pool.subarray(off + at, off + at + PATCH), at);
  }
}

async function main(): Promise<void> {
  const conn = Connection.connect();
  const globals = new Map<string, { name: number; version: number }>();
  const registry = conn.display.getRegistry().on({
    global: (name, iface, version) => void globals.set(iface, { name, version }),
  });
  await conn.roundtrip();
  const bind = <T>(cls: { spec: { name: string } } & (new (...a: never[]) => T), v: number): T => {
    const g = globals.get(cls.spec.name);
    if (!g) throw new Error(`no ${cls.spec.name}`);
    return registry.bind(g.name, cls as never, Math.min(v, g.version)) as T;
  };
  const compositor = bind(WlCompositorProxy, 4);
  const shm = bind(WlShmProxy, 1);
  const wm = bind(XdgWmBaseProxy, 1);
  wm.on({ ping: (s) => wm.pong(s) });

  const pool = noise(W * H + 8192, 1);
  const frame = (k: number): Uint32Array => pool.subarray(poolOffset(k), poolOffset(k) + W * H);
  const buffers: Buf[] = [];
  const newBuffer = (): Buf => {
    const size = W * H * 4;
    const fd = createMemfd('bench-frame', size);
    const map = mapShared(fd, size, true);
    const pool = shm.createPool(fd, size);
    closeFd(fd);
    const b: Buf = {
      proxy: pool.createBuffer(0, W, H, W * 4, WlShmFormat.Xrgb8888),
      px: new Uint32Array(map.buffer, map.byteOffset, W * H),
      busy: false,
      drawn: -1,
    };
    pool.destroy();
    b.proxy.on({ release: () => (b.busy = false) });
    buffers.push(b);
    return b;
  };

  const surface = compositor.createSurface();
  const xs = wm.getXdgSurface(surface);
  const top = xs.getToplevel();
  top.setTitle(`bench ${mode}`);
  top.setAppId('tartine.bench');
  let configured = false;
  xs.on({ configure: (serial) => ((configured = true), xs.ackConfigure(serial)) });
  surface.commit();
  while (!configured) await conn.roundtrip();

  let n = 0;
  let start = 0;
  let measured = 0;
  const done = new Promise<void>((resolve) => {
    const draw = (): void => {
      const b = buffers.find((x) => !x.busy) ?? newBuffer();
      if (mode === 'full') {
        b.px.set(frame(n));
        surface.attach(b.proxy, 0, 0);
        surface.damageBuffer(0, 0, W, H);
      } else {
        // The scene is one noise frame with one more 16x16 square of other noise per frame; a buffer
        // catches up with the squares drawn since it last showed, but damage is only the new one.
        const fresh = b.drawn < 0;
        if (fresh) b.px.set(pool.subarray(0, W * H));
        for (let k = fresh ? 1 : b.drawn + 1; k <= n; k++) patch(b.px, k, pool);
        surface.attach(b.proxy, 0, 0);
        if (fresh) surface.damageBuffer(0, 0, W, H);
        else surface.damageBuffer(...patchAt(n), PATCH, PATCH);
      }
      b.drawn = n;
      b.busy = true;
      n++;
      if (n === WARMUP) {
        start = performance.now();
        process.stdout.write('START\n');
      }
      if (start > 0 && performance.now() - start >= SECONDS * 1000) {
        measured = n - WARMUP;
        resolve();
        return;
      }
      surface.frame().on({ done: () => draw() });
      surface.commit();
      conn.flush();
    };
    draw();
  });
  await done;
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(`RESULT ${JSON.stringify({ frames: measured, seconds, fps: measured / seconds })}\n`);
  conn.close();
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`bench client: ${e.message}\n`);
    process.exit(1);
  },
);
