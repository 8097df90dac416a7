// XDND peers that misbehave: an X drag source killed mid-drag, a Wayland drag source killed
// while over an X window. Exo, Xwayland and the window manager must carry on, the proxy window
// must not stay in the way of X input, and exo must not keep file descriptors of the drags.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../harness/poll.js';
import { startX11Exo, type X11Exo } from './x11-fixture.js';
import { dropFile, fdCount, pressAndMove, release, startGtkDnd } from './x11-dnd-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('XDND robustness on exo', () => {
  let x: X11Exo;
  let xwayland: number[];
  before(async () => {
    x = await startX11Exo({ size: '1280x800' });
    // Xwayland ends with its last client: one X client stays, so a killed one is never the last.
    x.spawn('xlogo', ['-geometry', '60x60']);
  });
  after(async () => {
    // Exo must still be running: if not, say why.
    if (x?.exo.exo.exit) process.stderr.write(`exo exited: ${x.exo.exo.stderr.slice(-4000)}\n`);
    await x?.stop();
  });

  /** The X window xdotool finds under the pointer at (px, py). */
  async function windowUnderPointer(px: number, py: number): Promise<string> {
    await x.exo.input({ type: 'pointer', x: px, y: py });
    const r = await x.run('xdotool', ['getmouselocation', '--shell']);
    return /^WINDOW=(\d+)$/m.exec(r.stdout)?.[1] ?? '';
  }

  test('an X drag source killed over a Wayland window', async () => {
    const dst = await startGtkDnd(x, 'target', 'wayland', 'Wayland target R');
    const src = await startGtkDnd(x, 'source', 'x11', 'X source R', 'file:///tmp/killed.txt');
    xwayland = x.xwaylandPids();
    await sleep(300);
    const fds = fdCount(x.exo.exo.pid);
    await pressAndMove(x, src, dst.win);
    process.kill(src.run.pid, 'SIGKILL');
    await src.run.exited;
    await release(x);
    await sleep(500);
    assert.doesNotMatch(dst.run.stdout, /^DROP/m, 'nothing was dropped');
    // Exo and Xwayland are there; the proxy is gone from under the pointer: an X window is found.
    const other = await startGtkDnd(x, 'target', 'x11', 'X target R');
    const xid = (await x.run('xdotool', ['search', '--name', '^X target R$'])).stdout.trim().split('\n')[0]!;
    const c = { x: other.win.x + 50, y: other.win.y + 50 };
    await waitFor(
      'xdotool to find the X window under the pointer',
      async () => (await windowUnderPointer(c.x, c.y)) === xid,
      {
        timeoutMs: 5_000,
      },
    );
    assert.deepEqual(x.xwaylandPids(), xwayland);
    await Promise.all([dst.run.kill(500), other.run.kill(500)]);
    await waitFor('exo to close what the drag opened', () => fdCount(x.exo.exo.pid) <= fds, {
      timeoutMs: 5_000,
    });
  });

  test('a Wayland drag source killed over an X window', async () => {
    const src = await startGtkDnd(x, 'source', 'wayland', 'Wayland source R', 'file:///tmp/gone.txt');
    const dst = await startGtkDnd(x, 'target', 'x11', 'X target R2');
    await sleep(300);
    const fds = fdCount(x.exo.exo.pid);
    await pressAndMove(x, src, dst.win);
    process.kill(src.run.pid, 'SIGKILL');
    await src.run.exited;
    await release(x);
    await sleep(500);
    assert.doesNotMatch(dst.run.stdout, /^DROP/m, 'nothing was dropped');
    // The X target and XdndSelection still work: a page drop onto it arrives.
    const { response } = await dropFile(x, dst.win, 'after.txt', 'after\n');
    assert.equal(response.status, 200, response.body.toString());
    await dst.run.waitForOutput(/^DROP text\/uri-list .*after\.txt/m, 10_000);
    assert.deepEqual(x.xwaylandPids(), xwayland);
    await dst.run.kill(500);
    await waitFor('exo to close what the drag opened', () => fdCount(x.exo.exo.pid) <= fds, {
      timeoutMs: 5_000,
    });
  });

  test('an X drop target killed while a Wayland drag is over it', async () => {
    const src = await startGtkDnd(x, 'source', 'wayland', 'Wayland source R3', 'file:///tmp/lost.txt');
    const dst = await startGtkDnd(x, 'target', 'x11', 'X target R3');
    await sleep(300);
    const fds = fdCount(x.exo.exo.pid);
    await pressAndMove(x, src, dst.win);
    process.kill(dst.run.pid, 'SIGKILL');
    await dst.run.exited;
    await release(x);
    // The Wayland source hears the drag end (cancelled), and exo and Xwayland carry on.
    await waitFor('the Wayland source to see the drag end', () => /^END$/m.test(src.run.stdout), {
      timeoutMs: 10_000,
    });
    assert.deepEqual(x.xwaylandPids(), xwayland);
    const again = await startGtkDnd(x, 'target', 'x11', 'X target R4');
    const { response } = await dropFile(x, again.win, 'again.txt', 'again\n');
    assert.equal(response.status, 200, response.body.toString());
    await again.run.waitForOutput(/^DROP text\/uri-list .*again\.txt/m, 10_000);
    await Promise.all([src.run.kill(500), again.run.kill(500)]);
    await waitFor('exo to close what the drag opened', () => fdCount(x.exo.exo.pid) <= fds, {
      timeoutMs: 5_000,
    });
  });
});
