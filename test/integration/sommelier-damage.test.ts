// Shadow buffers: sommelier copies only the damaged rows of a guest buffer (counted by its
// shadowStats), releases the guest buffer at once, and what the host shows is the guest's frame.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openFdCount } from '../../compositor/src/testing/fd-count.js';
import { shadowStats, snapshotShadowStats, type ShadowStats } from '../../sommelier/src/shadow/stats.js';
import { waitFor } from '../harness/poll.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { pixelAt } from '../harness/png.js';
import { startSommelierHere, type InProcessSommelier } from './sommelier-fixture.js';
import { Painter, type Rect } from './sommelier-painter.js';

const W = 640;
const H = 480;
const STRIDE = W * 4;

let exo: ExoProcess;
let here: InProcessSommelier;

before(async () => {
  exo = await startExoProcess();
  here = await startSommelierHere(exo.runtimeDir, exo.wayland);
});

after(async () => {
  here?.stop();
  await exo?.stop();
});

function delta(before: ShadowStats): { rows: number; bytes: number; copies: number } {
  const now = snapshotShadowStats();
  return {
    rows: now.rowsCopied - before.rowsCopied,
    bytes: now.bytesCopied - before.bytesCopied,
    copies: now.copies - before.copies,
  };
}

/** Paints `r` and commits it as the only damage; returns what sommelier copied for that frame. */
async function paintFrame(p: Painter, r: Rect, argb: number): Promise<{ rows: number; bytes: number }> {
  p.fill(r, argb);
  const before = snapshotShadowStats();
  await p.frame(r);
  const d = delta(before);
  assert.equal(d.copies, 1, 'one shadow copy per commit');
  return d;
}

test('a 16x16 change copies 16 rows once the shadows are warm, and the guest buffer is released at once', async () => {
  const p = await Painter.open(here.socket, W, H, { title: 'damage' });
  try {
    p.fill([0, 0, W, H], 0xff202020);
    await p.frame([0, 0, W, H]);
    await p.frame([0, 0, W, H]);
    // The next shadow missed that full frame: it catches up once.
    assert.equal((await paintFrame(p, [100, 200, 16, 16], 0xff101010)).rows, H);
    const releasesBefore = p.releases;
    // The same 16x16 spot, repainted: every shadow already has the rest of the frame.
    for (let i = 0; i < 4; i++) {
      const d = await paintFrame(p, [100, 200, 16, 16], 0xff000000 + i * 0x101010);
      assert.equal(d.rows, 16, `frame ${i}: rows copied`);
      assert.equal(d.bytes, 16 * STRIDE, `frame ${i}: bytes copied`);
    }
    assert.equal(p.releases - releasesBefore, 4, 'one wl_buffer.release per commit');
  } finally {
    p.close();
  }
});

test('a moving change copies its rows and the rows the other shadow missed, nothing else', async () => {
  const p = await Painter.open(here.socket, W, H, { title: 'moving' });
  try {
    p.fill([0, 0, W, H], 0xff303030);
    await p.frame([0, 0, W, H]);
    await p.frame([0, 0, W, H]);
    let last: Rect = [0, 0, W, H];
    for (let i = 0; i < 4; i++) {
      const r: Rect = [50 + i * 40, 60 + i * 50, 16, 16];
      const d = await paintFrame(p, r, 0xff00ff00);
      // Double buffering on the host: this shadow last held the frame before the previous one.
      const expected = last[3] === H ? H : 32;
      assert.equal(d.rows, expected, `frame ${i}: rows copied`);
      last = r;
    }
  } finally {
    p.close();
  }
});

test('after partial updates the host shows exactly the guest frame', async () => {
  const p = await Painter.open(here.socket, 200, 150, { title: 'pixels' });
  try {
    p.fill([0, 0, 200, 150], 0xff0000ff);
    await p.frame([0, 0, 200, 150]);
    p.fill([10, 10, 20, 20], 0xffff0000);
    await p.frame([10, 10, 20, 20]);
    p.fill([100, 100, 30, 30], 0xff00ff00);
    await p.frame([100, 100, 30, 30]);
    p.fill([50, 20, 10, 10], 0xffffffff);
    await p.frame([50, 20, 10, 10]);
    const win = await exo.waitForWindow((w) => w.title === 'pixels');
    const img = await exo.windowScreenshot(win.id);
    assert.deepEqual(pixelAt(img, 15, 15), [255, 0, 0, 255], 'first patch');
    assert.deepEqual(pixelAt(img, 110, 110), [0, 255, 0, 255], 'second patch');
    assert.deepEqual(pixelAt(img, 55, 25), [255, 255, 255, 255], 'third patch');
    assert.deepEqual(pixelAt(img, 190, 5), [0, 0, 255, 255], 'background');
  } finally {
    p.close();
  }
});

test('clients that come and go leave no fd and no shadow memory behind', async () => {
  const p0 = await Painter.open(here.socket, 64, 64, { title: 'warm-up' });
  p0.close();
  await new Promise((r) => setTimeout(r, 200));
  const fds = openFdCount();
  const held = shadowStats.bytesHeld;
  for (let i = 0; i < 3; i++) {
    const p = await Painter.open(here.socket, 320, 240, { title: `leak ${i}` });
    p.fill([0, 0, 320, 240], 0xff112233);
    await p.frame([0, 0, 320, 240]);
    await p.frame([0, 0, 10, 10]);
    p.close();
  }
  await waitFor('fds and shadow memory back to where they were', () => {
    return openFdCount() === fds && shadowStats.bytesHeld === held;
  }).catch((e: Error) => {
    throw new Error(
      `${e.message}: fds ${openFdCount()} (was ${fds}), shadow bytes ${shadowStats.bytesHeld} (was ${held})`,
    );
  });
});
