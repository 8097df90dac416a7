import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProgram } from '../../vmm/src/requirements.js';
import { REPO_ROOT } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { guestFixture } from './guest-fixture.js';

test('vsh runs a command in the guest and returns its exit status', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  await g.ok('vmc', 'create', 'penguin');
  // A stopped guest is started by vsh.
  const r = await g.run('vsh', 'penguin', '--', 'sh', '-c', 'exit 7');
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stderr, /starting penguin/);
  const out = await g.run('vsh', 'penguin', '--', 'sh', '-c', 'echo out; echo err >&2; hostname');
  assert.deepEqual([out.code, out.stdout, out.stderr], [0, 'out\npenguin\n', 'err\n']);
  const killed = await g.run('vsh', 'penguin', '--', 'sh', '-c', 'kill -TERM $$');
  assert.equal(killed.code, 143);
  const missing = await g.run('vsh', 'penguin', '--', 'no-such-program');
  assert.equal(missing.code, 127);
  const unknown = await g.run('vsh', 'nosuch');
  assert.match(unknown.stderr, /no guest named 'nosuch'/);
});

test('vsh in tmux shows a prompt, runs typed commands, and passes Ctrl-C and resizes', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  assert.ok(findProgram('tmux'), 'tmux is not installed (npm test installs it: apt-get install tmux)');
  await g.ok('vmc', 'create', 'penguin');
  await g.ok('vmc', 'start', 'penguin');
  const socket = `tartine-vsh-${process.pid}`;
  const tmux = (...args: string[]): string => {
    const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: g.env });
    return r.stdout;
  };
  t.after(() => void tmux('kill-server'));
  const vsh = `${process.execPath} ${path.join(REPO_ROOT, 'bin', 'tartine.js')} vsh penguin; echo VSH-EXIT=$?; sleep 60`;
  tmux('new-session', '-d', '-s', 'v', '-x', '100', '-y', '30', vsh);
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'v');
  await waitFor('a prompt', () => /@penguin:~\$\s*$/m.test(screen()), { timeoutMs: 20_000 });
  tmux('send-keys', '-t', 'v', 'echo typed-$((6*7)); tput cols', 'Enter');
  await waitFor('the command output', () => /^typed-42\n100$/m.test(screen()));
  tmux('resize-window', '-t', 'v', '-x', '80', '-y', '24');
  tmux('send-keys', '-t', 'v', 'tput cols; sleep 100', 'Enter');
  await waitFor('the new width', () => /^80$/m.test(screen()));
  tmux('send-keys', '-t', 'v', 'C-c');
  tmux('send-keys', '-t', 'v', 'echo after-ctrl-c; exit 3', 'Enter');
  await waitFor('vsh to exit with the shell status', () => /^VSH-EXIT=3$/m.test(screen()), {
    timeoutMs: 10_000,
  });
  assert.match(screen(), /^after-ctrl-c$/m);
});
