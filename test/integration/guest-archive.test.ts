import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { guestFixture } from './guest-fixture.js';

/** Every file under the guest's home and /etc with its content hash, as the guest sees them. */
const LISTING =
  'cd / && find home etc -xdev -type f ! -name machine-id -print0 | sort -z | xargs -0 sha256sum';

test('vmc export, destroy -y, import gives back the same files', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  await g.ok('vmc', 'create', 'penguin');
  await g.ok('vmc', 'start', 'penguin');
  await g.sh(
    'penguin',
    'mkdir -p ~/work/deep && echo one > ~/work/a.txt && head -c 100000 /dev/urandom > ~/work/deep/b.bin && ln -s a.txt ~/work/link && chmod 600 ~/work/a.txt',
  );
  const before = await g.sh('penguin', LISTING);
  const modesBefore = await g.sh('penguin', 'stat -c "%a %F %n" ~/work ~/work/a.txt ~/work/link');
  const file = path.join(g.root, 'penguin.tar.gz');
  const running = await g.run('vmc', 'export', 'penguin', file);
  assert.match(running.stderr, /running; stop it first/);
  await g.ok('vmc', 'stop', 'penguin');
  await g.ok('vmc', 'export', 'penguin', file);
  assert.ok(fs.statSync(file).size > 1000);
  await g.ok('vmc', 'destroy', 'penguin', '-y');
  assert.equal(fs.existsSync(g.guestDir('penguin')), false);
  await g.ok('vmc', 'import', 'penguin', file);
  await g.ok('vmc', 'start', 'penguin');
  assert.equal(await g.sh('penguin', LISTING), before);
  assert.equal(await g.sh('penguin', 'stat -c "%a %F %n" ~/work ~/work/a.txt ~/work/link'), modesBefore);
});

test('a corrupt or foreign import file is rejected and leaves nothing behind', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  await g.ok('vmc', 'create', 'penguin');
  const file = path.join(g.root, 'penguin.tar.gz');
  await g.ok('vmc', 'export', 'penguin', file);
  const cut = path.join(g.root, 'cut.tar.gz');
  fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 2000));
  const notGzip = path.join(g.root, 'plain.txt');
  fs.writeFileSync(notGzip, 'hello\n');
  const guests = (): string[] => fs.readdirSync(path.join(g.stateDir, 'guests')).sort();
  for (const [bad, why] of [
    [cut, /damaged|could not be extracted/],
    [notGzip, /not a gzipped tar/],
    [path.join(g.root, 'missing.tgz'), /does not exist/],
  ] as const) {
    const r = await g.run('vmc', 'import', 'copy', bad);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, why);
    assert.deepEqual(guests(), ['penguin'], `left behind after importing ${bad}`);
  }
  // A well-formed tar that is not a guest (here: a tar of a random folder).
  const foreign = path.join(g.root, 'foreign.tar.gz');
  fs.mkdirSync(path.join(g.root, 'x'));
  fs.writeFileSync(path.join(g.root, 'x', 'f'), 'x');
  const { spawnSync } = await import('node:child_process');
  spawnSync('tar', ['-czf', foreign, '-C', path.join(g.root, 'x'), '.']);
  const r = await g.run('vmc', 'import', 'copy', foreign);
  assert.match(r.stderr, /not a Tartine guest export/);
  assert.deepEqual(guests(), ['penguin']);
  const taken = await g.run('vmc', 'import', 'penguin', file);
  assert.match(taken.stderr, /already exists/);
});
