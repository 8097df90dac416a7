import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChildRun } from '../test/harness/client-process.js';
import { startX11Exo, type X11Exo } from '../test/integration/x11-fixture.js';
import { versus, type BenchResult } from './bench-api.js';

/**
 * A 5 MB X selection through INCR on exo --xwayland, both ways: xclip owns it and wl-paste reads
 * it (X → Wayland), wl-copy owns it and xclip -o reads it (Wayland → X). Each paste is a fresh
 * process, so the time of pasting a few bytes the same way is taken off (fastest of five runs
 * each, the machine being shared). Anchor: the same 5 MB
 * from wl-copy to wl-paste (Wayland only) on the same exo.
 */

const MB = 5;
const ROUNDS = 5;
const TIMEOUT_MS = 30_000;

/** Runs a shell command on the X display of `x` and returns how long it took (ms). */
async function timed(x: X11Exo, command: string): Promise<number> {
  const t0 = performance.now();
  const c = new ChildRun('sh', ['-c', command], { ...x.exo.clientEnv(), DISPLAY: x.display });
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    c.exited,
    new Promise<null>((r) => (timer = setTimeout(() => r(null), TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (!exit) await c.kill(500);
  if (exit?.code !== 0) throw new Error(`${command} failed: ${c.tail()}`);
  return performance.now() - t0;
}

/** Starts an owner, waits until pasting gives exactly `size` bytes, then times `rounds` pastes. */
async function pasteTimes(
  x: X11Exo,
  owner: string,
  paste: string,
  file: string,
  size: number,
): Promise<number> {
  const o = x.spawn('sh', ['-c', owner]);
  try {
    const end = Date.now() + TIMEOUT_MS;
    for (;;) {
      await timed(x, `${paste} > ${file}`).catch(() => 0);
      if (fs.existsSync(file) && fs.statSync(file).size === size) break;
      if (Date.now() > end) throw new Error(`${paste} never gave ${size} bytes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) times.push(await timed(x, `${paste} > ${file}`));
    // The fastest: what the path costs when nothing else on the machine gets in the way.
    return Math.min(...times);
  } finally {
    await o.kill(500);
  }
}

export async function run(): Promise<BenchResult[]> {
  const x = await startX11Exo();
  try {
    const big = path.join(x.dir, 'big');
    const small = path.join(x.dir, 'small');
    const out = path.join(x.dir, 'out');
    const bytes = crypto.randomBytes((MB * 1_000_000 * 3) / 4).toString('base64');
    fs.writeFileSync(big, bytes);
    fs.writeFileSync(small, 'a few bytes');
    const xclipIn = (f: string) => `exec xclip -quiet -i -selection clipboard ${f}`;
    const wlCopy = (f: string) => `exec wl-copy --foreground < ${f}`;
    const wlPaste = 'wl-paste -n';
    const xclipOut = 'xclip -o -selection clipboard';

    const xToW = await pasteTimes(x, xclipIn(big), wlPaste, out, bytes.length);
    const xToWSmall = await pasteTimes(x, xclipIn(small), wlPaste, out, 11);
    const wToX = await pasteTimes(x, wlCopy(big), xclipOut, out, bytes.length);
    const wToXSmall = await pasteTimes(x, wlCopy(small), xclipOut, out, 11);
    const wToW = await pasteTimes(x, wlCopy(big), wlPaste, out, bytes.length);
    const wToWSmall = await pasteTimes(x, wlCopy(small), wlPaste, out, 11);

    const rate = (ms: number, base: number) => MB / (Math.max(1, ms - base) / 1000);
    const anchor = rate(wToW, wToWSmall);
    const note = (ms: number, base: number) =>
      `fastest of ${ROUNDS} pastes: ${ms.toFixed(0)} ms, ${base.toFixed(0)} ms for a few bytes`;
    return [
      versus(
        `${MB} MB X → Wayland (xclip → wl-paste, INCR)`,
        rate(xToW, xToWSmall),
        'MB/s',
        'wl-copy → wl-paste',
        anchor,
        {
          target: '>= 50 MB/s',
          met: rate(xToW, xToWSmall) >= 50,
          note: note(xToW, xToWSmall),
        },
      ),
      versus(
        `${MB} MB Wayland → X (wl-copy → xclip -o, INCR)`,
        rate(wToX, wToXSmall),
        'MB/s',
        'wl-copy → wl-paste',
        anchor,
        {
          target: '>= 50 MB/s',
          met: rate(wToX, wToXSmall) >= 50,
          note: note(wToX, wToXSmall),
        },
      ),
    ];
  } finally {
    await x.stop();
  }
}
