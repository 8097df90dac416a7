// XDND through sommelier -X: a Wayland drag on the host (GTK 3 on exo) dropped on an X app in
// the guest (GTK 3 on sommelier's Xwayland, at scale 2). The host drag reaches Xwayland's host
// connection; the bridge speaks XDND to the X window and serves XdndSelection from the host offer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { dragWithPointer, startGtkDnd, startSommelierX11, type SommelierX11 } from './x11-dnd-fixture.js';

describe('XDND through sommelier -X', () => {
  let x: SommelierX11;
  before(async () => {
    x = await startSommelierX11(2);
  });
  after(() => x?.stop());

  test('a host Wayland drag drops on a guest X app', async () => {
    const src = await startGtkDnd(x, 'source', 'wayland', 'Host source', 'file:///tmp/from-host.txt');
    const dst = await startGtkDnd(x, 'target', 'x11', 'Guest X target');
    await dragWithPointer(x, src, dst.win);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.equal(line[1], 'text/uri-list');
    assert.match(line[2]!, /from-host\.txt/);
    await waitFor('the host source to see the drag end', () => /^END$/m.test(src.run.stdout), {
      timeoutMs: 10_000,
    });
  });
});
