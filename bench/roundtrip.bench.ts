import { Connection } from '../compositor/src/client/connection.js';
import { processCpuMs, spawnExo, spawnWeston, type ChildCompositor } from '../test/foundation/processes.js';
import { benchSeconds, rateAsync, versus, type BenchResult } from './bench-api.js';

/**
 * wl_display.sync round trips per second: our client against exo (a child process) beside the
 * same client against weston headless, alternating so both see the same machine state. Also
 * the server's CPU time per round trip, which other processes on the machine disturb less.
 */

const ROUNDS = 5;

interface Round {
  rate: number;
  /** Server CPU time per round trip, in microseconds. */
  serverCpuUs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function measure(server: ChildCompositor, seconds: number): Promise<Round> {
  const conn = Connection.connect(server.socket);
  try {
    conn.display.getRegistry();
    await conn.roundtrip();
    const cpu0 = processCpuMs(server.pid);
    let count = 0;
    const rate = await rateAsync(
      async () => {
        await conn.roundtrip();
        count++;
      },
      1,
      seconds,
    );
    // count includes rateAsync's warm-up: every round trip the server's CPU time covers.
    return { rate, serverCpuUs: ((processCpuMs(server.pid) - cpu0) * 1000) / count };
  } finally {
    conn.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const seconds = benchSeconds(4);
  const exo = await spawnExo();
  let weston: ChildCompositor | null = null;
  try {
    weston = await spawnWeston();
    // A discarded round first: exo's JIT needs a few thousand round trips to reach its pace.
    await measure(exo, 1);
    await measure(weston, 0.5);
    const exoRounds: Round[] = [];
    const westonRounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      exoRounds.push(await measure(exo, seconds / ROUNDS));
      westonRounds.push(await measure(weston, seconds / ROUNDS));
    }
    // The median resists the other processes of a shared 2-core machine.
    const exoRate = median(exoRounds.map((r) => r.rate));
    const westonRate = median(westonRounds.map((r) => r.rate));
    const exoCpu = median(exoRounds.map((r) => r.serverCpuUs));
    const westonCpu = median(westonRounds.map((r) => r.serverCpuUs));
    const list = (rs: Round[]): string => rs.map((r) => r.rate.toFixed(0)).join('/');
    return [
      versus('sync roundtrips, our client -> exo', exoRate, 'rt/s', 'our client -> weston', westonRate, {
        target: '>= 0.8x weston',
        met: exoRate / westonRate >= 0.8,
        note: `median of rounds: exo ${list(exoRounds)}, weston ${list(westonRounds)}`,
      }),
      versus('server CPU per sync roundtrip, exo', exoCpu, 'us', 'weston', westonCpu, {
        note: 'user + system time of the server process (/proc/<pid>/stat), median of rounds',
      }),
    ];
  } finally {
    await exo.stop();
    await weston?.stop();
  }
}
