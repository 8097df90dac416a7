// wp_presentation: clock_id, presented for a frame that reached the screen, discarded for a
// commit replaced before its frame and for a surface that is not on screen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  WpPresentationProxy,
  type WpPresentationFeedbackProxy,
} from '../../protos/gen/client/presentation-time.js';
import { WpPresentationFeedbackKind } from '../../protos/gen/spec/presentation-time.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';

type Outcome =
  { kind: 'presented'; ns: bigint; refresh: number; seq: bigint; flags: number } | { kind: 'discarded' };

/** Collects what happens to one feedback object. */
function watch(fb: WpPresentationFeedbackProxy): { outcome: Outcome | null } {
  const box: { outcome: Outcome | null } = { outcome: null };
  fb.on({
    presented: (secHi, secLo, nsec, refresh, seqHi, seqLo, flags) => {
      const sec = (BigInt(secHi) << 32n) | BigInt(secLo);
      box.outcome = {
        kind: 'presented',
        ns: sec * 1_000_000_000n + BigInt(nsec),
        refresh,
        seq: (BigInt(seqHi) << 32n) | BigInt(seqLo),
        flags,
      };
    },
    discarded: () => (box.outcome = { kind: 'discarded' }),
  });
  return box;
}

describe('wp_presentation', () => {
  let exo: ExoProcess;
  let c: TestClient;
  let presentation: WpPresentationProxy;
  let clockId: number | null = null;

  before(async () => {
    exo = await startExoProcess();
    c = await TestClient.connect(exo.wayland);
    presentation = c.bind(WpPresentationProxy).on({ clockId: (id) => (clockId = id) });
    await c.roundtrip();
  });
  after(async () => {
    c?.close();
    await exo?.stop();
  });

  const settle = (box: { outcome: Outcome | null }, what: string): Promise<Outcome> =>
    waitFor(what, async () => {
      await c.roundtrip();
      return box.outcome ?? undefined;
    });

  test('clock_id is CLOCK_MONOTONIC', () => {
    assert.equal(clockId, 1);
  });

  test('a committed frame of a mapped window is presented, timed on CLOCK_MONOTONIC', async () => {
    const win = await c.toplevel({ title: 'presentation', width: 64, height: 48 });
    await exo.waitForWindow((w) => w.title === 'presentation');
    const startNs = process.hrtime.bigint();
    const box = watch(presentation.feedback(win.surface));
    win.surface.attach(c.shmBuffer(64, 48, 0xff3366cc), 0, 0);
    win.surface.damageBuffer(0, 0, 64, 48);
    win.surface.commit();
    const outcome = await settle(box, 'presented');
    const endNs = process.hrtime.bigint();
    assert.equal(outcome.kind, 'presented');
    if (outcome.kind !== 'presented') return;
    // Both processes read the same CLOCK_MONOTONIC.
    assert.ok(outcome.ns >= startNs && outcome.ns <= endNs, `${outcome.ns} within [${startNs}, ${endNs}]`);
    assert.equal(outcome.refresh, Math.round(1e9 / 60));
    assert.ok(outcome.seq > 0n);
    assert.equal(outcome.flags & WpPresentationFeedbackKind.Vsync, WpPresentationFeedbackKind.Vsync);
  });

  test('a commit replaced before its frame is discarded; the replacement is presented', async () => {
    const win = await c.toplevel({ title: 'presentation-replaced', width: 64, height: 48 });
    await exo.waitForWindow((w) => w.title === 'presentation-replaced');
    // Two commits in one burst: the second lands before the next frame tick.
    const first = watch(presentation.feedback(win.surface));
    win.surface.attach(c.shmBuffer(64, 48, 0xff00ff00), 0, 0);
    win.surface.damageBuffer(0, 0, 64, 48);
    win.surface.commit();
    const second = watch(presentation.feedback(win.surface));
    win.surface.attach(c.shmBuffer(64, 48, 0xff0000ff), 0, 0);
    win.surface.damageBuffer(0, 0, 64, 48);
    win.surface.commit();
    assert.deepEqual(await settle(first, 'the first feedback'), { kind: 'discarded' });
    assert.equal((await settle(second, 'the second feedback')).kind, 'presented');
  });

  test('a surface that is not on screen gets discarded', async () => {
    const surface = c.createSurface();
    const box = watch(presentation.feedback(surface));
    surface.attach(c.shmBuffer(16, 16), 0, 0);
    surface.commit();
    assert.deepEqual(await settle(box, 'the feedback of a role-less surface'), { kind: 'discarded' });
  });
});
