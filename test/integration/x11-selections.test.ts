// X selections ⇄ the Wayland clipboard and primary selection on exo: xclip on the X side,
// wl-copy / wl-paste on the Wayland side, both selections, Unicode text, and 5 MB transfers
// (larger than one X request, so they must go through INCR) both ways.
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ChildRun } from '../harness/client-process.js';
import { waitFor } from '../harness/poll.js';
import { startX11Exo, type X11Exo } from './x11-fixture.js';

const TEXT = 'Tartine ✓ 漢字かな 😀🥖 — done';
/** 5 MB: twenty times the largest X request, so only INCR can carry it. */
const BIG = crypto.randomBytes(3_750_000).toString('base64');

describe('X selections on exo', () => {
  let x: X11Exo;
  const owners: ChildRun[] = [];
  before(async () => {
    x = await startX11Exo();
  });
  // Each test starts with no owner left over from the one before.
  beforeEach(async () => {
    await Promise.all(owners.splice(0).map((o) => o.kill(500)));
  });
  after(() => x?.stop());

  const xclipSelection = (kind: 'clipboard' | 'primary') => ['-selection', kind];
  const wlFlag = (kind: 'clipboard' | 'primary') => (kind === 'primary' ? ['--primary'] : []);

  /** xclip -o, retried until it prints what we expect (the owner change travels through exo). */
  async function xclipOut(kind: 'clipboard' | 'primary', want: string, file?: string): Promise<void> {
    await waitFor(
      `xclip -o (${kind}) to print the copied text`,
      async () => {
        if (file) {
          const r = await x.run('sh', ['-c', `xclip -o ${xclipSelection(kind).join(' ')} > ${file}`], 20_000);
          return r.code === 0 && fs.readFileSync(file, 'utf8') === want;
        }
        const r = await x.run('xclip', ['-o', ...xclipSelection(kind)]);
        return r.code === 0 && r.stdout === want;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  }

  async function wlPaste(kind: 'clipboard' | 'primary', want: string, file?: string): Promise<void> {
    await waitFor(
      `wl-paste (${kind}) to print the copied text`,
      async () => {
        if (file) {
          const r = await x.run('sh', ['-c', `wl-paste -n ${wlFlag(kind).join(' ')} > ${file}`], 20_000);
          return r.code === 0 && fs.readFileSync(file, 'utf8') === want;
        }
        const r = await x.run('wl-paste', ['-n', ...wlFlag(kind)]);
        return r.code === 0 && r.stdout === want;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  }

  for (const kind of ['clipboard', 'primary'] as const) {
    test(`${kind}: xclip → wl-paste, with emoji and CJK`, async () => {
      const file = path.join(x.dir, `x-${kind}.txt`);
      fs.writeFileSync(file, TEXT);
      owners.push(x.spawn('xclip', ['-quiet', '-i', ...xclipSelection(kind), file]));
      await wlPaste(kind, TEXT);
    });

    test(`${kind}: wl-copy → xclip, with emoji and CJK`, async () => {
      owners.push(x.spawn('wl-copy', ['--foreground', ...wlFlag(kind), TEXT]));
      await xclipOut(kind, TEXT);
      const targets = await x.run('xclip', ['-o', ...xclipSelection(kind), '-t', 'TARGETS']);
      assert.match(targets.stdout, /UTF8_STRING/);
      assert.match(targets.stdout, /TIMESTAMP/);
    });
  }

  test('5 MB from X to Wayland (INCR)', async () => {
    const src = path.join(x.dir, 'big-x.txt');
    fs.writeFileSync(src, BIG);
    owners.push(x.spawn('xclip', ['-quiet', '-i', '-selection', 'clipboard', src]));
    await wlPaste('clipboard', BIG, path.join(x.dir, 'big-x.out'));
  });

  test('5 MB from Wayland to X (INCR)', async () => {
    const src = path.join(x.dir, 'big-w.txt');
    fs.writeFileSync(src, BIG);
    owners.push(x.spawn('sh', ['-c', `exec wl-copy --foreground < ${src}`]));
    await xclipOut('clipboard', BIG, path.join(x.dir, 'big-w.out'));
  });

  test('several X clients paste at once', async () => {
    // (Wayland clients cannot: exo only lets the focused client read the clipboard.)
    owners.push(x.spawn('wl-copy', ['--foreground', TEXT]));
    await xclipOut('clipboard', TEXT);
    const outs = await Promise.all([1, 2, 3, 4].map(() => x.run('xclip', ['-o', '-selection', 'clipboard'])));
    for (const o of outs) assert.equal(o.stdout, TEXT);
  });

  test('an X owner killed during a transfer leaves exo and the other clients running', async () => {
    const src = path.join(x.dir, 'big-kill.txt');
    fs.writeFileSync(src, BIG);
    const owner = x.spawn('xclip', ['-quiet', '-i', '-selection', 'clipboard', src]);
    await wlPaste('clipboard', BIG, path.join(x.dir, 'kill-warmup.out'));
    const reader = x.spawn('sh', ['-c', `wl-paste -n > ${path.join(x.dir, 'kill.out')}`]);
    await owner.kill(0);
    await reader.exited;
    // exo still serves: a new copy goes through.
    owners.push(x.spawn('wl-copy', ['--foreground', 'after the kill']));
    await xclipOut('clipboard', 'after the kill');
    assert.ok((await x.exo.windows()) !== null);
  });
});
