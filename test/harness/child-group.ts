import * as fs from 'node:fs';
import { ChildRun } from './client-process.js';

/**
 * The processes a fixture starts in one environment: kept running (`spawn`) or run to their end
 * within a time limit (`run`), and all ended together by `killAll`.
 */
export class ChildGroup {
  private readonly children: ChildRun[] = [];

  constructor(private readonly env: () => NodeJS.ProcessEnv) {}

  spawn(command: string, args: string[] = []): ChildRun {
    const c = new ChildRun(command, args, this.env());
    this.children.push(c);
    return c;
  }

  /** Runs a command to its end (killed and reported after `timeoutMs`) and returns its output. */
  async run(
    command: string,
    args: string[] = [],
    timeoutMs = 10_000,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const c = this.spawn(command, args);
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
  }

  async killAll(): Promise<void> {
    await Promise.all(this.children.map((c) => c.kill(500)));
  }
}

/** Pids of the Xwayland processes serving X display `display` (`:N`). */
export function xwaylandPidsOf(display: string): number[] {
  const pids: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('Xwayland') && cmd[1] === display) pids.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
