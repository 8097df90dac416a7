// The drop share: every guest gets one at start (/mnt/shared/dropped-files), and `vmc share
// --drop` picks another; files dropped on the guest's windows (POST /api/drop/file?x=&y=) land
// in it and reach the app as guest paths.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { startExoProcess } from '../harness/exo-fixture.js';
import { GuestFixture, guestSkipReason } from './guest-fixture.js';

test('vmc share --drop makes a folder the drop target of the guest windows', async (t) => {
  const skip = guestSkipReason();
  if (skip) throw new Error(skip);
  const exo = await startExoProcess({});
  const g = GuestFixture.create({ runtimeDir: exo.runtimeDir });
  // The daemon's sockets live in exo's runtime folder: stop it before exo removes the folder.
  t.after(async () => {
    await g.stop();
    await exo.stop();
  });
  await g.ok('vmc', 'create', 'penguin');
  const chosen = path.join(g.root, 'Inbox');
  fs.mkdirSync(chosen);
  const shared = await g.ok('vmc', 'share', 'penguin', chosen, '--drop');
  assert.match(shared.stdout, /files dropped on 'penguin' windows in the desktop go there/);
  await g.ok('vmc', 'start', 'penguin', '--wayland', exo.wayland);
  const list = (await g.ok('vmc', 'list')).stdout;
  assert.match(list, new RegExp(`shared: ${chosen} at /mnt/shared/Inbox \\(dropped files go here\\)`));
  // Tartine's own drop folder is made only for a guest that has none.
  assert.doesNotMatch(list, /dropped-files/);

  void g.run('vsh', 'penguin', '--', 'foot', '-T', 'inbox-target', 'cat');
  const win = await exo.waitForWindow((w) => w.title === 'inbox-target', 30_000, 'foot in the guest');
  const x = win.x + 40;
  const y = win.y + 40;
  const up = await exo.request(
    'POST',
    `/api/drop/file?name=note.txt&x=${x}&y=${y}`,
    Buffer.from('dropped\n'),
    {
      headers: { 'Content-Type': 'application/octet-stream' },
    },
  );
  assert.equal(up.status, 200, up.body.toString());
  assert.equal(up.json.path, path.join(chosen, 'note.txt'));
  const drop = await exo.request('POST', `/api/drop?x=${x}&y=${y}`, { paths: [up.json.path] });
  assert.equal(drop.status, 200, drop.body.toString());
  assert.deepEqual(drop.json.uris, ['file:///mnt/shared/Inbox/note.txt']);
  assert.equal(await g.sh('penguin', 'cat /mnt/shared/Inbox/note.txt'), 'dropped\n');
  // A path of another folder is refused for this window, and nothing is dropped.
  const other = await exo.request('POST', `/api/drop?x=${x}&y=${y}`, { paths: ['/etc/hostname'] });
  assert.equal(other.status, 400);
});
