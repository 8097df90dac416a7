import { test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import type { RgbaImage } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';

/**
 * weston-dnd, Weston's drag-and-drop demo, between two of its windows: a flower pressed in one
 * and dropped on an empty spot of the other appears there (the data travels as weston-dnd's own
 * MIME type, from one client's pipe to the other's).
 *
 * Its layout (weston 10): a frame with a 6 px border and a 26 px title bar around a 4×4 grid of
 * 64 px cells with 16 px gaps; cells whose index i has (i ^ (i >> 2)) & 1 hold a flower.
 */
const TITLE = 'Wayland Drag and Drop Demo';
const CHILD = { x: 6, y: 26 };
/** The middle of cell 1 (row 0, column 1), which holds a flower. */
const FLOWER = { x: CHILD.x + 16 + 80 + 32, y: CHILD.y + 16 + 32 };
/** The middle of the grid: where four gaps cross, never on a flower. */
const EMPTY = { x: CHILD.x + 168, y: CHILD.y + 168 };

/** Mean difference per channel over a 15×15 square of two desktop screenshots around (x, y). */
function change(a: RgbaImage, b: RgbaImage, x: number, y: number): number {
  let sum = 0;
  let n = 0;
  for (let yy = y - 7; yy <= y + 7; yy++)
    for (let xx = x - 7; xx <= x + 7; xx++) {
      const i = (yy * a.width + xx) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
      n += 3;
    }
  return sum / n;
}

async function windowOf(exo: ExoProcess, notId: number): Promise<WindowInfo> {
  return exo.waitForWindow((w) => w.title === TITLE && w.id !== notId && w.width > 0, 20_000);
}

test('weston-dnd: a flower dragged from one window lands in the other', async (t) => {
  const exo = await startExoProcess({});
  t.after(() => exo.stop());
  exo.spawnClient('weston-dnd');
  const a = await windowOf(exo, -1);
  exo.spawnClient('weston-dnd');
  let b = await windowOf(exo, a.id);
  b = await exo.act(b.id, { action: 'move', x: a.x + a.width + 40, y: a.y });

  const from = { x: a.x + FLOWER.x, y: a.y + FLOWER.y };
  const to = { x: b.x + EMPTY.x, y: b.y + EMPTY.y };
  const before = await exo.screenshot();

  await exo.input([
    { type: 'pointer', ...from },
    { type: 'button', button: 'left', state: 'press' },
  ]);
  const steps = 12;
  for (let i = 1; i <= steps; i++)
    await exo.input({
      type: 'pointer',
      x: Math.round(from.x + ((to.x - from.x) * i) / steps),
      y: Math.round(from.y + ((to.y - from.y) * i) / steps),
    });
  await new Promise((r) => setTimeout(r, 150)); // the target's accept travels back first
  await exo.input({ type: 'button', button: 'left', state: 'release' });

  let last = 0;
  await waitFor(
    'a flower where it was dropped',
    async () => (last = change(before, await exo.screenshot(), to.x, to.y)) > 30,
    { timeoutMs: 10_000, intervalMs: 100 },
  ).catch((e: Error) => {
    throw new Error(
      `${e.message}: the drop spot changed by ${last.toFixed(1)} per channel\n${exo.clientReport()}`,
    );
  });
});
