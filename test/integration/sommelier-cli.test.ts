// `tartine sommelier` options: every flag has a SOMMELIER_* variable (the flag wins), bad values
// are refused naming the flag and what it expects, and `-- COMMAND` runs one program alone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChildRun } from '../harness/client-process.js';
import { REPO_ROOT } from '../harness/exo-fixture.js';
import { envIn, startSommelierProcess, startWeston, TARTINE, type WestonHost } from './sommelier-fixture.js';

let host: WestonHost;

before(async () => {
  host = await startWeston();
});

after(async () => {
  await host?.stop();
});

/** Runs `tartine sommelier ARGS` against the weston host and waits for it to exit. */
async function sommelier(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = new ChildRun(
    process.execPath,
    [TARTINE, 'sommelier', ...args],
    envIn(host.dir, { WAYLAND_DISPLAY: host.socket, ...env }),
    REPO_ROOT,
  );
  const exit = await run.exited;
  return { code: exit.code, stdout: run.stdout, stderr: run.stderr };
}

for (const bad of ['0.05', '11', 'big', '-1']) {
  test(`--scale ${bad} is refused, naming the flag and the range`, async () => {
    const r = await sommelier(['--scale', bad, '--', 'true']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`--scale ${bad}: expected a number from 0\\.1 to 10`));
  });
}

test('SOMMELIER_SCALE is read, and the flag wins over it', async () => {
  const bad = await sommelier(['--', 'true'], { SOMMELIER_SCALE: '20' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /SOMMELIER_SCALE 20: expected a number from 0\.1 to 10/);
  const ok = await sommelier(['--scale', '2', '--', 'sh', '-c', 'echo scale=ok'], {
    SOMMELIER_SCALE: '20',
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /scale=ok/);
});

test('--dpi takes a comma list of DPI values', async () => {
  const bad = await sommelier(['--dpi', '72,,96', '--', 'true']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--dpi 72,,96: expected a comma-separated list of DPI values/);
  const ok = await sommelier(['--dpi', '72,96,160,240', '--', 'true']);
  assert.equal(ok.code, 0, ok.stderr);
});

test('--guest must be one word (it is the part before ":" in app ids)', async () => {
  const r = await sommelier(['--guest', 'my:vm', '--', 'true']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--guest my:vm: expected a name of letters, digits/);
});

test('-- COMMAND gets WAYLAND_SOCKET and XCURSOR_SIZE 24 at any scale, and sommelier exits with its status', async () => {
  const r = await sommelier(
    [
      '--scale',
      '1.5',
      '--',
      'sh',
      '-c',
      'echo "socket=$WAYLAND_SOCKET cursor=$XCURSOR_SIZE display=${WAYLAND_DISPLAY:-none}"; exit 7',
    ],
    { XCURSOR_SIZE: '' },
  );
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stdout, /socket=3 cursor=24 display=none/);
  // The user's own cursor size is kept: sommelier does not scale cursors (relays/seat.ts).
  const own = await sommelier(['--scale', '2', '--', 'sh', '-c', 'echo cursor=$XCURSOR_SIZE'], {
    XCURSOR_SIZE: '32',
  });
  assert.match(own.stdout, /cursor=32/);
});

test('a command that cannot run exits 127 with the reason', async () => {
  const r = await sommelier(['--', '/nonexistent/program']);
  assert.equal(r.code, 127);
  assert.match(r.stderr, /cannot run \/nonexistent\/program/);
});

test('an unreachable host is named in the error', async () => {
  const r = await sommelier(['--host', 'wayland:/nonexistent/wayland-9', '--', 'true']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot connect to the host compositor at wayland:\/nonexistent\/wayland-9/);
});

test('an unreachable stream link host is named in the error', async () => {
  const r = await sommelier(['--host', 'tcp:127.0.0.1:9', '--', 'true']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot connect to the host compositor at tcp:127\.0\.0\.1:9: .*ECONNREFUSED/);
});

test('a socket another compositor serves is refused, saying so', async () => {
  const first = await startSommelierProcess(host.dir, host.socket);
  try {
    const r = await sommelier(['--socket', first.socket]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot serve '.*': .*in use by another compositor.*--socket NAME/);
  } finally {
    await first.stop();
  }
});
