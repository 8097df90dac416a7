import { Connection } from '../compositor/src/client/connection.js';
import { processRss, spawnExo, spawnWeston, type ChildCompositor } from '../test/foundation/processes.js';
import type { BenchResult } from './bench-api.js';

/**
 * Resident memory of an idle server holding 100 clients (our client, each with a registry
 * bound), after it settled: exo beside weston with the same 100 clients.
 */

const CLIENTS = 100;
const SETTLE_MS = 2000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function rssWithClients(server: ChildCompositor): Promise<{ idle: number; loaded: number }> {
  await sleep(SETTLE_MS);
  const idle = processRss(server.pid);
  const conns: Connection[] = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const conn = Connection.connect(server.socket);
      conn.display.getRegistry().on({ global: () => {} });
      conns.push(conn);
    }
    await Promise.all(conns.map((c) => c.roundtrip()));
    await sleep(SETTLE_MS);
    await Promise.all(conns.map((c) => c.roundtrip())); // all still served
    return { idle, loaded: processRss(server.pid) };
  } finally {
    for (const c of conns) c.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const mb = (b: number): number => b / (1024 * 1024);
  const exo = await spawnExo();
  let exoRss: { idle: number; loaded: number };
  try {
    exoRss = await rssWithClients(exo);
  } finally {
    await exo.stop();
  }
  const weston = await spawnWeston();
  let westonRss: { idle: number; loaded: number };
  try {
    westonRss = await rssWithClients(weston);
  } finally {
    await weston.stop();
  }
  return [
    {
      name: `idle exo RSS, ${CLIENTS} clients`,
      value: mb(exoRss.loaded),
      unit: 'MB',
      anchor: { name: `weston, ${CLIENTS} clients`, value: mb(westonRss.loaded) },
      ratio: exoRss.loaded / westonRss.loaded,
      target: '< 120 MB',
      met: mb(exoRss.loaded) < 120,
      note: `exo ${mb(exoRss.idle).toFixed(1)} MB with no client (+${((exoRss.loaded - exoRss.idle) / 1024 / CLIENTS).toFixed(0)} KiB/client); weston ${mb(westonRss.idle).toFixed(1)} MB with none`,
    },
  ];
}
