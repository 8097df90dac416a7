import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { EventStream, startGuestDesktop } from './guest-desktop-fixture.js';

test('xdg-open in the guest becomes an open-URL request of the desktop page, and opens nothing else', async (t) => {
  const d = await startGuestDesktop(t);
  if (!d) return;
  const { exo, g } = d;
  // With no page watching there is nowhere to open it: the guest is told so.
  const nobody = await g.run('vsh', 'penguin', '--', 'garcon-url', 'https://example.invalid/');
  assert.equal(nobody.code, 1);
  assert.match(nobody.stderr, /no desktop page is open/);
  const page = await EventStream.open(exo);
  t.after(() => page.close());
  const r = await g.run('vsh', 'penguin', '--', 'xdg-open', 'https://example.invalid/');
  assert.equal(r.code, 0, r.stderr);
  const ev = await waitFor('the open-url event', () => page.events.find((e) => e.type === 'open-url'));
  assert.deepEqual(ev, { type: 'open-url', guest: 'penguin', url: 'https://example.invalid/' });
  // Nothing else was opened: no window on the desktop, no browser in the guest.
  assert.deepEqual(await exo.windows(), []);
  const procs = await g.sh('penguin', 'ps -e -o comm=');
  assert.doesNotMatch(procs, /chrom|firefox|x-www-browser/);
  // A guest cannot make the page open script or local URLs.
  const js = await g.run('vsh', 'penguin', '--', 'garcon-url', 'javascript:alert(1)');
  assert.equal(js.code, 1);
  assert.match(js.stderr, /only http, https and mailto/);
  assert.equal(page.events.filter((e) => e.type === 'open-url').length, 1);
});
