/**
 * Fixture for the seat and data device tests: exo in-process on a private socket, a stand-in
 * window manager that places test surfaces at fixed desktop positions (so input tests do not
 * depend on xdg-shell), and a small client built on our own client library that logs events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '../../compositor/src/client/connection.js';
import type { Proxy, ProxyClass } from '../../compositor/src/client/proxy.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd, mapShared } from '../../compositor/src/native/shared-memory.js';
import { parseExoArgs } from '../../exo-server/src/cli/exo-args.js';
import type { Exo } from '../../exo-server/src/exo.js';
import type { SceneRoot, ShellApi, WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { startExo, type RunningExo } from '../../exo-server/src/start-exo.js';
import type { Surface, SurfaceRole } from '../../exo-server/src/surface/surface.js';
import {
  WlCompositorProxy,
  WlSeatProxy,
  WlShmProxy,
  type WlSurfaceProxy,
} from '../../protos/gen/client/wayland.js';
import { WlShmFormat } from '../../protos/gen/spec/wayland.js';

export interface TestExo {
  exo: Exo;
  running: RunningExo;
  /** Private XDG_RUNTIME_DIR holding the socket. */
  dir: string;
  socket: string;
  /** The stand-in window manager (installed over whatever registerShell put in place). */
  shell: TestShell;
  /** Environment for real clients: WAYLAND_DISPLAY and XDG_RUNTIME_DIR point at this exo. */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

