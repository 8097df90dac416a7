// X11 apps in a guest: `tartine sommelier -X` runs Xwayland as one of its guest clients and our
// window manager gives X windows host roles through sommelier; scale and guest app ids apply.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ChildRun } from '../harness/client-process.js';
import { REPO_ROOT, startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { waitForFile } from './x11-fixture.js';

describe('X11 apps through sommelier -X', () => {
  let exo: ExoProcess;
  let som: ChildRun;
  let display: string;
  const children: ChildRun[] = [];
  const xEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display };
    delete env['WAYLAND_DISPLAY'];
    return env;
  };

  before(async () => {
    exo = await startExoProcess();
    som = new ChildRun(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin', 'tartine.js'),
        'sommelier',
        '--host',
        `wayland:${exo.wayland}`,
        '--socket',
        path.join(exo.runtimeDir, 'guest-0'),
        '--scale',
        '2',
        '-X',
      ],
      { ...exo.clientEnv() },
    );
    const m = await som.waitForOutput(/^READY (\{.*\})$/m, 15_000);
    display = (JSON.parse(m[1]!) as { x11: string }).x11;
    assert.match(display, /^:\d+$/);
  });
  after(async () => {
    await Promise.all(children.map((c) => c.kill(500)));
    await som?.kill();
    await exo?.stop();
  });

  test('an xterm opens on the host at twice its X size, tagged with the guest name, and takes typing', async () => {
    const file = path.join(exo.runtimeDir, 'typed-in-guest.txt');
    children.push(
      new ChildRun(
        'xterm',
        ['-T', 'guest xterm', '-e', 'sh', '-c', `read line; echo "$line" > ${file}`],
        xEnv(),
      ),
    );
    const w = await exo.waitForWindow((w) => w.title === 'guest xterm', 20_000);
    assert.equal(w.appId, 'penguin:XTerm');
    const info = new ChildRun('xwininfo', ['-name', 'guest xterm'], xEnv());
    await info.exited;
    const width = Number(/Width: (\d+)/.exec(info.stdout)?.[1]);
    const height = Number(/Height: (\d+)/.exec(info.stdout)?.[1]);
    assert.deepEqual(
      [w.width, w.height],
      [width * 2, height * 2],
      `X size ${width}×${height}, host ${w.width}×${w.height}`,
    );
    await exo.input({ type: 'click', x: w.x + 10, y: w.y + 10 });
    await waitFor('the guest xterm to be focused', async () =>
      (await exo.windows()).find((v) => v.id === w.id && v.focused),
    );
    await exo.input({ type: 'text', text: 'typed into the guest\n' });
    assert.equal(await waitForFile(file, (s) => s.endsWith('\n')), 'typed into the guest\n');
  });
});
