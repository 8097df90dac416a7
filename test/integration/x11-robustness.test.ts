// Xwayland's life on exo: started by the first X client, gone after the last one, restarted
// after a crash; a crash takes its windows with it and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { startX11Exo, waitForApp, type X11Exo } from './x11-fixture.js';

describe('Xwayland lifecycle on exo', () => {
  let x: X11Exo;
  before(async () => {
    x = await startX11Exo();
  });
  after(() => x?.stop());

  test('Xwayland starts with the first X client and exits after the last', async () => {
    assert.deepEqual(x.xwaylandPids(), [], 'no Xwayland before any X client');
    const logo = x.spawn('xlogo');
    await waitForApp(x, 'XLogo');
    assert.equal(x.xwaylandPids().length, 1);
    await logo.kill();
    await waitFor('Xwayland to exit after its last client', () => x.xwaylandPids().length === 0, {
      timeoutMs: 10_000,
    });
  });

  test('killing Xwayland removes its windows only, and the next X client restarts it', async () => {
    const wayland = x.exo.spawnClient('weston-simple-shm');
    await x.exo.waitForWindow((w) => w.title === 'simple-shm', 15_000);
    x.spawn('xeyes');
    await waitForApp(x, 'XEyes');
    const [pid] = x.xwaylandPids();
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await waitFor(
      'the X window to go away',
      async () => !(await x.exo.windows()).some((w) => w.appId === 'XEyes'),
      {
        timeoutMs: 10_000,
      },
    );
    const left = await x.exo.windows();
    assert.ok(
      left.some((w) => w.title === 'simple-shm'),
      `the Wayland client keeps its window: ${JSON.stringify(left)}`,
    );
    assert.ok(wayland.running, 'the Wayland client still runs');
    x.spawn('xclock');
    const w = await waitForApp(x, 'XClock');
    assert.equal(w.title, 'xclock');
    assert.notEqual(x.xwaylandPids()[0], pid);
  });
});
