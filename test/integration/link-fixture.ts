/**
 * Fixture for the stream link tests: exo (a child process) with its link endpoint on a unix
 * socket in its runtime dir, and sommelier reaching it over that link, as a `tartine
 * sommelier` process or in this process (to read the link's counters).
 */
import * as path from 'node:path';
import { parseHostAddress } from '../../sommelier/src/host/host-address.js';
import { Sommelier } from '../../sommelier/src/sommelier.js';
import { ChildRun } from '../harness/client-process.js';
import { REPO_ROOT, startExoProcess, type ExoProcess, type StartExoOptions } from '../harness/exo-fixture.js';
import { envIn, TARTINE, type SommelierRun } from './sommelier-fixture.js';

export interface LinkedExo {
  exo: ExoProcess;
  /** `unix:PATH` of exo's link endpoint: sommelier's --host. */
  host: string;
}

/** exo listening for stream links on `unix:<its runtime dir>/link`. */
export async function startLinkedExo(opts: StartExoOptions = {}): Promise<LinkedExo> {
  const exo = await startExoProcess({ ...opts, args: [...(opts.args ?? []), '--link-listen', 'unix:link'] });
  return { exo, host: `unix:${path.join(exo.runtimeDir, 'link')}` };
}

let counter = 0;

/** `tartine sommelier --host HOST --socket ...` serving guests in `dir`; waits for READY. */
export async function startLinkSommelier(
  dir: string,
  host: string,
  args: string[] = [],
): Promise<SommelierRun> {
  const socket = path.join(dir, `som-link-${process.pid}-${counter++}`);
  const run = new ChildRun(
    process.execPath,
    [TARTINE, 'sommelier', '--host', host, '--socket', socket, ...args],
    envIn(dir),
    REPO_ROOT,
  );
  try {
    await run.waitForOutput(/^READY \{.*\}$/m, 15_000);
  } catch (e) {
    await run.kill();
    throw e;
  }
  return { socket, process: run, stop: async () => void (await run.kill()) };
}

/** Sommelier in this process on the stream link to `host`, serving a socket in `dir`. */
export async function startLinkSommelierHere(
  dir: string,
  host: string,
): Promise<{ som: Sommelier; socket: string; stop(): void }> {
  const som = await Sommelier.start({
    host: parseHostAddress(host),
    scale: 1,
    dpi: [],
    guestName: 'penguin',
  });
  const socket = som.listen(path.join(dir, `som-link-here-${counter++}`));
  return { som, socket, stop: () => som.destroy() };
}

/** Runs `tartine sommelier --host HOST -- COMMAND...` as a client of `exo`. */
export function runThroughLink(
  exo: ExoProcess,
  host: string,
  command: string[],
  env: NodeJS.ProcessEnv = {},
): ChildRun {
  return exo.spawnClient(process.execPath, [TARTINE, 'sommelier', '--host', host, '--', ...command], env);
}
