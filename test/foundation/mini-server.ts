import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WlCompositorResource, WlShmPoolResource, WlShmResource } from '../../protos/gen/server/wayland.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { Display } from '../../compositor/src/server/display.js';
import { Resource } from '../../compositor/src/server/resource.js';
import type { InterfaceSpec } from '../../compositor/src/wire/spec.js';
import type { WireReader } from '../../compositor/src/wire/wire-reader.js';

/**
 * A small in-process server built on the engine alone: wl_compositor v6 whose surfaces and
 * regions are inert, and wl_shm v1 that keeps each pool's fd until the pool and its buffers are
 * gone. Enough for real clients to list globals and for raw clients to provoke errors.
 */
export interface MiniServer {
  display: Display;
  /** Absolute socket path (in a private runtime dir). */
  socket: string;
  runtimeDir: string;
  /** Pool fds currently held (for leak checks). */
  readonly openPools: Set<number>;
  close(): void;
}

export function makeRuntimeDir(prefix = 'tartine-foundation-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o700);
  return dir;
}

export function startMiniServer(): MiniServer {
  const runtimeDir = makeRuntimeDir();
  const display = new Display();
  const socket = display.addSocket(path.join(runtimeDir, 'wayland-mini'));
  const openPools = new Set<number>();

  display.createGlobal(WlCompositorResource, 6, (compositor) => {
    compositor.setHandler({ createSurface: () => {}, createRegion: () => {} });
  });
  // No core request carries an array: this one exists so raw clients can send malformed ones.
  display.createGlobal(TestArrayResource, 1, () => {});
  display.createGlobal(WlShmResource, 1, (shm) => {
    shm.setHandler({ createPool: (_r, pool, fd, size) => servePool(pool, fd, size, openPools) });
    shm.sendFormat(0); // argb8888
    shm.sendFormat(1); // xrgb8888
  });

  return {
    display,
    socket,
    runtimeDir,
    openPools,
    close() {
      display.destroy();
      fs.rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}

/** A pool that only counts its buffers: the fd is closed once the pool and every buffer are gone. */
function servePool(pool: WlShmPoolResource, fd: number, size: number, open: Set<number>): void {
  open.add(fd);
  let buffers = 0;
  let poolGone = false;
  const maybeClose = (): void => {
    if (poolGone && buffers === 0 && open.delete(fd)) closeFd(fd);
  };
  pool.onDestroy(() => {
    poolGone = true;
    maybeClose();
  });
  if (size <= 0) throw pool.error(1, `invalid pool size ${size}`);
  pool.setHandler({
    createBuffer: (_r, buffer) => {
      buffers++;
      buffer.onDestroy(() => {
        buffers--;
        maybeClose();
      });
    },
    resize: () => {},
  });
}

const testArraySpec: InterfaceSpec = {
  name: 'tartine_test_array',
  version: 1,
  requests: [
    {
      name: 'put',
      opcode: 0,
      since: 1,
      destructor: false,
      args: [{ name: 'data', type: 'a', interface: null, nullable: false, enum: null }],
    },
  ],
  events: [],
  enums: [],
};

/** A hand-written resource (the engine serves any interface described by a spec). */
export class TestArrayResource extends Resource {
  static readonly spec = testArraySpec;
  lastArray: Uint8Array | null = null;

  override get spec(): InterfaceSpec {
    return testArraySpec;
  }

  override dispatch(opcode: number, r: WireReader): void {
    if (opcode === 0) this.lastArray = r.array();
  }

  override makeInert(): void {}
}
