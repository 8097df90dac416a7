import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildRun } from '../test/harness/client-process.js';
import { REPO_ROOT, startExoProcess } from '../test/harness/exo-fixture.js';
import { versus, type BenchResult } from './bench-api.js';

/**
 * Time to first frame of xterm: from spawning it to its first buffer on the compositor, with
 * Xwayland started lazily by that very client (a fresh compositor each round). On exo: until
 * the window is mapped (exo maps at the first buffer). In a guest (`tartine sommelier -X` in
 * front of exo, the fd link): the same, for the guest's xterm on exo. On weston
 * (`--xwayland`): until the first wl_surface.attach of a buffer and commit in weston's
 * protocol log (weston-debug). Rounds alternate, so load on the machine hits all alike.
 */

const ROUNDS = 5;
const TIMEOUT_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  intervalMs = 5,
): Promise<T> {
  const end = Date.now() + TIMEOUT_MS;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

async function exoRound(): Promise<number> {
  const exo = await startExoProcess({ args: ['--xwayland'] });
  let xterm: ChildRun | null = null;
  try {
    const display = /"x11":"(:\d+)"/.exec(exo.exo.stdout)![1]!;
    const t0 = performance.now();
    xterm = new ChildRun('xterm', [], { ...exo.clientEnv(), DISPLAY: display });
    await until('xterm on exo', async () =>
      (await exo.windows()).some((w) => w.appId === 'XTerm') ? true : undefined,
    );
    return performance.now() - t0;
  } finally {
    await xterm?.kill(500);
    await exo.stop();
  }
}

async function sommelierRound(): Promise<number> {
  const exo = await startExoProcess();
  const env: NodeJS.ProcessEnv = { ...exo.clientEnv() };
  const som = new ChildRun(
    process.execPath,
    [
      path.join(REPO_ROOT, 'bin', 'tartine.js'),
      'sommelier',
      '--host',
      `wayland:${exo.wayland}`,
      '--socket',
      path.join(exo.runtimeDir, 'guest-bench'),
      '-X',
    ],
    env,
  );
  let xterm: ChildRun | null = null;
  try {
    const m = await som.waitForOutput(/^READY (\{.*\})$/m, TIMEOUT_MS);
    const display = (JSON.parse(m[1]!) as { x11: string }).x11;
    const xEnv: NodeJS.ProcessEnv = { ...env, DISPLAY: display };
    delete xEnv['WAYLAND_DISPLAY'];
    const t0 = performance.now();
    xterm = new ChildRun('xterm', [], xEnv);
    await until('xterm in the guest on exo', async () =>
      (await exo.windows()).some((w) => w.appId === 'penguin:XTerm') ? true : undefined,
    );
    return performance.now() - t0;
  } finally {
    await xterm?.kill(500);
    await som.kill(2000);
    await exo.stop();
  }
}

async function westonRound(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-weston-x-'));
  fs.chmodSync(dir, 0o700);
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: dir };
  delete env['DISPLAY'];
  const log = path.join(dir, 'weston.log');
  const proto = path.join(dir, 'proto.log');
  const weston = new ChildRun(
    'weston',
    ['--backend=headless-backend.so', '--socket=wbench', '--xwayland', '--debug', `--log=${log}`],
    env,
  );
  let debug: ChildRun | null = null;
  let xterm: ChildRun | null = null;
  try {
    const display = await until(
      "weston's X display",
      () => {
        const m = fs.existsSync(log)
          ? /xserver listening on display (:\d+)/.exec(fs.readFileSync(log, 'utf8'))
          : null;
        return m?.[1];
      },
      20,
    );
    debug = new ChildRun('weston-debug', ['-o', proto, 'proto'], { ...env, WAYLAND_DISPLAY: 'wbench' });
    await until('weston-debug to subscribe', () => (fs.existsSync(proto) ? true : undefined), 10);
    await sleep(200);
    const from = fs.statSync(proto).size;
    const t0 = performance.now();
    xterm = new ChildRun('xterm', [], { ...env, DISPLAY: display });
    await until('xterm on weston', () => {
      const text = fs.readFileSync(proto).subarray(from).toString('utf8');
      const attach = /rq (wl_surface@\d+)\.attach\(wl_buffer@\d+/.exec(text);
      return attach && text.indexOf(`${attach[1]}.commit()`, attach.index) > 0 ? true : undefined;
    });
    return performance.now() - t0;
  } finally {
    await xterm?.kill(500);
    await debug?.kill(500);
    await weston.kill(2000);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const exo: number[] = [];
  const guest: number[] = [];
  const weston: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    exo.push(await exoRound());
    guest.push(await sommelierRound());
    weston.push(await westonRound());
  }
  const e = median(exo);
  const g = median(guest);
  const w = median(weston);
  const list = (xs: number[]) => xs.map((v) => v.toFixed(0)).join('/');
  return [
    versus('xterm time to first frame, exo --xwayland', e, 'ms', 'weston --xwayland', w, {
      target: '<= 1.5x weston',
      met: e / w <= 1.5,
      note: `Xwayland started lazily by xterm in each round; median of rounds: exo ${list(exo)}, weston ${list(weston)}`,
    }),
    versus('xterm time to first frame, sommelier -X on exo', g, 'ms', 'weston --xwayland', w, {
      target: '<= 1.5x weston',
      met: g / w <= 1.5,
      note: `the guest's Xwayland started lazily by xterm; median of rounds: guest ${list(guest)}, weston ${list(weston)}`,
    }),
  ];
}
