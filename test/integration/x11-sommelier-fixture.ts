/**
 * X11 apps in a guest: exo, and `tartine sommelier -X` in front of it over the fd link
 * (`wayland:PATH`) or the stream link (`unix:PATH`, exo --link-listen). Guest clients get both
 * DISPLAY (sommelier's Xwayland) and WAYLAND_DISPLAY (sommelier's socket).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChildGroup, xwaylandPidsOf } from '../harness/child-group.js';
import { ChildRun } from '../harness/client-process.js';
import { REPO_ROOT, startExoProcess, type ExoProcess, type StartExoOptions } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { envIn, TARTINE } from './sommelier-fixture.js';

export type HostLink = 'fd' | 'stream';

export interface X11Guest {
  exo: ExoProcess;
  som: ChildRun;
  /** `:N` of sommelier's Xwayland. */
  display: string;
  /** sommelier's Wayland socket. */
  socket: string;
  /** A scratch folder (inside exo's runtime dir, removed with it). */
  dir: string;
  env(): NodeJS.ProcessEnv;
  /** Starts a guest client (X and Wayland variables set). */
  spawn(command: string, args?: string[]): ChildRun;
  /** Runs a guest command to its end and returns its output (kills it after `timeoutMs`). */
  run(command: string, args?: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string }>;
  /** The pid of the display's running Xwayland, or null. */
  xwaylandPid(): number | null;
  stop(): Promise<void>;
}

let counter = 0;

export async function startX11Guest(
  link: HostLink,
  somArgs: string[] = [],
  somEnv: NodeJS.ProcessEnv = {},
  exoOptions: StartExoOptions = {},
): Promise<X11Guest> {
  const exo = await startExoProcess(
    link === 'stream' ? { ...exoOptions, args: ['--link-listen', 'unix:link'] } : exoOptions,
  );
  const host = link === 'stream' ? `unix:${path.join(exo.runtimeDir, 'link')}` : `wayland:${exo.wayland}`;
  const socket = path.join(exo.runtimeDir, `guest-x-${process.pid}-${counter++}`);
  const som = new ChildRun(
    process.execPath,
    [TARTINE, 'sommelier', '--host', host, '--socket', socket, '-X', ...somArgs],
    envIn(exo.runtimeDir, somEnv),
    REPO_ROOT,
  );
  let display: string;
  try {
    const m = await som.waitForOutput(/^READY (\{.*\})$/m, 15_000);
    display = (JSON.parse(m[1]!) as { x11: string }).x11;
  } catch (e) {
    await som.kill();
    await exo.stop();
    throw e;
  }
  const dir = fs.mkdtempSync(path.join(exo.runtimeDir, 'scratch-'));
  const env = (): NodeJS.ProcessEnv => envIn(exo.runtimeDir, { WAYLAND_DISPLAY: socket, DISPLAY: display });
  const group = new ChildGroup(env);
  return {
    exo,
    som,
    display,
    socket,
    dir,
    env,
    spawn: (command, args) => group.spawn(command, args),
    run: (command, args, timeoutMs) => group.run(command, args, timeoutMs),
    xwaylandPid: () => xwaylandPidsOf(display)[0] ?? null,
    async stop() {
      await group.killAll();
      await som.kill();
      await exo.stop();
    },
  };
}

/**
 * Gives keyboard focus to the window titled `title` with a click, as a user would before
 * pasting into an X app: the host offers its selection only to the focused client.
 */
export async function focusWindow(g: X11Guest, title: string): Promise<void> {
  const w = await g.exo.waitForWindow((v) => v.title === title, 20_000);
  await g.exo.input({ type: 'click', x: w.x + 5, y: w.y + 5 });
  await waitFor(`${title} to be focused`, async () =>
    (await g.exo.windows()).find((v) => v.id === w.id && v.focused),
  );
}
