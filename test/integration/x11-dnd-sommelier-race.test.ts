// X drags under sommelier -X released right where they leave their X window, while the host
// drag is still being set up: whatever wins, nothing may stay stuck (the X source takes the
// next press, and the next drag reaches its target).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import {
  dragOnto,
  placeAt,
  release,
  startGtkDnd,
  startSommelierX11,
  type SommelierX11,
} from './x11-dnd-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (s: string, word: string): number => s.split(word).length - 1;

describe('X drags under sommelier -X released as they leave X', () => {
  let x: SommelierX11;
  before(async () => {
    x = await startSommelierX11(2);
  });
  after(() => x?.stop());

  test('a release at any moment of the hand-over leaves nothing stuck', async () => {
    const src = await startGtkDnd(x, 'source', 'x11', 'Racing X source', 'file:///tmp/race.txt');
    const dst = await startGtkDnd(x, 'target', 'guest-wayland', 'Race target');
    await placeAt(x, dst, 840); // clear of where the racing drags are let go
    const w = src.win;
    const y = Math.round(w.y + w.height / 2);
    for (const wait of [0, 0, 0, 5, 10, 30, 60, 120]) {
      const begun = count(src.run.stdout, 'BEGIN');
      await x.exo.input([
        { type: 'pointer', x: w.x + w.width / 2, y },
        { type: 'button', button: 'left', state: 'press' },
      ]);
      // Across the window's right edge in a few steps, then let go after `wait` ms.
      for (let i = 1; i <= 6; i++) {
        if (i > 1) await sleep(30);
        await x.exo.input({ type: 'pointer', x: Math.round(w.x + w.width / 2 + (i * w.width) / 10), y });
      }
      if (wait) await sleep(wait);
      await release(x);
      if (count(src.run.stdout, 'BEGIN') > begun)
        await waitFor(
          `the drag released after ${wait} ms to end`,
          () => count(src.run.stdout, 'END') >= begun + 1,
          {
            timeoutMs: 10_000,
          },
        );
      await sleep(200);
    }
    await dragOnto(x, src, dst);
    const line = await dst.run.waitForOutput(/^DROP (\S+) (.*)$/m, 10_000);
    assert.match(line[2]!, /race\.txt/);
  });
});
