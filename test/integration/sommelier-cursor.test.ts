// The pointer is the user's: through sommelier, an app's cursor has the same size on the host at
// every app scale (24 logical pixels with the default XCURSOR_SIZE), drawn at the output scale
// the app is told, so it stays sharp. Checked with foot, which draws its own cursor.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parseHostAddress } from '../../sommelier/src/host/host-address.js';
import { Sommelier } from '../../sommelier/src/sommelier.js';
import { waitFor } from '../harness/poll.js';
import { startTestExo, type TestExo } from './seat-fixture.js';

let t: TestExo;

before(async () => {
  t = await startTestExo(['--size', '1200x800'], { keepShell: true });
});

after(() => t?.stop());

async function footCursorAt(
  scale: number,
): Promise<{ logical: number[]; pixels: number[]; bufferScale: number }> {
  const som = await Sommelier.start({
    host: parseHostAddress(`wayland:${t.socket}`),
    scale,
    dpi: [],
    guestName: 'penguin',
  });
  const socket = som.listen(path.join(t.dir, `sommelier-cursor-${scale}`));
  const foot = spawn('foot', ['sh', '-c', 'sleep 30'], {
    env: { ...t.env, WAYLAND_DISPLAY: socket, XCURSOR_SIZE: '24', XCURSOR_THEME: 'Adwaita' },
    stdio: 'ignore',
  });
  try {
    const win = await waitFor('the foot window', async () => t.exo.shell?.windows().find((w) => w.width > 0));
    const seat = t.exo.seat!;
    const surface = await waitFor('foot sets its cursor', async () => {
      seat.pointerMotion(win.x + 40 + Math.random() * 20, win.y + 40);
      t.exo.flush();
      await new Promise((r) => setTimeout(r, 50));
      return seat.cursor.surface?.buffer ? seat.cursor.surface : undefined;
    });
    const image = surface.buffer!.image()!;
    return {
      logical: [surface.width, surface.height],
      pixels: [image.width, image.height],
      bufferScale: surface.bufferScale,
    };
  } finally {
    foot.kill('SIGKILL');
    som.destroy();
    await waitFor('the window is gone', async () => t.exo.shell?.windows().length === 0);
  }
}

test('foot’s cursor is 24 host pixels at scale 1', async () => {
  const c = await footCursorAt(1);
  assert.deepEqual(c.logical, [24, 24]);
});

test('foot’s cursor is still 24 host pixels at scale 2, drawn at 48 pixels', async () => {
  const c = await footCursorAt(2);
  assert.deepEqual(c.logical, [24, 24]);
  assert.deepEqual(c.pixels, [48, 48]);
  assert.equal(c.bufferScale, 2);
});

test('and at scale 0.5', async () => {
  const c = await footCursorAt(0.5);
  assert.deepEqual(c.logical, [24, 24]);
});
