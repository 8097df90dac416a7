// Real clients through `tartine sommelier` on exo: windows appear with their titles and the
// guest-tagged app id, at the size the client's scale makes them, and input lands where it should.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { WlSeatProxy } from '../../protos/gen/client/wayland.js';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { startSommelierProcess, TARTINE } from './sommelier-fixture.js';

let exo: ExoProcess;

before(async () => {
  exo = await startExoProcess();
});

after(async () => {
  await exo?.stop();
});

/** Runs `tartine sommelier ARGS -- COMMAND` as an exo client; returns the window it maps. */
async function throughSommelier(args: string[], command: string[], match: (w: WindowInfo) => boolean) {
  const run = exo.spawnClient(process.execPath, [TARTINE, 'sommelier', ...args, '--', ...command]);
  const win = await exo.waitForWindow(match);
  return { run, win };
}

async function closeAll(): Promise<void> {
  // Each test leaves no window behind: the next one finds only its own.
  await waitFor('no windows left', async () => (await exo.windows()).length === 0, { timeoutMs: 5000 });
}

for (const [scale, side] of [
  [1, 250],
  [2, 500],
  [0.5, 125],
] as const) {
  test(`weston-simple-shm at scale ${scale} is ${side}x${side} on exo`, async () => {
    const { run, win } = await throughSommelier(['--scale', String(scale)], ['weston-simple-shm'], (w) =>
      w.appId.endsWith('simple-shm'),
    );
    try {
      assert.equal(win.appId, 'penguin:org.freedesktop.weston.simple-shm');
      assert.equal(win.title, 'simple-shm');
      assert.equal(win.width, side);
      assert.equal(win.height, side);
      // It keeps drawing: frames come back through sommelier.
      const shot1 = await exo.windowScreenshot(win.id);
      await new Promise((r) => setTimeout(r, 300));
      const shot2 = await exo.windowScreenshot(win.id);
      assert.equal(shot1.width, side);
      assert.ok(!shot1.data.equals(shot2.data), 'the animation moves');
    } finally {
      await run.kill();
      await closeAll();
    }
  });
}

test('foot maps a window with its title and the tagged app id; sommelier exits with its status', async () => {
  const { run, win } = await throughSommelier(
    ['--guest', 'testvm'],
    ['foot', '-a', 'footapp', '-T', 'foot through sommelier', 'sh', '-c', 'sleep 30'],
    (w) => w.title === 'foot through sommelier',
  );
  try {
    assert.equal(win.appId, 'testvm:footapp');
    assert.ok(win.width > 100 && win.height > 50, `foot's window is ${win.width}x${win.height}`);
  } finally {
    const exit = await run.kill();
    // SIGTERM is passed on to foot, which exits; sommelier reports foot's status.
    assert.notEqual(exit.signal, 'SIGKILL', run.tail());
    await closeAll();
  }
});

test('at scale 2, pointer positions reach the guest divided by 2', async () => {
  const som = await startSommelierProcess(exo.runtimeDir, exo.wayland, ['--scale', '2']);
  const c = await TestClient.connect(som.socket);
  try {
    const entered: Array<[number, number]> = [];
    const buttons: number[] = [];
    const seat = c.bind(WlSeatProxy);
    seat.getPointer().on({
      enter: (_serial, _surface, x, y) => entered.push([x, y]),
      motion: (_time, x, y) => entered.push([x, y]),
      button: (_serial, _time, button) => buttons.push(button),
    });
    await c.toplevel({ title: 'pointer', width: 120, height: 90 });
    const win = await exo.waitForWindow((w) => w.title === 'pointer');
    assert.equal(win.width, 240);
    assert.equal(win.height, 180);
    await exo.input({ type: 'pointer', x: win.x + 100, y: win.y + 60 });
    await exo.input({ type: 'click', x: win.x + 100, y: win.y + 60 });
    await waitFor('pointer events in the guest', async () => {
      await c.roundtrip();
      return buttons.length > 0;
    });
    assert.deepEqual(entered.at(-1), [50, 30]);
  } finally {
    c.close();
    await som.stop();
    await closeAll();
  }
});

test('text typed on exo reaches a shell in foot through sommelier at scale 2', async () => {
  const file = path.join(exo.runtimeDir, 'typed-through-sommelier.txt');
  const { run, win } = await throughSommelier(
    ['--scale', '2'],
    ['foot', '-T', 'typing', 'sh', '-c', `read line; echo "$line" > '${file}'`],
    (w) => w.title === 'typing',
  );
  try {
    await exo.input({ type: 'click', x: win.x + 20, y: win.y + 20 });
    await waitFor('the foot window to have keyboard focus', async () =>
      (await exo.windows()).find((w) => w.id === win.id && w.focused),
    );
    await exo.input({ type: 'text', text: 'through sommelier\n' });
    const content = await waitFor('the typed line in the file', () => {
      const s = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return s.endsWith('\n') ? s : undefined;
    });
    assert.equal(content, 'through sommelier\n');
  } finally {
    await run.kill();
    await closeAll();
  }
});
