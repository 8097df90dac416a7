import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { ChildRun } from '../harness/client-process.js';
import { REPO_ROOT } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';

/**
 * `tartine start` publishes its desktop under $XDG_RUNTIME_DIR and `tartine run` launches apps
 * into it through sommelier (with X11), as a user does from a second terminal.
 */

const TARTINE = path.join(REPO_ROOT, 'bin', 'tartine.js');

function runtimeEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: dir };
  delete env['WAYLAND_DISPLAY'];
  delete env['DISPLAY'];
  return env;
}

/** `tartine run ...` to its end; returns its output and the pid it says it started. */
async function tartineRun(env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = new ChildRun(process.execPath, [TARTINE, 'run', ...args], env);
  const exit = await run.exited;
  const pid = Number(/\(pid (\d+)\)/.exec(run.stdout)?.[1] ?? 0);
  return { code: exit.code, stdout: run.stdout, stderr: run.stderr, pid };
}

test('tartine run without a running desktop says so and what to do', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-run-'));
  try {
    const r = await tartineRun(runtimeEnv(dir), '--', 'true');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no Tartine desktop is running\. Start one with `npm start`/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('tartine run into a desktop started by tartine start', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let desktop: ChildRun;
  let state: { api: string; token: string };
  const launched: number[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-run-'));
    env = runtimeEnv(dir);
    desktop = new ChildRun(
      process.execPath,
      [TARTINE, 'start', '--no-terminal', '--headless', '--port', '0'],
      env,
    );
    const file = path.join(dir, 'tartine', 'desktop.json');
    await waitFor('the desktop state file', () => fs.existsSync(file) || undefined, {
      timeoutMs: 30_000,
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n${desktop.tail()}`);
    });
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as { api: string; token: string };
  });

  after(async () => {
    // Each launch is its own process group (sommelier and its app): end them, then the desktop.
    for (const pid of launched) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await desktop?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function windows(): Promise<WindowInfo[]> {
    const r = await fetch(`${state.api}/windows`, {
      headers: { Authorization: `Bearer ${state.token}` },
    });
    return (await r.json()) as WindowInfo[];
  }

  function windowWhere(what: string, pred: (w: WindowInfo) => boolean): Promise<WindowInfo> {
    return waitFor(what, async () => (await windows()).find(pred), { timeoutMs: 30_000 });
  }

  test('a Wayland app at scale 2 is twice its size; an X11 app opens too', async () => {
    const plain = await tartineRun(env, '--', 'weston-simple-shm');
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^Started weston-simple-shm \(pid \d+\)/);
    launched.push(plain.pid);
    const one = await windowWhere('simple-shm at scale 1', (w) => w.title === 'simple-shm' && w.pid !== 0);

    const scaled = await tartineRun(env, '--scale', '2', '--', 'weston-simple-shm');
    assert.equal(scaled.code, 0, scaled.stderr);
    launched.push(scaled.pid);
    const two = await windowWhere(
      'simple-shm at scale 2',
      (w) => w.title === 'simple-shm' && w.id !== one.id,
    );
    assert.deepEqual([two.width, two.height], [one.width * 2, one.height * 2]);

    const x = await tartineRun(env, '--', 'xterm', '-T', 'run-xterm');
    assert.equal(x.code, 0, x.stderr);
    launched.push(x.pid);
    const xterm = await windowWhere('xterm', (w) => w.title === 'run-xterm');
    assert.match(xterm.appId ?? '', /xterm/i);
  });
});