export async function startTestExo(
  extraArgs: string[] = [],
  opts: { keepShell?: boolean } = {},
): Promise<TestExo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-seat-'));
  fs.chmodSync(dir, 0o700);
  const socket = path.join(dir, 'wayland-test');
  const running = await startExo(parseExoArgs(['--headless', '--socket', socket, ...extraArgs]));
  const exo = running.exo;
  trackSurfaces(exo);
  const shell = new TestShell(exo);
  if (!opts.keepShell) exo.shell = shell;
  return {
    exo,
    running,
    dir,
    socket,
    shell,
    env: { ...process.env, XDG_RUNTIME_DIR: dir, WAYLAND_DISPLAY: 'wayland-test', WAYLAND_DEBUG: '' },
    stop: () => {
      running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A surface placed by the test: its role gives the fixed desktop position. */
class TestWindowRole implements SurfaceRole {
  readonly roleName = 'test_window';
  constructor(public root: SceneRoot) {}
  committed(): void {}
  position(): { x: number; y: number } {
    return { x: this.root.x, y: this.root.y };
  }
}

/** The least window manager the seat needs: a stack of roots and a log of pointerPressed calls. */
export class TestShell implements ShellApi {
  readonly stack: SceneRoot[] = [];
  readonly pressed: Array<Surface | null> = [];
  /** Click-to-focus, as a real window manager does (on by default). */
  focusOnPress = true;

  constructor(private readonly exo: Exo) {}

  place(surface: Surface, x: number, y: number): void {
    const root = { surface, x, y };
    if (!surface.setRole('test_window', new TestWindowRole(root)))
      throw new Error('surface already has a role');
    this.stack.push(root);
    surface.onDestroy(() => this.remove(surface));
    this.exo.scene.damageTree(surface);
    this.exo.seat.refreshPointerFocus();
  }

  move(surface: Surface, x: number, y: number): void {
    const root = this.stack.find((r) => r.surface === surface)!;
    root.x = x;
    root.y = y;
    this.exo.seat.refreshPointerFocus();
  }

  remove(surface: Surface): void {
    const i = this.stack.findIndex((r) => r.surface === surface);
    if (i >= 0) this.stack.splice(i, 1);
  }

  roots(): SceneRoot[] {
    return this.stack;
  }
  windows(): WindowInfo[] {
    return [];
  }
  windowSurface(): Surface | null {
    return null;
  }
  act(): void {
    throw new Error('the test shell has no windows to act on');
  }
  pointerPressed(surface: Surface | null): void {
    this.pressed.push(surface);
    if (this.focusOnPress && surface) this.exo.seat.setKeyboardFocus(surface);
  }
  outputChanged(): void {}
  onWindowsChanged(): () => void {
    return () => {};
  }
}

/** A client of our own client library, with the globals it binds and an event log. */
export class TestClient {
  readonly log: string[] = [];
  private readonly globals = new Map<string, { name: number; version: number }>();
  compositor!: WlCompositorProxy;
  shm!: WlShmProxy;
  seat!: WlSeatProxy;

  private constructor(
    readonly conn: Connection,
    private readonly t: TestExo,
  ) {}

  static async connect(t: TestExo): Promise<TestClient> {
    const c = new TestClient(Connection.connect(t.socket), t);
    const registry = c.conn.display.getRegistry();
    registry.on({ global: (name, iface, version) => c.globals.set(iface, { name, version }) });
    await c.conn.roundtrip();
    c.registry = registry;
    c.compositor = c.bind(WlCompositorProxy, 6);
    c.shm = c.bind(WlShmProxy, 1);
    c.seat = c.bind(WlSeatProxy, 8);
    return c;
  }

  private registry!: ReturnType<Connection['display']['getRegistry']>;

  bind<T extends Proxy>(cls: ProxyClass<T>, version: number): T {
    const g = this.globals.get(cls.spec.name);
    if (!g) throw new Error(`no ${cls.spec.name} global`);
    return this.registry.bind(g.name, cls, Math.min(version, g.version));
  }

  hasGlobal(name: string): boolean {
    return this.globals.has(name);
  }

  /** A surface with a solid width×height buffer, committed; returns it and its server-side Surface. */
  async surface(
    width: number,
    height: number,
    color = 0xff3366cc,
  ): Promise<{ proxy: WlSurfaceProxy; surface: Surface }> {
    const proxy = this.compositor.createSurface();
    await this.conn.roundtrip();
    // The newest server surface with this id is ours: roundtrips run one at a time.
    const created = [...(lastSurfaces.get(this.t.exo) ?? [])]
      .reverse()
      .find((s) => s.resource.id === proxy.id && !s.destroyed);
    if (!created) throw new Error('server surface not found');
    this.attachSolid(proxy, width, height, color);
    proxy.commit();
    await this.conn.roundtrip();
    return { proxy, surface: created };
  }

  /** Attaches a new shm buffer filled with `color` (ARGB). */
  attachSolid(proxy: WlSurfaceProxy, width: number, height: number, color: number): void {
    const size = width * height * 4;
    const fd = createMemfd('test-buffer', size, true);
    const pixels = mapShared(fd, size, true);
    for (let i = 0; i < size; i += 4) pixels.writeUInt32LE(color >>> 0, i);
    const pool = this.shm.createPool(fd, size);
    closeFd(fd);
    const buffer = pool.createBuffer(0, width, height, width * 4, WlShmFormat.Argb8888);
    pool.destroy();
    proxy.attach(buffer, 0, 0);
    proxy.damageBuffer(0, 0, width, height);
  }

  /** Surface placed by the stand-in window manager at desktop (x, y). */
  async window(
    x: number,
    y: number,
    width = 100,
    height = 100,
  ): Promise<{ proxy: WlSurfaceProxy; surface: Surface }> {
    const s = await this.surface(width, height);
    this.t.shell.place(s.surface, x, y);
    this.t.exo.flush();
    await this.conn.roundtrip();
    return s;
  }

  /** Sends pending server events and waits until this client has handled them. */
  async sync(): Promise<void> {
    this.t.exo.flush();
    await this.conn.roundtrip();
  }

  /** Takes the log (and clears it). */
  take(): string[] {
    return this.log.splice(0, this.log.length);
  }

  close(): void {
    this.conn.close();
  }
}

/** Surfaces created in each exo, newest last (filled by trackSurfaces). */
const lastSurfaces = new WeakMap<Exo, Surface[]>();

/** Starts recording created surfaces, so TestClient.surface can find its server side. */
export function trackSurfaces(exo: Exo): void {
  if (lastSurfaces.has(exo)) return;
  const list: Surface[] = [];
  lastSurfaces.set(exo, list);
  exo.onSurfaceCreated((s) => {
    list.push(s);
    s.onDestroy(() => list.splice(list.indexOf(s), 1));
  });
}

/** Formats a number for logs: fixed-point values to two decimals at most. */
export function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}
