// Damage efficiency on the stream link: sommelier sends exo only the bytes of its shadow
// buffers that changed, right before the commit that shows them, and what exo shows is the
// guest's frame.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { linkStats, snapshotLinkStats, type LinkStats } from '../../compositor/src/link/link-stats.js';
import type { ExoProcess } from '../harness/exo-fixture.js';
import { pixelAt } from '../harness/png.js';
import { startLinkedExo, startLinkSommelierHere } from './link-fixture.js';
import { Painter, type Rect } from './sommelier-painter.js';

let exo: ExoProcess;
let here: Awaited<ReturnType<typeof startLinkSommelierHere>>;

before(async () => {
  const linked = await startLinkedExo({ size: '1920x1080' });
  exo = linked.exo;
  here = await startLinkSommelierHere(exo.runtimeDir, linked.host);
});

after(async () => {
  here?.stop();
  await exo?.stop();
});

function sent(before: LinkStats): { update: number; data: number; total: number } {
  return {
    update: linkStats.shmUpdateBytes - before.shmUpdateBytes,
    data: linkStats.shmDataBytes - before.shmDataBytes,
    total: linkStats.bytesOut - before.bytesOut,
  };
}

test('a 16x16 change of a 1920x1080 window costs less than twice its 1024 bytes on the link', async () => {
  const W = 1920;
  const H = 1080;
  const p = await Painter.open(here.socket, W, H, { title: 'link damage' });
  try {
    p.fill([0, 0, W, H], 0xff204060);
    // The first full frames fill the shadows the host double-buffers; each is sent whole. A
    // shadow that missed frames catches up on the host, from the shadow shown before it.
    const first = snapshotLinkStats();
    await p.frame([0, 0, W, H]);
    await p.frame([0, 0, W, H]);
    assert.ok(sent(first).data >= W * H * 4, 'full frames are sent');
    for (let i = 0; i < 6; i++) {
      // A square that moves: every frame changes a new spot.
      const patch: Rect = [100 + i * 150, 80 + i * 120, 16, 16];
      p.fill(patch, 0xff000000 + i * 0x30303);
      const before = snapshotLinkStats();
      await p.frame(patch);
      const s = sent(before);
      // The bound of the issue: under twice the 16x16x4 = 1024 bytes changed.
      assert.ok(s.update < 2 * 1024, `frame ${i}: ${s.update} bytes of shm update (${s.data} of data)`);
      assert.equal(s.data, 1024, `frame ${i}: exactly the changed pixels`);
    }
  } finally {
    p.close();
  }
});

test('after partial updates over the link exo shows exactly the guest frame', async () => {
  const p = await Painter.open(here.socket, 200, 150, { title: 'link pixels' });
  try {
    p.fill([0, 0, 200, 150], 0xff0000ff);
    await p.frame([0, 0, 200, 150]);
    p.fill([10, 10, 20, 20], 0xffff0000);
    await p.frame([10, 10, 20, 20]);
    p.fill([100, 100, 30, 30], 0xff00ff00);
    await p.frame([100, 100, 30, 30]);
    p.fill([50, 20, 10, 10], 0xffffffff);
    await p.frame([50, 20, 10, 10]);
    const win = await exo.waitForWindow((w) => w.title === 'link pixels');
    const img = await exo.windowScreenshot(win.id);
    assert.deepEqual(pixelAt(img, 15, 15), [255, 0, 0, 255], 'first patch');
    assert.deepEqual(pixelAt(img, 110, 110), [0, 255, 0, 255], 'second patch');
    assert.deepEqual(pixelAt(img, 55, 25), [255, 255, 255, 255], 'third patch');
    assert.deepEqual(pixelAt(img, 190, 5), [0, 0, 255, 255], 'background');
    assert.deepEqual(pixelAt(img, 35, 15), [0, 0, 255, 255], 'beside a patch');
  } finally {
    p.close();
  }
});
