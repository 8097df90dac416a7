// Per-app scale of X apps in a guest: one Xwayland serves every X app of a sommelier at one
// DPI, and the per-app settings, keyed by WM_CLASS, give each X window its own scale on the
// host (sommelier sizes its surface and divides input on it). An xterm under scale 2 shows at
// twice its X size beside an xlogo at its X size (the default, 1), and a click lands on the
// same X pixel.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeSettingsFile } from '../../sommelier/src/settings/app-settings.js';
import { waitFor } from '../harness/poll.js';
import { startX11Guest, type X11Guest } from './x11-sommelier-fixture.js';

describe('per-app scale of X apps in a guest', () => {
  let g: X11Guest;
  let configDir: string;
  before(async () => {
    configDir = fs.mkdtempSync('/tmp/tartine-xscale-');
    writeSettingsFile(path.join(configDir, 'app-settings.json'), {
      default: {},
      apps: { XTerm: { scale: 2 } },
    });
    g = await startX11Guest('fd', [], { TARTINE_CONFIG_DIR: configDir });
  });
  after(async () => {
    await g?.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  /** The X size of the window titled `title` (xwininfo). */
  async function xSize(title: string): Promise<[number, number]> {
    const r = await g.run('xwininfo', ['-name', title]);
    return [Number(/Width: (\d+)/.exec(r.stdout)?.[1]), Number(/Height: (\d+)/.exec(r.stdout)?.[1])];
  }

  test('xterm (scale 2) is twice its X size on the host, xlogo (default 1) its X size', async () => {
    g.spawn('xlogo', ['-geometry', '160x120']);
    const logo = await g.exo.waitForWindow((w) => w.appId === 'penguin:XLogo' && w.width > 0, 20_000);
    const [lw, lh] = await xSize('xlogo');
    assert.deepEqual([logo.width, logo.height], [lw, lh], 'xlogo at scale 1');

    g.spawn('xterm', ['-T', 'scaled xterm', '-geometry', '30x8']);
    const win = await g.exo.waitForWindow((w) => w.appId === 'penguin:XTerm' && w.width > 0, 20_000);
    const [ew, eh] = await xSize('scaled xterm');
    assert.deepEqual(
      [win.width, win.height],
      [ew * 2, eh * 2],
      `xterm X ${ew}×${eh}, host ${win.width}×${win.height}`,
    );

    // A click 2·(40, 30) host pixels into the window puts the X pointer on its pixel (40, 30).
    await g.exo.input({ type: 'click', x: win.x + 80, y: win.y + 60 });
    const info = await g.run('xwininfo', ['-name', 'scaled xterm']);
    const left = Number(/Absolute upper-left X: +(-?\d+)/.exec(info.stdout)?.[1]);
    const top = Number(/Absolute upper-left Y: +(-?\d+)/.exec(info.stdout)?.[1]);
    const at = await waitFor('the X pointer on the xterm', async () => {
      const r = await g.run('xdotool', ['getmouselocation', '--shell']);
      const x = Number(/^X=(-?\d+)$/m.exec(r.stdout)?.[1]);
      const y = Number(/^Y=(-?\d+)$/m.exec(r.stdout)?.[1]);
      return x - left === 40 && y - top === 30 ? [x - left, y - top] : undefined;
    });
    assert.deepEqual(at, [40, 30]);
  });
});
