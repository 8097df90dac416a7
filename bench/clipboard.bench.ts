import * as fs from 'node:fs';
import * as path from 'node:path';
import { startExoProcess, type ExoProcess } from '../test/harness/exo-fixture.js';
import { waitFor } from '../test/harness/poll.js';
import { guestClipboard, killAll, Proc, putClipboard } from '../test/integration/clipboard-fixture.js';
import { startLinkSommelier } from '../test/integration/link-fixture.js';
import { envIn, startSommelierProcess } from '../test/integration/sommelier-fixture.js';
import type { BenchResult } from './bench-api.js';
import { anchorEndToEnd, guestToHostEndToEnd, hostToGuestEndToEnd, wlCopy } from './clipboard-e2e.js';
import { Reader } from './clipboard-reader.js';

/**
 * Clipboard throughput with a 64 MiB text, guest → host and host → guest, beside
 * `wl-copy | wl-paste` on weston in the same run, for a guest connected directly, through
 * sommelier on the fd link, and through sommelier on the stream link; and the latency of a
 * small paste.
 *
 * End to end (clipboard-e2e.ts): from starting the copy to the paste's last byte, process
 * start-up included, as the issue's anchor `wl-copy | wl-paste` counts; the targets are on these.
 * Then the transfer alone, timed by its reader from asking for the data to its end:
 * - anchor: wl-copy serves the payload, a guest client (clipboard-reader.ts, which drains into
 *   a reused buffer) reads it through weston, which only passes the pipe as for wl-paste.
 * - host → guest: exo serves the payload (PUT before, untimed) to the same guest client.
 * - guest → host: wl-copy serves it and exo reads it eagerly, keeping it (exo's own measure,
 *   readMs): the same pipe as the anchor with a reader that must store what it reads.
 * Weston 10's headless backend has no seat (wl-clipboard exits "Missing a seat"), so weston runs
 * nested on exo with its wayland backend, which gives it one; exo takes no part in the anchor's
 * data path. Resident memory is exo's, and on the stream link sommelier's too (it relays the
 * bytes there).
 */

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const REPEATS = 5;
const SMALL = 4096;
const SMALL_PASTES = 20;
const E2E_REPEATS = 5;
const TEXT = 'text/plain;charset=utf-8';
const TARGET = '>= 1x weston';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbs = (ms: number): number => SIZE / MiB / (ms / 1000);
const growth = (b: number): string => `${(b / MiB).toFixed(1)} MiB`;

/** Times one read of a 64 MiB selection that `set` puts in place (its size checked). */
async function timedRead(reader: Reader, set: () => Promise<void>): Promise<number> {
  await reader.focus();
  const { ms, bytes } = await reader.paste(set);
  if (bytes !== SIZE) throw new Error(`read ${bytes} bytes, not ${SIZE}`);
  return ms;
}

/** The payload, one byte changed per round so each copy is new. */
const variant = (data: Buffer, i: number): Buffer => (data.writeUInt8(0x41 + i, 0), data);

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Runs `fn` and returns how far each process's resident memory rose above where it was before. */
async function rssGrowth(pids: number[], fn: () => Promise<unknown>): Promise<number[]> {
  await new Promise((r) => setTimeout(r, 300));
  for (const pid of pids) fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM
  const before = pids.map((pid) => status(pid, 'VmRSS'));
  await fn();
  return pids.map((pid, i) => status(pid, 'VmHWM') - before[i]!);
}

/** Weston nested on exo (its headless backend has no seat for wl-clipboard). */
async function startNestedWeston(
  exo: ExoProcess,
): Promise<{ socket: string; env: NodeJS.ProcessEnv; stop(): void }> {
  const dir = exo.runtimeDir;
  fs.writeFileSync(path.join(dir, 'weston.ini'), '[core]\nshell=kiosk-shell.so\n[input-method]\npath=\n');
  const args = [`--config=${dir}/weston.ini`, '--backend=wayland-backend.so', '--socket=weston-bench'];
  const weston = new Proc(
    'weston',
    [...args, '--idle-time=0', '--width=320', '--height=240'],
    exo.clientEnv(),
    null,
    false,
  );
  const socket = path.join(dir, 'weston-bench');
  await waitFor('weston nested on exo', () => fs.existsSync(socket), { timeoutMs: 15_000 });
  return { socket, env: envIn(dir, { WAYLAND_DISPLAY: 'weston-bench' }), stop: () => weston.kill() };
}

