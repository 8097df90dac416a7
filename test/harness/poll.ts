/**
 * Polling with a deadline, for tests that wait on another process: never a fixed sleep as an
 * assertion, always "until this holds, or fail after N ms saying what was awaited".
 */
import * as fs from 'node:fs';

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between tries (default 50 ms). */
  intervalMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `probe` until it returns something other than undefined/false (which is returned), or
 * throws after the deadline with `what` and the probe's last error or result.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  opts: WaitOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      lastError = null;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? `; last error: ${(lastError as Error).message ?? String(lastError)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
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
