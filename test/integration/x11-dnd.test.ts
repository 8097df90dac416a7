// XDND ⇄ Wayland drag-and-drop on exo (`tartine exo --xwayland`), with real GTK 3 at both ends:
// a small PyGObject program (x11-dnd-fixture.ts) is a drop target or a drag source, under
// GDK_BACKEND=x11 or wayland. Page file drops reach an X app; an X drag reaches a Wayland app.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { startX11Exo, type X11Exo } from './x11-fixture.js';
import { dragWithPointer, dropFile, startGtkDnd } from './x11-dnd-fixture.js';

describe('XDND on exo', () => {
  let x: X11Exo;
  before(async () => {
    x = await startX11Exo({ size: '1280x800' });
  });
  after(() => x?.stop());

  test('a file dropped from the page reaches a GTK 3 X app as text/uri-list', async () => {
    const target = await startGtkDnd(x, 'target', 'x11', 'XDND target');
    const { response, uri } = await dropFile(x, target.win, 'dropped ✓.txt', 'hello from the page\n');
    assert.equal(response.status, 200, response.body.toString());
    assert.equal(response.json.result, 'finished');
    const line = await target.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.equal(line[1], 'text/uri-list');
    assert.ok(line[2]!.includes(uri), `${line[2]} names ${uri}`);
    await target.run.kill(500);
  });

  test('an X drag (GTK 3 on X) drops on a Wayland app (GTK 3 on Wayland)', async () => {
    const src = await startGtkDnd(x, 'source', 'x11', 'XDND source', 'file:///tmp/from-x.txt');
    const dst = await startGtkDnd(x, 'target', 'wayland', 'Wayland target');
    await dragWithPointer(x, src, dst.win);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.equal(line[1], 'text/uri-list');
    assert.match(line[2]!, /file:\/\/\/tmp\/from-x\.txt/);
    await waitFor('the X source to see the drag end', () => /^END$/m.test(src.run.stdout), {
      timeoutMs: 10_000,
    });
    await Promise.all([src.run.kill(500), dst.run.kill(500)]);
  });

  test('a Wayland drag between two GTK 3 Wayland apps', async () => {
    const src = await startGtkDnd(x, 'source', 'wayland', 'Wayland source 0', 'file:///tmp/wl-to-wl.txt');
    const dst = await startGtkDnd(x, 'target', 'wayland', 'Wayland target 0');
    await dragWithPointer(x, src, dst.win);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.equal(line[1], 'text/uri-list');
    assert.match(line[2]!, /wl-to-wl\.txt/);
    await waitFor('the Wayland source to see the drag end', () => /^END$/m.test(src.run.stdout), {
      timeoutMs: 10_000,
    });
    await Promise.all([src.run.kill(500), dst.run.kill(500)]);
  });

  test('an X drag between two X windows still works with the proxy in the way', async () => {
    const src = await startGtkDnd(x, 'source', 'x11', 'X source 2', 'file:///tmp/x-to-x.txt');
    const dst = await startGtkDnd(x, 'target', 'x11', 'X target 2');
    await dragWithPointer(x, src, dst.win);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.match(line[2]!, /x-to-x\.txt/);
    await Promise.all([src.run.kill(500), dst.run.kill(500)]);
  });

  test('a Wayland drag (GTK 3 on Wayland) drops on an X app', async () => {
    const src = await startGtkDnd(x, 'source', 'wayland', 'Wayland source', 'file:///tmp/from-wayland.txt');
    const dst = await startGtkDnd(x, 'target', 'x11', 'X target 3');
    await dragWithPointer(x, src, dst.win);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.equal(line[1], 'text/uri-list');
    assert.match(line[2]!, /from-wayland\.txt/);
    await waitFor('the Wayland source to see the drag end', () => /^END$/m.test(src.run.stdout), {
      timeoutMs: 10_000,
    });
    await Promise.all([src.run.kill(500), dst.run.kill(500)]);
  });
});