/** exo's time to read a guest's 64 MiB selection (its readMs), median of `repeats` copies. */
async function guestToHostMs(exo: ExoProcess, env: NodeJS.ProcessEnv, data: Buffer, repeats = REPEATS) {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await exo.ok('DELETE', '/api/clipboard');
    await wlCopy(env, variant(data, i));
    const j = await guestClipboard(exo, '?text=0', (x) => x.sizes[TEXT] === data.length);
    times.push((j as { readMs?: number }).readMs ?? NaN);
  }
  return median(times);
}

/** Latency from PUT (the paste gesture) to a focused guest client holding the data. */
async function smallPasteMs(exo: ExoProcess): Promise<number> {
  const reader = await Reader.open(exo.wayland, exo, 'paste-latency');
  try {
    const times: number[] = [];
    for (let i = 0; i < SMALL_PASTES; i++) {
      const data = Buffer.alloc(SMALL, 0x61 + (i % 26));
      const start = performance.now();
      const { bytes } = await reader.paste(async () => void (await putClipboard(exo, TEXT, data)), false);
      times.push(performance.now() - start);
      if (bytes !== SMALL) throw new Error(`the small paste arrived with ${bytes} bytes`);
    }
    return median(times);
  } finally {
    reader.close();
  }
}

/** How a guest reaches exo: its environment, a reading client there, the relay's pid if any. */
interface Link {
  name: string;
  env: NodeJS.ProcessEnv;
  reader: Reader;
  relayPid?: number;
}

