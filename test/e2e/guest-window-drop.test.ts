// Files dropped on a guest's window in the page go into that guest's drop share and reach the
// app as guest paths (file:///mnt/shared/...), as Crostini does; a window whose guest exo cannot
// tell gets a clear refusal in the page and nothing is written. (Drops on apps straight on exo:
// clipboard-bridge.test.ts.)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import type { GuestFixture } from '../integration/guest-fixture.js';
import { openGuestDesktop } from './guest-desktop-page.js';
import { waitForWindowDrawn, type DesktopPage } from './browser-fixture.js';

const BYTES = Array.from({ length: 5000 }, (_, i) => (i * 13 + 5) & 0xff);

describe('files dropped on guest windows', () => {
  let exo: ExoProcess;
  let g: GuestFixture;
  let desk: DesktopPage;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    const gd = await openGuestDesktop();
    ({ exo, g, desk } = gd);
    close = gd.close;
  });
  after(() => close?.());

  /** Drops a file with BYTES on the middle of window `win` through the page's DataTransfer. */
  async function dropOn(win: { x: number; y: number; width: number; height: number }, name: string) {
    const x = win.x + win.width / 2;
    const y = win.y + win.height / 2;
    const dt = await desk.page.evaluateHandle(
      ([b, n]) => {
        const d = new DataTransfer();
        d.items.add(
          new File([new Uint8Array(b as number[])], n as string, { type: 'application/octet-stream' }),
        );
        return d;
      },
      [BYTES, name] as const,
    );
    await desk.page.dispatchEvent('#desktop', 'dragover', { dataTransfer: dt, clientX: x, clientY: y });
    await desk.page.dispatchEvent('#desktop', 'drop', { dataTransfer: dt, clientX: x, clientY: y });
  }

  async function focus(id: number): Promise<{ x: number; y: number; width: number; height: number }> {
    await waitForWindowDrawn(desk.page, id);
    const now = (await exo.windows()).find((w) => w.id === id)!;
    await desk.page.mouse.click(now.x + now.width / 2, now.y + now.height / 2);
    await exo.waitForWindow((w) => w.id === id && w.focused, 10_000, 'the window to have keyboard focus');
    return now;
  }

  test("a file dropped on foot in the guest lands in the guest's shared folder and foot gets its guest path", async (t) => {
    // foot in the guest (through its sommelier), reading the line the drop types.
    const out = '/tmp/dropped-line';
    const foot = g.run(
      'vsh',
      'penguin',
      '--',
      'foot',
      '-T',
      'guest-drop',
      'sh',
      '-c',
      `read -r line; printf '%s\\n' "$line" > ${out}`,
    );
    const win = await exo.waitForWindow((w) => w.title === 'guest-drop', 30_000, 'foot in the guest');
    assert.equal(win.appId.split(':')[0], 'penguin');

    const at = await focus(win.id);

    const answered = desk.page.waitForResponse((r) => r.url().includes('/api/drop?'), { timeout: 20_000 });
    const start = performance.now();
    await dropOn(at, 'from the host.bin');
    const answer = await answered;
    t.diagnostic(
      `drop to answer (upload into the guest's share, drop, foot's read): ${Math.round(performance.now() - start)} ms`,
    );
    assert.equal(answer.status(), 200);
    await desk.page.keyboard.press('Enter');
    const line = await waitFor(
      `foot in the guest to write the typed line to ${out}`,
      async () => (await g.sh('penguin', `cat ${out} 2>/dev/null || true`)).trim(),
      { timeoutMs: 15_000, intervalMs: 300 },
    );
    assert.equal((await foot).code, 0, 'foot in the guest exits once its shell has the line');
    // foot types the path quoted when it holds a space.
    const typed = line.replace(/^'(.*)'$/, '$1');
    assert.equal(typed, '/mnt/shared/dropped-files/from the host.bin', `foot typed ${line}`);
    // The path foot got exists in the guest and holds the dropped bytes.
    const inGuest = Buffer.from((await g.sh('penguin', `base64 -w0 '${typed}'`)).trim(), 'base64');
    assert.deepEqual([...inGuest], BYTES);
    // On the host it is in the guest's own drop folder, and nowhere in exo's.
    const hostFile = path.join(g.guestDir('penguin'), 'dropped-files', 'from the host.bin');
    assert.deepEqual([...fs.readFileSync(hostFile)], BYTES);
    assert.equal(fs.existsSync(path.join(exo.runtimeDir, 'tartine', 'drops')), false);
    assert.deepEqual(desk.errors, []);
  });

  test('a window whose guest exo cannot tell gets a clear error in the page, and nothing is written', async () => {
    // foot in a pid namespace of its own: in a container, but in no running guest.
    exo.spawnClient('unshare', [
      '--pid',
      '--fork',
      '--kill-child',
      '--mount-proc',
      'foot',
      '-T',
      'stray',
      'cat',
    ]);
    const win = await exo.waitForWindow((w) => w.title === 'stray', 30_000, 'foot in its own pid namespace');
    const at = await focus(win.id);
    const refused = desk.page.waitForResponse((r) => r.url().includes('/api/drop/file?'), {
      timeout: 20_000,
    });
    await dropOn(at, 'stray.bin');
    const answer = await refused;
    assert.equal(answer.status(), 409);
    const toast = desk.page.locator('#toast');
    await toast.waitFor({ state: 'visible', timeout: 5000 });
    assert.match((await toast.textContent()) ?? '', /does not know which running guest it belongs to/);
    assert.equal(fs.existsSync(path.join(g.guestDir('penguin'), 'dropped-files', 'stray.bin')), false);
    const hostDrops = path.join(exo.runtimeDir, 'tartine', 'drops');
    const written = fs.existsSync(hostDrops) ? fs.readdirSync(hostDrops, { recursive: true }) : [];
    assert.ok(!written.some((f) => String(f).endsWith('stray.bin')), `written: ${written.join(', ')}`);
    // The browser logs the refused upload (409); that one was expected.
    const logged = desk.errors.filter((e) => !/status of 409/.test(e));
    assert.deepEqual(logged, []);
  });
});
