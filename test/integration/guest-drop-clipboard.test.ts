// text/uri-list on the host clipboard with a real guest: the guest's paths become host paths
// through its shares and back, with the same window → guest mapping as file drops; files the
// user did not share are dropped both ways.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { waitFor } from '../harness/poll.js';
import { putClipboard } from './clipboard-fixture.js';
import { startGuestDesktop } from './guest-desktop-fixture.js';

test("file URLs on the clipboard translate through the guest's shares, and unshared ones are dropped", async (t) => {
  const { exo, g } = (await startGuestDesktop(t))!;
  const share = fs.realpathSync(path.join(g.guestDir('penguin'), 'dropped-files'));
  await g.sh('penguin', 'echo from the guest > /mnt/shared/dropped-files/a.txt');
  const hostUri = pathToFileURL(path.join(share, 'a.txt')).href;

  // A guest window, focused: the host clipboard is offered to the focused app only.
  void g.run('vsh', 'penguin', '--', 'foot', '-T', 'focus-holder', 'cat');
  await exo.waitForWindow(
    (w) => w.title === 'focus-holder' && w.focused,
    30_000,
    'foot in the guest, focused',
  );

  // Guest → host: wl-copy in the guest (through its sommelier) copies one shared, one private file.
  void g.run(
    'vsh',
    'penguin',
    '--',
    'wl-copy',
    '-t',
    'text/uri-list',
    'file:///mnt/shared/dropped-files/a.txt\r\nfile:///home/user/private.txt\r\n',
  );
  let last = '';
  const got = await waitFor(
    'the guest copy on the host clipboard',
    async () => {
      const r = await exo.request('GET', '/api/clipboard?mime=text/uri-list');
      last = (await exo.request('GET', '/api/clipboard')).body.toString();
      return r.status === 200 && r.body.toString();
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  ).catch((e: Error) => {
    throw new Error(`${e.message}; the clipboard: ${last}`);
  });
  assert.equal(got, `${hostUri}\r\n`);

  // Host → guest: with the guest window focused again, the host's list reaches it in guest paths.
  const holder = await exo.waitForWindow((w) => w.title === 'focus-holder', 5000, 'foot in the guest');
  // The host sets its clipboard while an app straight on exo has focus: that app is offered host
  // paths, and the guest app, focused afterwards, its own.
  exo.spawnClient('foot', ['-T', 'host-app', 'cat']);
  const hostApp = await exo.waitForWindow((w) => w.title === 'host-app', 30_000, 'foot on the host');
  await exo.act(hostApp.id, { action: 'activate' });
  await exo.waitForWindow((w) => w.id === hostApp.id && w.focused, 5000, 'the host app focused');
  const put = await putClipboard(exo, 'text/uri-list', Buffer.from(`${hostUri}\r\nfile:///etc/hostname\r\n`));
  assert.equal(put.status, 200, put.body.toString());
  await exo.act(holder.id, { action: 'activate' });
  await exo.waitForWindow((w) => w.id === holder.id && w.focused, 5000, 'the guest app focused again');
  const pasted = await g.sh('penguin', 'wl-paste --no-newline -t text/uri-list');
  assert.equal(pasted, 'file:///mnt/shared/dropped-files/a.txt\r\n');

  // A host app's own copy, pasted by the guest app straight from it: the same translation.
  await exo.act(hostApp.id, { action: 'activate' });
  await exo.waitForWindow((w) => w.id === hostApp.id && w.focused, 5000, 'the host app focused');
  const hostList = `${hostUri}\r\nfile:///etc/hostname\r\n`;
  const copier = exo.spawnClient('wl-copy', ['--foreground', '-t', 'text/uri-list', hostList]);
  try {
    await waitFor(
      "the host app's copy on the host clipboard",
      async () =>
        (await exo.request('GET', '/api/clipboard?mime=text/uri-list')).body.toString() === hostList,
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    await exo.act(holder.id, { action: 'activate' });
    await exo.waitForWindow((w) => w.id === holder.id && w.focused, 5000, 'the guest app focused again');
    const fromHostApp = await g.sh('penguin', 'wl-paste --no-newline -t text/uri-list');
    assert.equal(fromHostApp, 'file:///mnt/shared/dropped-files/a.txt\r\n');
  } finally {
    await copier.kill();
  }
});
