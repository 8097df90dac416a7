/**
 * X11 apps on exo (`tartine exo --headless --xwayland`): starts exo, runs X clients on its X
 * display and Wayland clients on its socket, and gives the X display's name for tools such as
 * xdotool, wmctrl and xclip.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildRun } from '../harness/client-process.js';
import { startExoProcess, type ExoProcess, type StartExoOptions } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';

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
  const children: ChildRun[] = [];
  const env = (): NodeJS.ProcessEnv => ({ ...exo.clientEnv(), DISPLAY: display });
  const spawn = (command: string, args: string[] = []): ChildRun => {
    const c = new ChildRun(command, args, env());
    children.push(c);
    return c;
  };
  return {
    exo,
    display,
    dir,
    spawn,
    async run(command, args = [], timeoutMs = 10_000) {
      const c = spawn(command, args);
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        c.exited,
        new Promise<null>((r) => (timer = setTimeout(() => r(null), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (!exit) {
        await c.kill(500);
        throw new Error(`${c.describe()} did not finish in ${timeoutMs} ms: ${c.tail()}`);
      }
      return { code: exit.code, stdout: c.stdout, stderr: c.stderr };
    },
    xwaylandPids() {
      const out: number[] = [];
      for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          if (cmd[0]?.endsWith('Xwayland') && cmd[1] === display) out.push(Number(pid));
        } catch {
          // gone meanwhile
        }
      }
      return out;
    },
    async stop() {
      await Promise.all(children.map((c) => c.kill(500)));
      await exo.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for a window of `appId` (WM_CLASS class) to be on exo's desktop. */
export function waitForApp(x: X11Exo, appId: string, timeoutMs = 20_000) {
  return x.exo.waitForWindow((w) => w.appId === appId, timeoutMs, `an X window with app id ${appId}`);
}

/** Polls a file until `ok` holds for its content. */
export function waitForFile(file: string, ok: (s: string) => boolean, timeoutMs = 15_000): Promise<string> {
  return waitFor(
    `${file} to be written`,
    () => {
      try {
        const s = fs.readFileSync(file, 'utf8');
        return ok(s) ? s : undefined;
      } catch {
        return undefined;
      }
    },
    { timeoutMs },
  );
}
