import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { guestFixture } from './guest-fixture.js';

test('a guest cannot read host files outside what was shared', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  await g.ok('vmc', 'create', 'penguin');
  await g.ok('vmc', 'create', 'other');
  fs.writeFileSync(path.join(g.guestDir('other'), 'root', 'home', 'secret.txt'), 'other guest secret\n');
  await g.ok('vmc', 'start', 'penguin');
  const probe = async (file: string): Promise<number> =>
    (
      await g.run(
        'vsh',
        'penguin',
        '--',
        'sh',
        '-c',
        `cat ${file} >/dev/null 2>&1 || ls ${file} >/dev/null 2>&1`,
      )
    ).code;
  // The host's /root, its real /etc/shadow, the state folder (with the other guest), this checkout.
  assert.notEqual(await probe('/root'), 0, '/root is visible');
  assert.notEqual(await probe(g.guestDir('other')), 0, "the other guest's folder is visible");
  assert.notEqual(await probe(g.stateDir), 0, 'the state folder is visible');
  assert.notEqual(
    await probe(path.join(process.cwd(), 'package.json')),
    0,
    'the host working folder is visible',
  );
  const shadow = await g.run('vsh', 'penguin', '--', 'cat', '/etc/shadow');
  const hostShadow = fs.existsSync('/etc/shadow') ? fs.readFileSync('/etc/shadow', 'utf8') : '';
  assert.ok(
    shadow.code !== 0 || !hostShadow || !shadow.stdout.includes(hostShadow.split('\n')[0]!),
    "the host's /etc/shadow is readable",
  );
  const found = await g.run(
    'vsh',
    'penguin',
    '--',
    'sh',
    '-c',
    'grep -rl "other guest secret" /home /etc /var /tmp /run 2>/dev/null',
  );
  assert.equal(found.stdout, '', `the other guest's file is reachable: ${found.stdout}`);
  // /usr is the host's, read-only.
  const write = await g.run('vsh', 'penguin', '--', 'touch', '/usr/x');
  assert.notEqual(write.code, 0);
  assert.match(write.stderr, /Read-only file system|Permission denied/);
  // Other host processes are invisible (own pid namespace).
  const pids = (await g.sh('penguin', 'ls /proc | grep -c "^[0-9]"')).trim();
  assert.ok(Number(pids) < 10, `the guest sees ${pids} processes`);
});

test('vmc share shows a host folder at /mnt/shared/<name>, only after an explicit request', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  const shared = path.join(g.root, 'docs');
  fs.mkdirSync(shared);
  fs.writeFileSync(path.join(shared, 'hello.txt'), 'from the host\n');
  await g.ok('vmc', 'create', 'penguin');
  await g.ok('vmc', 'start', 'penguin');
  assert.notEqual((await g.run('vsh', 'penguin', '--', 'ls', '/mnt/shared/docs')).code, 0);
  const r = await g.ok('vmc', 'share', 'penguin', shared);
  assert.match(r.stdout, /\/mnt\/shared\/docs/);
  assert.match(r.stdout, /vmc stop penguin && vmc start penguin/);
  await g.ok('vmc', 'stop', 'penguin');
  await g.ok('vmc', 'start', 'penguin');
  assert.equal(await g.sh('penguin', 'cat /mnt/shared/docs/hello.txt'), 'from the host\n');
  await g.ok('vmc', 'unshare', 'penguin', 'docs');
  await g.ok('vmc', 'stop', 'penguin');
  await g.ok('vmc', 'start', 'penguin');
  assert.notEqual((await g.run('vsh', 'penguin', '--', 'ls', '/mnt/shared/docs')).code, 0);
  const missing = await g.run('vmc', 'share', 'penguin', path.join(g.root, 'nope'));
  assert.match(missing.stderr, /does not exist/);
});
