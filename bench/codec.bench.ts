import { PerformanceObserver } from 'node:perf_hooks';
import { WireReader } from '../compositor/src/wire/wire-reader.js';
import { WireWriter } from '../compositor/src/wire/wire-writer.js';
import { benchSeconds, rate, versus, type BenchResult } from './bench-api.js';

/**
 * The wire codec on its own: 24-byte messages (header + 4 ints, the shape of wl_surface.damage)
 * encoded with WireWriter and decoded with one WireReader over a buffer of pre-encoded
 * messages, the way WireConnection frames its input. The anchor is a plain Buffer.copy of the
 * same bytes in the same run.
 */

const MESSAGE = 24;
/** Messages per batch: a 48 KiB buffer, about what one read or flush moves under load. */
const BATCH = 2048;
const BYTES = BATCH * MESSAGE;

function encodeBatch(w: WireWriter): void {
  for (let i = 0; i < BATCH; i++) {
    w.begin(3 + (i & 7), 2);
    w.int(i);
    w.int(i + 1);
    w.int(64);
    w.int(48);
    w.finish();
  }
  w.consume(w.pending, 0); // what a flush does once the bytes are sent
}

/** Pre-encoded input, 4-aligned like the connection's receive buffer. */
function encodedInput(): Buffer {
  const w = new WireWriter((n) => Buffer.alloc(n), BYTES * 2);
  for (let i = 0; i < BATCH; i++) {
    w.begin(3 + (i & 7), 2);
    for (let k = 0; k < 4; k++) w.int(i + k);
    w.finish();
  }
  return Buffer.from(w.buf.subarray(0, BYTES));
}

let sink = 0;

/** The framing loop of WireConnection.processInput plus a handler reading 4 ints. */
function decodeBatch(buf: Buffer, words: Uint32Array, r: WireReader): void {
  let start = 0;
  let acc = 0;
  while (BYTES - start >= 8) {
    const w = start >>> 2;
    const sender = words[w]!;
    const size = words[w + 1]! >>> 16;
    if (size < 8 || (size & 3) !== 0 || size > 4096) throw new Error('bad size');
    if (BYTES - start < size) break;
    r.begin(start, size);
    start += size;
    acc += sender + r.int() + r.int() + r.int() + r.int();
    if (r.remaining() !== 0) throw new Error('leftover');
  }
  sink ^= acc;
}

/** Counts garbage collections while `fn` runs, and the heap growth across it. */
async function allocationCheck(fn: () => void): Promise<{ gcs: number; heapGrowth: number }> {
  let gcs = 0;
  const obs = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  obs.observe({ entryTypes: ['gc'] });
  await new Promise((r) => setImmediate(r));
  gcs = 0;
  const before = process.memoryUsage().heapUsed;
  fn();
  const heapGrowth = process.memoryUsage().heapUsed - before;
  await new Promise((r) => setTimeout(r, 50)); // gc entries are delivered asynchronously
  obs.disconnect();
  return { gcs, heapGrowth };
}

export async function run(): Promise<BenchResult[]> {
  const seconds = benchSeconds(1.5);
  const input = encodedInput();
  const copyTarget = Buffer.alloc(BYTES);
  const words = new Uint32Array(input.buffer, input.byteOffset, BYTES >>> 2);
  const reader = new WireReader(input);
  const writer = new WireWriter();

  const copyRate = rate(() => input.copy(copyTarget, 0, 0, BYTES), BATCH, seconds);
  const decodeRate = rate(() => decodeBatch(input, words, reader), BATCH, seconds);
  const encodeRate = rate(() => encodeBatch(writer), BATCH, seconds);

  const batches = Math.ceil(5_000_000 / BATCH);
  const dec = await allocationCheck(() => {
    for (let i = 0; i < batches; i++) decodeBatch(input, words, reader);
  });
  const enc = await allocationCheck(() => {
    for (let i = 0; i < batches; i++) encodeBatch(writer);
  });
  const messages = batches * BATCH;
  const perMsg = (g: number): string => `${(Math.max(0, g) / messages).toFixed(3)} B/msg`;
  const allocNote = (x: { gcs: number; heapGrowth: number }): string =>
    `${(messages / 1e6).toFixed(1)}M msgs: ${x.gcs} GCs, heap +${(x.heapGrowth / 1024).toFixed(0)} KiB (${perMsg(x.heapGrowth)})`;

  const mb = (msgs: number): number => (msgs * MESSAGE) / 1e6;
  const copyMBs = mb(copyRate);
  if (sink === 0.5) console.log(sink); // keeps the decode results alive
  return [
    versus('decode 24-byte msgs', mb(decodeRate), 'MB/s', 'Buffer.copy', copyMBs, {
      note: `${(decodeRate / 1e6).toFixed(1)} M msg/s; ${allocNote(dec)}`,
      target: '>= 10 M msg/s',
      met: decodeRate >= 10e6,
    }),
    versus('encode 24-byte msgs', mb(encodeRate), 'MB/s', 'Buffer.copy', copyMBs, {
      note: `${(encodeRate / 1e6).toFixed(1)} M msg/s; ${allocNote(enc)}`,
      target: '>= 10 M msg/s',
      met: encodeRate >= 10e6,
    }),
    {
      name: 'codec hot path allocations',
      value: Math.max(dec.gcs, enc.gcs),
      unit: 'GCs / 5M msgs',
      target: '0 (nothing allocated per message)',
      met: dec.gcs === 0 && enc.gcs === 0,
      note: `decode ${perMsg(dec.heapGrowth)}, encode ${perMsg(enc.heapGrowth)}`,
    },
  ];
}
