/**
 * Fixture for the shell tests: exo in-process (so tests can look at the window manager
 * directly) on a private XDG_RUNTIME_DIR, and real clients started against it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseExoArgs } from '../../exo-server/src/cli/exo-args.js';
import type { Exo } from '../../exo-server/src/exo.js';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { WindowManager } from '../../exo-server/src/shell/window-manager.js';
import { startExo, type RunningExo } from '../../exo-server/src/start-exo.js';
import { ChildRun } from '../harness/client-process.js';
import { waitFor } from '../harness/poll.js';

export interface ShellExo {
  exo: Exo;
  wm: WindowManager;
  running: RunningExo;
  /** Absolute path of the Wayland socket. */
  socket: string;
  /** Starts a real client on this exo; `stop()` kills it if it is still running. */
  spawn(command: string, args?: string[], env?: NodeJS.ProcessEnv): ChildRun;
  /** Polls the window list until a window matches. */
  waitForWindow(what: string, ok: (w: WindowInfo) => boolean, timeoutMs?: number): Promise<WindowInfo>;
  /** The window with this id as it is now (throws if it is gone). */
  window(id: number): WindowInfo;
  /** Output of the clients, for failure messages. */
  report(): string;
  stop(): Promise<void>;
}

export async function startShellExo(size = '1280x800'): Promise<ShellExo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-shell-'));
  fs.chmodSync(dir, 0o700);
  const socket = path.join(dir, 'wayland-shell');
  let running: RunningExo;
  try {
    running = await startExo(parseExoArgs(['--headless', '--socket', socket, '--size', size]));
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const exo = running.exo;
  if (!(exo.shell instanceof WindowManager)) throw new Error('exo.shell is not the WindowManager');
  const wm = exo.shell;
  const clients = new Set<ChildRun>();
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env };
    delete e['DISPLAY'];
    delete e['WAYLAND_SOCKET'];
    delete e['WAYLAND_DEBUG'];
    return { ...e, ...extra, XDG_RUNTIME_DIR: dir, WAYLAND_DISPLAY: socket };
  };
  const report = () =>
    [...clients].map((c) => `${c.describe()} exit=${JSON.stringify(c.exit)}\n${c.tail(1000)}`).join('\n');
  return {
    exo,
    wm,
    running,
    socket,
    spawn(command, args = [], extra = {}) {
      const c = new ChildRun(command, args, env(extra));
      clients.add(c);
      return c;
    },
    waitForWindow(what, ok, timeoutMs = 30_000) {
      return waitFor(what, () => wm.windows().find(ok), { timeoutMs, intervalMs: 20 }).catch((e: Error) => {
        throw new Error(`${e.message}\nwindows: ${JSON.stringify(wm.windows())}\n${report()}`);
      });
    },
    window(id) {
      const w = wm.windows().find((x) => x.id === id);
      if (!w) throw new Error(`window ${id} is gone`);
      return w;
    },
    report,
    async stop() {
      await Promise.all([...clients].map((c) => c.kill()));
      running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
