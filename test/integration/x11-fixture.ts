/**
 * X11 apps on exo (`tartine exo --headless --xwayland`): starts exo, runs X clients on its X
 * display and Wayland clients on its socket, and gives the X display's name for tools such as
 * xdotool, wmctrl and xclip.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildGroup, xwaylandPidsOf } from '../harness/child-group.js';
import type { ChildRun } from '../harness/client-process.js';
import { startExoProcess, type ExoProcess, type StartExoOptions } from '../harness/exo-fixture.js';
import { waitForFile } from '../harness/poll.js';

export { waitForFile };

export interface X11Exo {
  exo: ExoProcess;
  /** `:N` */
  display: string;
  /** A scratch folder removed by stop(). */
  dir: string;
  /** Starts an X client (DISPLAY set; Wayland variables too, for wl-copy and wl-paste). */
  spawn(command: string, args?: string[]): ChildRun;
  /** Runs a command to its end (10 s at most) and returns its output. */
  run(
    command: string,
    args?: string[],
    timeoutMs?: number,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Pids of the Xwayland processes of this display. */
  xwaylandPids(): number[];
  stop(): Promise<void>;
}

export async function startX11Exo(opts: StartExoOptions = {}): Promise<X11Exo> {
  const exo = await startExoProcess({ ...opts, args: [...(opts.args ?? []), '--xwayland'] });
  const m = /"x11":"(:\d+)"/.exec(exo.exo.stdout);
  if (!m) {
    await exo.stop();
    throw new Error(`exo --xwayland printed no X display: ${exo.exo.stdout}`);
  }
  const display = m[1]!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-x11-'));
  const group = new ChildGroup(() => ({ ...exo.clientEnv(), DISPLAY: display }));
  return {
    exo,
    display,
    dir,
    spawn: (command, args) => group.spawn(command, args),
    run: (command, args, timeoutMs) => group.run(command, args, timeoutMs),
    xwaylandPids: () => xwaylandPidsOf(display),
    async stop() {
      await group.killAll();
      await exo.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for a window of `appId` (WM_CLASS class) to be on exo's desktop. */
export function waitForApp(x: X11Exo, appId: string, timeoutMs = 20_000) {
  return x.exo.waitForWindow((w) => w.appId === appId, timeoutMs, `an X window with app id ${appId}`);
}
