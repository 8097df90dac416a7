/**
 * What every benchmark module returns. A module is a file `bench/<name>.bench.ts` exporting
 * `run(): Promise<BenchResult[]>`; `bench/run.mjs` finds the compiled ones in dist/bench/.
 * Absolute numbers depend on the machine, so each result that can be compared carries an
 * anchor measured in the same run, and the ratio is the figure that counts.
 */
export interface BenchResult {
  /** What was measured, e.g. `decode 24-byte messages`. */
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run (memcpy, weston...), in the same unit. */
  anchor?: { name: string; value: number };
  /** value / anchor.value. */
  ratio?: number;
  /** The goal, in words (`>= 0.8x weston`), and whether this run met it. */
  target?: string;
  met?: boolean;
  /** Anything else worth reading next to the number. */
  note?: string;
}

export type BenchModule = { run(): Promise<BenchResult[]> };

/** A result with its ratio to an anchor filled in. */
export function versus(
  name: string,
  value: number,
  unit: string,
  anchorName: string,
  anchorValue: number,
  extra: Partial<BenchResult> = {},
): BenchResult {
  return {
    name,
    value,
    unit,
    anchor: { name: anchorName, value: anchorValue },
    ratio: value / anchorValue,
    ...extra,
  };
}

/**
 * Runs `step` (which does `batch` operations per call) repeatedly for about `seconds`, after a
 * short warm-up, and returns operations per second.
 */
export function rate(step: () => void, batch: number, seconds: number): number {
  const warmEnd = performance.now() + Math.min(200, seconds * 250);
  while (performance.now() < warmEnd) step();
  let ops = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    step();
    ops += batch;
    now = performance.now();
  }
  return ops / ((now - start) / 1000);
}

/** The same, for asynchronous steps. */
export async function rateAsync(step: () => Promise<void>, batch: number, seconds: number): Promise<number> {
  const warmEnd = performance.now() + Math.min(300, seconds * 250);
  while (performance.now() < warmEnd) await step();
  let ops = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    await step();
    ops += batch;
    now = performance.now();
  }
  return ops / ((now - start) / 1000);
}

/** Seconds each timed measurement runs: `TARTINE_BENCH_SECONDS` shortens or lengthens the suite. */
export function benchSeconds(fallback: number): number {
  const v = Number(process.env['TARTINE_BENCH_SECONDS']);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
