// X drags leaving X under sommelier -X: a GTK 3 X app in the guest (sommelier's Xwayland, at
// scale 2) drags onto GTK 3 Wayland apps, in the guest (through sommelier) and on exo itself.
// Past its own X window the drag becomes a host drag on Xwayland's host connection; the X
// source gets its release from sommelier and waits for the host's finish.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import {
  dragOnto,
  dragWithPointer,
  placeAt,
  pressAndMove,
  release,
  startGtkDnd,
  startSommelierX11,
  type GtkDnd,
  type SommelierX11,
} from './x11-dnd-fixture.js';

const count = (s: string, re: RegExp): number => s.match(re)?.length ?? 0;

describe('X drags leaving X under sommelier -X', () => {
  let x: SommelierX11;
  let src: GtkDnd;
  before(async () => {
    x = await startSommelierX11(2);
    src = await startGtkDnd(x, 'source', 'x11', 'Guest X source', 'file:///tmp/from-guest-x.txt');
  });
  after(() => x?.stop());

  test('an X drag drops on a Wayland app of the same guest', async () => {
    const dst = await startGtkDnd(x, 'target', 'guest-wayland', 'Guest Wayland target');
    await dragOnto(x, src, dst);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.equal(line[1], 'text/uri-list');
    assert.match(line[2]!, /file:\/\/\/tmp\/from-guest-x\.txt/);
    await waitFor('the X source to see the drag end', () => /^END$/m.test(src.run.stdout), {
      timeoutMs: 10_000,
    });
    await dst.run.kill(500);
  });

  test('after the drop the X app takes a press again: a second drag reaches a host app', async () => {
    const ends = count(src.run.stdout, /^END$/gm);
    const dst = await startGtkDnd(x, 'target', 'wayland', 'Host Wayland target');
    // pressAndMove waits for the X source's BEGIN: the press reached it, no grab was stuck.
    await dragOnto(x, src, dst);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.match(line[2]!, /from-guest-x\.txt/);
    await waitFor('the second drag to end', () => count(src.run.stdout, /^END$/gm) > ends, {
      timeoutMs: 10_000,
    });
    await dst.run.kill(500);
  });

  test('an X drag leaving X and coming back over another X window of the guest drops there', async () => {
    const dst = await startGtkDnd(x, 'target', 'x11', 'Guest X target');
    await placeAt(x, dst, 840);
    await dragOnto(x, src, dst);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.match(line[2]!, /from-guest-x\.txt/);
    await dst.run.kill(500);
  });

  test('an X drag released over no window ends in X too, and the next one works', async () => {
    const ends = count(src.run.stdout, /^END$/gm);
    const nowhere = { ...src.win, title: 'nowhere', x: 1100, y: 600, width: 100, height: 100 };
    await dragWithPointer(x, src, nowhere);
    await waitFor('the X source to see the drag end', () => count(src.run.stdout, /^END$/gm) > ends, {
      timeoutMs: 10_000,
    });
    const dst = await startGtkDnd(x, 'target', 'guest-wayland', 'Guest Wayland target 3');
    await placeAt(x, dst, 840);
    await dragOnto(x, src, dst);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.match(line[2]!, /from-guest-x\.txt/);
    await dst.run.kill(500);
  });

  test('an X drag leaving its window leftwards (X pointer held at the X screen edge) drops too', async () => {
    await placeAt(x, src, 840);
    const dst = await startGtkDnd(x, 'target', 'guest-wayland', 'Guest Wayland target 4');
    await placeAt(x, dst, 40);
    await dragOnto(x, src, dst);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.match(line[2]!, /from-guest-x\.txt/);
    await dst.run.kill(500);
    await placeAt(x, src, 40);
  });

  test('the X source killed mid-drag leaves sommelier, exo and Xwayland running', async () => {
    const xwayland = x.xwaylandPids();
    assert.equal(xwayland.length, 1);
    const dst = await startGtkDnd(x, 'target', 'guest-wayland', 'Guest Wayland target 2');
    await placeAt(x, dst, 840);
    await pressAndMove(x, src, dst.win);
    await src.run.kill(500);
    await release(x);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(x.sommelier.exit, null, x.sommelier.tail());
    assert.equal(x.exo.exo.exit, null, x.exo.exo.tail());
    assert.deepEqual(x.xwaylandPids(), xwayland);
    // Xwayland still serves new X clients, whose drags still work.
    const again = await startGtkDnd(x, 'source', 'x11', 'Guest X source 2', 'file:///tmp/again.txt');
    await placeAt(x, again, 40);
    await dragOnto(x, again, dst);
    await waitFor("the new source's drop", () => /^DROP \S+ .*again\.txt/m.test(dst.run.stdout), {
      timeoutMs: 10_000,
    });
    await Promise.all([again.run.kill(500), dst.run.kill(500)]);
  });
});
