// X apps launched at a scale draw at it: `tartine sommelier -X --scale S -- APP` runs APP on an
// Xwayland at 96·S DPI (Xft.dpi too) whose windows are shown 1:1 on the host, so an xterm with
// a TrueType font at scale 2 is twice the size of the same at scale 1 and sharp, where the
// enlargement of a 96 DPI window would only blur it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ChildRun } from '../harness/client-process.js';
import { REPO_ROOT, startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import type { RgbaImage } from '../harness/png.js';
import { writeSettingsFile } from '../../sommelier/src/settings/app-settings.js';
import { waitFor } from '../harness/poll.js';
import { envIn, TARTINE } from './sommelier-fixture.js';

const TEXT = 'Sharp glyphs: @#&WMgq 0123456789';

describe('X apps launched at a scale draw at its DPI', () => {
  let exo: ExoProcess;
  let dir: string;
  const runs: ChildRun[] = [];
  /** The scale-1 xterm of the first test: its width and fine detail once upscaled 2×. */
  let scaleOne: { width: number; detail: number } | undefined;
  before(async () => {
    exo = await startExoProcess();
    dir = fs.mkdtempSync(path.join(exo.runtimeDir, 'dpi-'));
  });
  after(async () => {
    await Promise.all(runs.map((r) => r.kill(500)));
    await exo?.stop();
  });

  /** `tartine sommelier -X --scale S -- sh -c '…; exec xterm'`: the shell notes DISPLAY and xrdb. */
  function launch(scale: number, title: string, env: NodeJS.ProcessEnv = {}): ChildRun {
    const xterm = `exec xterm -T '${title}' -fa Monospace -fs 12 -geometry 36x2 -hold -e printf '${TEXT}'`;
    const script = `echo "$DISPLAY" > ${dir}/${title}.display; xrdb -query > ${dir}/${title}.xrdb; ${xterm}`;
    const r = new ChildRun(
      process.execPath,
      [
        TARTINE,
        'sommelier',
        '--host',
        `wayland:${exo.wayland}`,
        '-X',
        '--scale',
        String(scale),
        '--',
        'sh',
        '-c',
        script,
      ],
      envIn(exo.runtimeDir, env),
      REPO_ROOT,
    );
    runs.push(r);
    return r;
  }

  /** A window's screenshot once its text is drawn (two equal shots in a row). */
  async function shot(id: number): Promise<RgbaImage> {
    let last = -1;
    return waitFor(
      'the text drawn',
      async () => {
        const img = await exo.windowScreenshot(id);
        const d = detail(img);
        const same = d === last;
        last = d;
        return same ? img : undefined;
      },
      { intervalMs: 200 },
    );
  }

  test('an xterm at scale 2 is twice the size of one at 1, sharp, with Xft.dpi 192', async () => {
    // Today's way for comparison: scale 2 learned from WM_CLASS once mapped, 96 DPI enlarged.
    writeSettingsFile(path.join(dir, 'app-settings.json'), { default: {}, apps: { XTerm: { scale: 2 } } });
    launch(1, 'dpi-one');
    launch(2, 'dpi-two');
    launch(1, 'dpi-blur', { TARTINE_CONFIG_DIR: dir });
    const one = await exo.waitForWindow((w) => w.title === 'dpi-one' && w.width > 0, 20_000);
    const two = await exo.waitForWindow((w) => w.title === 'dpi-two' && w.width > 0, 20_000);
    // Its scale comes from WM_CLASS, which a loaded machine may read after the first frame: the
    // window ends at twice the size.
    const blur = await exo
      .waitForWindow((w) => w.title === 'dpi-blur' && w.width === one.width * 2, 20_000)
      .catch(async (e: Error) => {
        const now = (await exo.windows()).find((w) => w.title === 'dpi-blur');
        throw new Error(`${e.message}; it is ${now?.width}×${now?.height}, the 96 DPI one ${one.width}`);
      });

    const xrdb = (t: string): string => fs.readFileSync(path.join(dir, `${t}.xrdb`), 'utf8');
    assert.match(xrdb('dpi-two'), /^Xft\.dpi:\s*192$/m);
    assert.match(xrdb('dpi-one'), /^Xft\.dpi:\s*96$/m);
    const display = (t: string): string => fs.readFileSync(path.join(dir, `${t}.display`), 'utf8').trim();
    assert.notEqual(display('dpi-two'), display('dpi-one'));

    // About twice the size: the font is 32 px instead of 16 (cells round a little differently).
    const rw = two.width / one.width;
    const rh = two.height / one.height;
    assert.ok(
      rw > 1.8 && rw < 2.2 && rh > 1.8 && rh < 2.2,
      `1: ${one.width}×${one.height}, 2: ${two.width}×${two.height}`,
    );

    assert.equal(blur.height, one.height * 2, 'the enlarged one is twice the 96 DPI one');

    // Sharp: the scale-2 xterm has more fine detail than the scale-1 one enlarged 2× (bilinear),
    // and than the one sommelier enlarged.
    const s1 = await shot(one.id);
    const s2 = await shot(two.id);
    const sb = await shot(blur.id);
    const native = detail(s2);
    const upscaled = detail(upscale2(s1));
    const enlarged = detail(sb);
    console.log(
      `fine detail per pixel: scale 2 ${native.toFixed(1)}, scale 1 upscaled 2× ${upscaled.toFixed(1)}, ` +
        `enlarged by sommelier ${enlarged.toFixed(1)} (scale 1 itself ${detail(s1).toFixed(1)})`,
    );
    assert.ok(native > 1.5 * upscaled, `scale 2: ${native}, scale 1 upscaled: ${upscaled}`);
    assert.ok(native > 1.5 * enlarged, `scale 2: ${native}, enlarged by sommelier: ${enlarged}`);
    scaleOne = { width: one.width, detail: detail(upscale2(s1)) };
  });

  test('the clipboard reaches X apps on a scaled display, both ways', async () => {
    const display = fs.readFileSync(path.join(dir, 'dpi-two.display'), 'utf8').trim();
    const win = await exo.waitForWindow((w) => w.title === 'dpi-two', 20_000);
    const focus = async (): Promise<void> => {
      await exo.input({ type: 'click', x: win.x + 10, y: win.y + 10 });
      await waitFor('the scaled xterm focused', async () =>
        (await exo.windows()).find((w) => w.id === win.id && w.focused),
      );
    };
    const xclip = (args: string[]): ChildRun => {
      const c = new ChildRun('xclip', args, envIn(exo.runtimeDir, { DISPLAY: display }));
      runs.push(c);
      return c;
    };
    const put = await exo.request('PUT', '/api/clipboard', Buffer.from('from the host'), {
      headers: { 'Content-Type': 'text/plain;charset=utf-8' },
    });
    assert.equal(put.status, 200);
    await waitFor(
      'xclip -o on the scaled display to print the host clipboard',
      async () => {
        await focus();
        const c = xclip(['-o', '-selection', 'clipboard']);
        const exit = await c.exited;
        return exit.code === 0 && c.stdout === 'from the host';
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    const file = path.join(dir, 'from-x.txt');
    fs.writeFileSync(file, 'from scaled X');
    let owner: ChildRun | undefined;
    await waitFor(
      'the host clipboard to hold what xclip copied',
      async () => {
        if (!owner?.running) {
          await focus();
          owner = xclip(['-quiet', '-i', '-selection', 'clipboard', file]);
        }
        const r = await exo.request('GET', '/api/clipboard');
        return r.status === 200 && (r.json as { text?: string }).text === 'from scaled X';
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  });

  test('a scaled display outlives a crash of its Xwayland', async () => {
    const file = path.join(dir, 'crash.display');
    const r = new ChildRun(
      process.execPath,
      [
        TARTINE,
        'sommelier',
        '--host',
        `wayland:${exo.wayland}`,
        '-X',
        '--scale',
        '1.5',
        '--',
        'sh',
        '-c',
        `echo "$DISPLAY" > ${file}; exec sleep 1000`,
      ],
      envIn(exo.runtimeDir),
      REPO_ROOT,
    );
    runs.push(r);
    const display = await waitFor(
      'the launched shell',
      () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim(),
    );
    const xrdb = async (): Promise<string> => {
      const c = new ChildRun('xrdb', ['-query'], envIn(exo.runtimeDir, { DISPLAY: display }));
      runs.push(c);
      await c.exited;
      return c.stdout;
    };
    assert.match(await xrdb(), /^Xft\.dpi:\s*144$/m);
    // A virtual screen to match: the host's output 1:1 in pixels, its millimetres at 144 DPI.
    const info = new ChildRun('xdpyinfo', [], envIn(exo.runtimeDir, { DISPLAY: display }));
    runs.push(info);
    await info.exited;
    assert.match(info.stdout, /resolution:\s+144x144 dots per inch/);
    console.log(`scale 1.5 screen: ${/dimensions:\s+(.*)/.exec(info.stdout)?.[1]}`);
    const xwayland = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .find((pid) => {
        try {
          const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          return cmd[0]?.endsWith('Xwayland') && cmd[1] === display;
        } catch {
          return false;
        }
      });
    assert.ok(xwayland, `an Xwayland on ${display}`);
    process.kill(Number(xwayland), 'SIGKILL');
    // The next X client starts a new one, at the same DPI.
    const again = await waitFor(
      'a new Xwayland',
      async () => {
        const out = await xrdb();
        return /Xft\.dpi/.test(out) && out;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    assert.match(again, /^Xft\.dpi:\s*144$/m);
  });

  test('the per-app settings of the launched executable choose its DPI too', async () => {
    assert.ok(scaleOne, 'needs the first test');
    const config = fs.mkdtempSync(path.join(dir, 'config-'));
    writeSettingsFile(path.join(config, 'app-settings.json'), { default: {}, apps: { xterm: { scale: 2 } } });
    const xterm = [
      'xterm',
      '-T',
      'dpi-settings',
      '-fa',
      'Monospace',
      '-fs',
      '12',
      '-geometry',
      '36x2',
      '-hold',
    ];
    const r = new ChildRun(
      process.execPath,
      [TARTINE, 'sommelier', '--host', `wayland:${exo.wayland}`, '-X', '--', ...xterm, '-e', 'printf', TEXT],
      envIn(exo.runtimeDir, { TARTINE_CONFIG_DIR: config }),
      REPO_ROOT,
    );
    runs.push(r);
    const win = await exo.waitForWindow((w) => w.title === 'dpi-settings' && w.width > 0, 20_000);
    const ratio = win.width / scaleOne.width;
    assert.ok(ratio > 1.8 && ratio < 2.2, `${win.width} beside ${scaleOne.width} at scale 1`);
    const native = detail(await shot(win.id));
    assert.ok(
      native > 1.5 * scaleOne.detail,
      `settings' scale 2: ${native}, scale 1 upscaled: ${scaleOne.detail}`,
    );
  });
});

function luma(img: RgbaImage, x: number, y: number): number {
  const i = (y * img.width + x) * 4;
  return 0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!;
}

/**
 * Fine detail per pixel: the mean squared difference between horizontally adjacent pixels.
 * Squared, so an edge drawn in one step counts more than the same edge spread over two (as an
 * enlargement spreads it).
 */
function detail(img: RgbaImage): number {
  let sum = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x + 1 < img.width; x++) sum += (luma(img, x + 1, y) - luma(img, x, y)) ** 2;
  return sum / (img.width * img.height);
}

/** `img` at twice its size, bilinear (pixel centres), as a compositor enlarges a surface. */
function upscale2(img: RgbaImage): RgbaImage {
  const w = img.width * 2;
  const h = img.height * 2;
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(Math.max((y + 0.5) / 2 - 0.5, 0), img.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(Math.max((x + 0.5) / 2 - 0.5, 0), img.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const fx = sx - x0;
      for (let c = 0; c < 4; c++) {
        const p = (xx: number, yy: number): number => img.data[(yy * img.width + xx) * 4 + c]!;
        const top = p(x0, y0) * (1 - fx) + p(x1, y0) * fx;
        const bottom = p(x0, y1) * (1 - fx) + p(x1, y1) * fx;
        data[(y * w + x) * 4 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width: w, height: h, data };
}
