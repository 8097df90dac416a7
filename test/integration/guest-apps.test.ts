import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { startGuestDesktop } from './guest-desktop-fixture.js';

interface ApiApp {
  desktopFileId: string;
  name: string;
  icon: string | null;
  noDisplay: boolean;
}

test('vmc launch by desktop id opens the app window on the desktop, tagged with the guest', async (t) => {
  const d = await startGuestDesktop(t);
  if (!d) return;
  const { exo, g } = d;
  const r = await g.ok('vmc', 'launch', 'penguin', 'gtk3-widget-factory');
  assert.match(r.stdout, /launched gtk3-widget-factory in 'penguin'/);
  const win = await exo.waitForWindow((w) => w.appId === 'penguin:gtk3-widget-factory', 30_000);
  assert.ok(win.width > 100 && win.height > 100);
  // The app runs in the guest: its client on exo is sommelier, not the app itself.
  const unknown = await g.run('vmc', 'launch', 'penguin', 'no.such.App');
  assert.match(unknown.stderr, /no application 'no.such.App'.*vmc launch penguin --list/);
});

test("the page's API lists the guest's apps with icons and launches them", async (t) => {
  const d = await startGuestDesktop(t);
  if (!d) return;
  const { exo } = d;
  // `vmc start` answers once the guest runs; its agent sends the app list a moment later.
  const penguin = await waitFor('penguin in the app list', async () => {
    const list = (await exo.ok('GET', '/api/guests/apps')).json as {
      guests: Array<{ guest: string; apps: ApiApp[] }>;
    };
    return list.guests.find((x) => x.guest === 'penguin');
  });
  const factory = penguin.apps.find((a) => a.desktopFileId === 'gtk3-widget-factory');
  assert.ok(factory);
  assert.equal(factory.name, 'Widget Factory');
  assert.equal(factory.noDisplay, true);
  assert.equal(factory.icon, '/api/guests/penguin/icons/gtk3-widget-factory');
  const icon = await exo.ok('GET', `${factory.icon}?size=48`);
  assert.equal(icon.headers['content-type'], 'image/png');
  assert.deepEqual([...icon.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  // The browser-desktop handler garcon installs is listed too, but hidden from the launcher.
  assert.equal(penguin.apps.find((a) => a.desktopFileId === 'garcon_host_browser')?.noDisplay, true);
  const launched = await exo.request('POST', '/api/guests/penguin/launch', { desktopFileId: 'foot' });
  assert.equal(launched.status, 200, launched.body.toString());
  await exo.waitForWindow((w) => w.appId === 'penguin:foot', 30_000);
  const stopped = await exo.request('POST', '/api/guests/other/launch', { desktopFileId: 'foot' });
  assert.equal(stopped.status, 404);
  assert.match(stopped.json.error, /no guest named 'other'/);
});
