import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bwrapArgs } from './bwrap-args.js';
import { enterArgv, shellQuote } from './sandbox-exec.js';

const SPEC = {
  name: 'penguin',
  user: 'user',
  root: '/state/guests/penguin/root',
  linkDir: '/run/tartine/guests/penguin',
  tartineRoot: '/nonexistent-tartine',
  waylandSocket: '/run/wayland-0',
  network: false,
  shares: [{ name: 'docs', hostPath: '/home/me/docs', guestPath: '/mnt/shared/docs' }],
  env: { HOME: '/home/user', A: 'b c' },
  infoFd: 3,
  command: ['/usr/bin/node', 'init'],
};

/** The pairs/triples of a flag in the argument list. */
function after(args: string[], flag: string, n: number): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => a === flag && out.push(args.slice(i + 1, i + 1 + n)));
  return out;
}

test('the sandbox unshares every namespace and mounts only what a guest may see', () => {
  const a = bwrapArgs(SPEC);
  for (const f of [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-net',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
  ])
    assert.ok(a.includes(f), f);
  assert.deepEqual(after(a, '--uid', 1), [['1000']]);
  assert.deepEqual(after(a, '--hostname', 1), [['penguin']]);
  const binds = after(a, '--bind', 2);
  assert.deepEqual(binds, [
    ['/state/guests/penguin/root/etc', '/etc'],
    ['/state/guests/penguin/root/var', '/var'],
    ['/state/guests/penguin/root/home', '/home'],
    ['/run/tartine/guests/penguin', '/run/tartine/host'],
    ['/run/wayland-0', '/run/tartine/wayland-host'],
    ['/home/me/docs', '/mnt/shared/docs'],
  ]);
  // Read-only: /usr and host /etc entries of installed packages only (never shadow, passwd...).
  const ro = after(a, '--ro-bind', 2);
  assert.deepEqual(ro[0], ['/usr', '/usr']);
  for (const [from, to] of ro.slice(1)) {
    assert.equal(from, to);
    assert.match(from!, /^\/etc\//);
    assert.doesNotMatch(from!, /shadow|passwd|group|sudoers|ssh|ssl\/private/);
  }
  assert.deepEqual(after(a, '--setenv', 2), [
    ['HOME', '/home/user'],
    ['A', 'b c'],
  ]);
  assert.deepEqual(a.slice(a.indexOf('--') + 1), ['/usr/bin/node', 'init']);
  assert.ok(!bwrapArgs({ ...SPEC, network: true }).includes('--unshare-net'));
  assert.ok(!bwrapArgs({ ...SPEC, waylandSocket: '' }).includes('/run/tartine/wayland-host'));
});

test('commands enter all the guest namespaces as the guest user, with only the guest environment', () => {
  const argv = enterArgv({
    pid: 42,
    env: { HOME: '/home/user', X: 'a b' },
    cwd: '/home/user',
    argv: ['sh', '-c', 'exit 7'],
  });
  assert.deepEqual(argv.slice(0, 9), [
    'nsenter',
    '--target',
    '42',
    '--all',
    '--root',
    '--wd',
    '--setuid',
    '1000',
    '--setgid',
  ]);
  const envAt = argv.indexOf('/usr/bin/env');
  assert.deepEqual(argv.slice(envAt), [
    '/usr/bin/env',
    '-i',
    '-C',
    '/home/user',
    'HOME=/home/user',
    'X=a b',
    'sh',
    '-c',
    'exit 7',
  ]);
  assert.ok(argv.includes('--no-new-privs'));
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('/usr/bin/env'), '/usr/bin/env');
});