export async function run(): Promise<BenchResult[]> {
  const data = Buffer.alloc(SIZE, 'the quick brown fox jumps over the lazy dog 0123456789\n');
  const exo = await startExoProcess({ args: ['--link-listen', 'unix:link'] });
  const closers: Array<() => unknown> = [];
  try {
    const weston = await startNestedWeston(exo);
    closers.push(() => weston.stop());
    // Weston's clients have keyboard focus only while weston's own window in exo has it.
    const westonReader = await Reader.open(weston.socket, exo, 'anchor', (w) => /weston/i.test(w.title));
    closers.push(() => westonReader.close());
    const fdSom = await startSommelierProcess(exo.runtimeDir, exo.wayland);
    closers.push(() => fdSom.stop());
    const streamSom = await startLinkSommelier(exo.runtimeDir, `unix:${path.join(exo.runtimeDir, 'link')}`);
    closers.push(() => streamSom.stop());
    const links: Link[] = [];
    const open = async (name: string, socket: string, env: NodeJS.ProcessEnv, relayPid?: number) => {
      const reader = await Reader.open(socket, exo, `reader ${name}`);
      closers.push(() => reader.close());
      links.push({ name, env, reader, relayPid });
    };
    await open('direct', exo.wayland, exo.clientEnv());
    await open('fd link', fdSom.socket, envIn(exo.runtimeDir, { WAYLAND_DISPLAY: fdSom.socket }));
    await open(
      'stream link',
      streamSom.socket,
      envIn(exo.runtimeDir, { WAYLAND_DISPLAY: streamSom.socket }),
      streamSom.process.pid,
    );
    const put = async (i: number) => void (await putClipboard(exo, TEXT, variant(data, i)));

    // Rounds interleave the anchor with exo, so a busy machine slows both alike.
    const anchorMs: number[] = [];
    const h2gMs = links.map(() => [] as number[]);
    for (let i = 0; i < REPEATS; i++) {
      anchorMs.push(await timedRead(westonReader, () => wlCopy(weston.env, variant(data, i))));
      for (const [k, l] of links.entries()) h2gMs[k]!.push(await timedRead(l.reader, () => put(i + k)));
    }
    const anchorValue = { name: 'wl-copy → reader on weston', value: mbs(median(anchorMs)) };
    const row = (name: string, ms: number, note: string): BenchResult => {
      const ratio = mbs(ms) / anchorValue.value;
      return { name, value: mbs(ms), unit: 'MiB/s', anchor: anchorValue, ratio, note };
    };
    const rows: BenchResult[] = [];
    const memRows: BenchResult[] = [];
    for (const [k, l] of links.entries()) {
      rows.push(row(`clipboard host → guest, 64 MiB, ${l.name}`, median(h2gMs[k]!), 'transfer alone'));
      const pids = [exo.pid, ...(l.relayPid ? [l.relayPid] : [])];
      const putGrowth = await rssGrowth([exo.pid], () => put(k));
      await l.reader.focus();
      await l.reader.paste(null); // the payload in place, and read once
      const h2gGrowth = await rssGrowth(pids, async () => {
        const { bytes } = await l.reader.paste(null);
        if (bytes !== SIZE) throw new Error(`read ${bytes} bytes, not ${SIZE}`);
      });
      const g2hGrowth = await rssGrowth(pids, () => guestToHostMs(exo, l.env, data, 1));
      rows.push(
        row(
          `clipboard guest → host, 64 MiB, ${l.name}`,
          await guestToHostMs(exo, l.env, data),
          'exo reads wl-copy eagerly (its readMs)',
        ),
      );
      const who = ['exo', 'sommelier'];
      const mem = (g: number[]) => g.map((b, i) => `${who[i]} +${growth(b)}`).join(', ');
      const worst = Math.max(...putGrowth, ...h2gGrowth, ...g2hGrowth);
      memRows.push({
        name: `clipboard RSS growth during a 64 MiB transfer, ${l.name}`,
        value: worst / MiB,
        unit: 'MiB',
        target: '< 32 MiB',
        met: worst < 32 * MiB,
        note: `PUT: ${mem(putGrowth)}; host → guest: ${mem(h2gGrowth)}; guest → host: ${mem(g2hGrowth)}`,
      });
    }
    const latency = await smallPasteMs(exo);

    // End to end, with the copying and pasting processes' start-up, interleaved again.
    const e2eAnchorMs: number[] = [];
    const e2e = links.map(() => ({ h2g: [] as number[], g2h: [] as number[] }));
    for (let i = 0; i < E2E_REPEATS; i++) {
      e2eAnchorMs.push(await anchorEndToEnd(westonReader, weston.env, variant(data, i)));
      for (const [k, l] of links.entries()) {
        e2e[k]!.h2g.push(await hostToGuestEndToEnd(exo, l.env, variant(data, i)));
        e2e[k]!.g2h.push(await guestToHostEndToEnd(exo, l.env, variant(data, i)));
      }
    }
    const e2eAnchor = { name: 'wl-copy, then wl-paste on weston', value: mbs(median(e2eAnchorMs)) };
    const e2eRow = (name: string, times: number[], note: string): BenchResult => {
      const value = mbs(median(times));
      const ratio = value / e2eAnchor.value;
      return { name, value, unit: 'MiB/s', anchor: e2eAnchor, ratio, target: TARGET, met: ratio >= 1, note };
    };
    const e2eRows = links.flatMap((l, k) => [
      e2eRow(
        `clipboard host → guest, 64 MiB, end to end, ${l.name}`,
        e2e[k]!.h2g,
        'curl PUT, then wl-paste | wc -c in the guest',
      ),
      e2eRow(
        `clipboard guest → host, 64 MiB, end to end, ${l.name}`,
        e2e[k]!.g2h,
        'wl-copy in the guest, exo reads it, then curl GET ?mime=',
      ),
    ]);
    return [
      ...e2eRows,
      ...rows,
      ...memRows,
      {
        name: `clipboard paste latency, ${SMALL / 1024} KiB`,
        value: latency,
        unit: 'ms',
        target: '< 50 ms',
        met: latency < 50,
        note: `PUT /api/clipboard (the paste gesture) until a focused guest client has read the data; median of ${SMALL_PASTES}`,
      },
    ];
  } finally {
    await killAll();
    for (const close of closers.reverse()) await close();
    await exo.stop();
  }
}
