// wev prints every input event its window gets: input sent through POST /api/input must
// arrive at the right surface-local coordinates, with the right button, axis and key.
import { test } from 'node:test';
import { startExoProcess } from '../harness/exo-fixture.js';

test('wev receives pointer motion, a button, an axis step and a key from the API', async (t) => {
  const exo = await startExoProcess();
  t.after(() => exo.stop());
  // wev writes with stdio buffering; line-buffer it so events show as they come.
  const wev = exo.spawnClient('stdbuf', ['-oL', 'wev']);
  const win = await exo.waitForWindow(
    (w) => w.appId === 'wev' || w.title === 'wev',
    30_000,
    'the wev window',
  );
  const fail = (e: Error): never => {
    throw new Error(`${e.message}\nwev output:\n${wev.stdout.slice(-3000)}\n${exo.clientReport()}`);
  };

  // Entering the surface, then moving inside it: surface-local = desktop - window origin.
  await exo.input({ type: 'pointer', x: win.x + 10, y: win.y + 20 });
  await wev
    .waitForOutput(new RegExp(`wl_pointer\\] enter: serial: \\d+; surface: \\d+, x, y: 10\\.0+, 20\\.0+`))
    .catch(fail);
  await exo.input({ type: 'pointer', x: win.x + 30.5, y: win.y + 40 });
  await wev
    .waitForOutput(new RegExp(`wl_pointer\\] motion: time: \\d+; x, y: 30\\.50*, 40\\.0+`))
    .catch(fail);

  await exo.input({ type: 'click', x: win.x + 30, y: win.y + 40 });
  await wev
    .waitForOutput(/wl_pointer\] button: serial: \d+; time: \d+; button: 272 \(left\), state: 1 \(pressed\)/)
    .catch(fail);
  await wev
    .waitForOutput(/wl_pointer\] button: serial: \d+; time: \d+; button: 272 \(left\), state: 0 \(released\)/)
    .catch(fail);

  await exo.input({ type: 'button', button: 'right', state: 'press' });
  await exo.input({ type: 'button', button: 'right', state: 'release' });
  await wev.waitForOutput(/button: 273 \(right\), state: 0 \(released\)/).catch(fail);

  // One wheel step down: 15 px on the vertical axis.
  await exo.input({ type: 'axis', dy: 1, discrete: true });
  await wev
    .waitForOutput(new RegExp(`wl_pointer\\] axis: time: \\d+; axis: 0 \\(vertical\\), value: 15\\.0+`))
    .catch(fail);

  // The click gave the window keyboard focus. KeyA is evdev 30; wev prints the XKB keycode,
  // evdev + 8, and the keysym "a" of the us layout.
  await exo.input({ type: 'key', code: 'KeyA', state: 'tap' });
  await wev
    .waitForOutput(
      /wl_keyboard\] key: serial: \d+; time: \d+; key: 38; state: 1 \(pressed\)\s+sym: a\s+\(97\)/,
    )
    .catch(fail);
  await wev
    .waitForOutput(/wl_keyboard\] key: serial: \d+; time: \d+; key: 38; state: 0 \(released\)/)
    .catch(fail);
});
