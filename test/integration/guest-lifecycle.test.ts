import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guestFixture } from './guest-fixture.js';

test('a file written in the guest home survives vmc stop and vmc start', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  const created = await g.ok('vmc', 'create', 'penguin');
  assert.match(created.stdout, /created guest 'penguin'/);
  await g.ok('vmc', 'start', 'penguin');
  assert.match((await g.ok('vmc', 'list')).stdout, /penguin: running/);
  const home = (await g.sh('penguin', 'echo "kept $(hostname)" > ~/note.txt; echo $HOME')).trim();
  assert.match(home, /^\/home\/\w+$/);
  await g.ok('vmc', 'stop', 'penguin');
  assert.match((await g.ok('vmc', 'list')).stdout, /penguin: stopped/);
  await g.ok('vmc', 'start', 'penguin');
  assert.equal(await g.sh('penguin', 'cat ~/note.txt'), 'kept penguin\n');
  // The guest user is unprivileged and has a home of its own.
  assert.match(await g.sh('penguin', 'id -u; whoami'), /^1000\n\w+\n$/);
});

test('vmc errors say what went wrong and what to do', async (t) => {
  const g = guestFixture(t);
  if (!g) return;
  const unknown = await g.run('vmc', 'start', 'nosuch');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no guest named 'nosuch'.*vmc create nosuch/);
  await g.ok('vmc', 'create', 'penguin');
  const taken = await g.run('vmc', 'create', 'penguin');
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /already exists.*vmc destroy penguin/);
  const stopped = await g.run('vmc', 'launch', 'penguin', 'gtk3-widget-factory');
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /'penguin' is stopped.*vmc start penguin/);
  const badName = await g.run('vmc', 'create', '../x');
  assert.equal(badName.code, 1);
  assert.match(badName.stderr, /not a valid guest name/);
  const noConfirm = await g.run('vmc', 'destroy', 'penguin');
  assert.notEqual(noConfirm.code, 0);
  assert.match(noConfirm.stderr, /vmc destroy penguin -y/);
  await g.ok('vmc', 'destroy', 'penguin', '-y');
  assert.match((await g.ok('vmc', 'list')).stdout, /no guests/);
});
