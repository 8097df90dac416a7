// X selections in a guest (`tartine sommelier -X`), over the fd link and the stream link:
// xclip ⇄ wl-copy/wl-paste of the same guest and ⇄ the host clipboard (exo's control API), for
// CLIPBOARD and PRIMARY, Unicode text, 5 MB through INCR both ways, and an X owner killed in
// the middle of a transfer. The host offers its selection only to the focused client, so an X
// window (xlogo) is clicked before X reads what Wayland copied, as a user would.
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ChildRun } from '../harness/client-process.js';
import { waitFor } from '../harness/poll.js';
import { focusWindow, startX11Guest, type HostLink, type X11Guest } from './x11-sommelier-fixture.js';

const TEXT = 'Guest ✓ 漢字かな 😀🥖 — done';
/** 5 MB: twenty times the largest X request, so only INCR can carry it. */
const BIG = crypto.randomBytes(3_750_000).toString('base64');
const FOCUS = 'x-focus-target';

type Kind = 'clipboard' | 'primary';
const xsel = (kind: Kind) => ['-selection', kind];
const wlFlag = (kind: Kind) => (kind === 'primary' ? ['--primary'] : []);
const apiQuery = (kind: Kind) => (kind === 'primary' ? '?selection=primary' : '');

for (const link of ['fd', 'stream'] as HostLink[]) {
  describe(`X selections in a guest (${link} link)`, () => {
    let g: X11Guest;
    const owners: ChildRun[] = [];
    before(async () => {
      g = await startX11Guest(link);
      g.spawn('xlogo', ['-title', FOCUS, '-geometry', '120x80']);
      await g.exo.waitForWindow((w) => w.title === FOCUS, 20_000);
    });
    beforeEach(async () => {
      await Promise.all(owners.splice(0).map((o) => o.kill(500)));
    });
    after(() => g?.stop());

    /** Clicks the X window, then retries xclip -o until it prints `want`. */
    async function xclipOut(kind: Kind, want: string, file?: string): Promise<void> {
      await waitFor(
        `xclip -o (${kind}) to print the copied text`,
        async () => {
          await focusWindow(g, FOCUS);
          if (file) {
            const r = await g.run('sh', ['-c', `xclip -o ${xsel(kind).join(' ')} > ${file}`], 20_000);
            return r.code === 0 && fs.readFileSync(file, 'utf8') === want;
          }
          const r = await g.run('xclip', ['-o', ...xsel(kind)]);
          return r.code === 0 && r.stdout === want;
        },
        { timeoutMs: 30_000, intervalMs: 300 },
      );
    }

    async function wlPaste(kind: Kind, want: string, file?: string): Promise<void> {
      await waitFor(
        `wl-paste (${kind}) to print the copied text`,
        async () => {
          if (file) {
            const r = await g.run('sh', ['-c', `wl-paste -n ${wlFlag(kind).join(' ')} > ${file}`], 20_000);
            return r.code === 0 && fs.readFileSync(file, 'utf8') === want;
          }
          const r = await g.run('wl-paste', ['-n', ...wlFlag(kind)]);
          return r.code === 0 && r.stdout === want;
        },
        { timeoutMs: 30_000, intervalMs: 300 },
      );
    }

    /**
     * xclip -i after a click on an X window (an X app copies on user input), until the host
     * holds its data. The click also offers the host's selection to X, and our window taking
     * X ownership for it may land just after xclip's: then xclip lost the selection and quit,
     * and a user would copy again.
     */
    async function xclipIn(kind: Kind, file: string): Promise<void> {
      const size = fs.statSync(file).size;
      await waitFor(
        `the host ${kind} to hold what xclip copied`,
        async () => {
          const last = owners[owners.length - 1];
          if (!last?.running || last.command !== 'xclip') {
            await focusWindow(g, FOCUS);
            owners.push(g.spawn('xclip', ['-quiet', '-i', ...xsel(kind), file]));
          }
          const r = await g.exo.request(
            'GET',
            `/api/clipboard${apiQuery(kind)}${kind === 'primary' ? '&' : '?'}text=0`,
          );
          const sizes = (r.json as { sizes?: Record<string, number> } | undefined)?.sizes ?? {};
          return Object.values(sizes).includes(size);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    }

    async function hostText(kind: Kind, want: string): Promise<void> {
      await waitFor(`the host ${kind} to hold the X text`, async () => {
        const r = await g.exo.request('GET', `/api/clipboard${apiQuery(kind)}`);
        return r.status === 200 && (r.json as { text?: string }).text === want;
      });
    }

    for (const kind of ['clipboard', 'primary'] as const) {
      test(`${kind}: xclip → wl-paste in the guest and the host clipboard`, async () => {
        const file = path.join(g.dir, `x-${kind}.txt`);
        fs.writeFileSync(file, `${TEXT} ${kind}`);
        await xclipIn(kind, file);
        await wlPaste(kind, `${TEXT} ${kind}`);
        await hostText(kind, `${TEXT} ${kind}`);
      });

      test(`${kind}: wl-copy in the guest → xclip`, async () => {
        owners.push(g.spawn('wl-copy', ['--foreground', ...wlFlag(kind), `wl ${TEXT}`]));
        await hostText(kind, `wl ${TEXT}`);
        await xclipOut(kind, `wl ${TEXT}`);
        const targets = await g.run('xclip', ['-o', ...xsel(kind), '-t', 'TARGETS']);
        assert.match(targets.stdout, /UTF8_STRING/);
      });

      test(`${kind}: the host clipboard (PUT /api/clipboard) → xclip`, async () => {
        const body = Buffer.from(`host ${TEXT}`);
        const r = await g.exo.request('PUT', `/api/clipboard${apiQuery(kind)}`, body, {
          headers: { 'Content-Type': 'text/plain;charset=utf-8' },
        });
        assert.equal(r.status, 200);
        await xclipOut(kind, `host ${TEXT}`);
      });
    }

    test('5 MB from X to Wayland (INCR)', async () => {
      const src = path.join(g.dir, 'big-x.txt');
      fs.writeFileSync(src, BIG);
      await xclipIn('clipboard', src);
      await wlPaste('clipboard', BIG, path.join(g.dir, 'big-x.out'));
    });

    test('5 MB from Wayland to X (INCR)', async () => {
      const src = path.join(g.dir, 'big-w.txt');
      fs.writeFileSync(src, BIG);
      owners.push(g.spawn('sh', ['-c', `exec wl-copy --foreground < ${src}`]));
      await waitFor('the host to hold the 5 MB', async () => {
        const r = await g.exo.request('GET', '/api/clipboard?text=0');
        return (
          (r.json as { sizes?: Record<string, number> })?.sizes?.['text/plain;charset=utf-8'] === BIG.length
        );
      });
      await xclipOut('clipboard', BIG, path.join(g.dir, 'big-w.out'));
    });

    test('an X owner killed during a transfer leaves sommelier, exo and the guest running', async () => {
      const src = path.join(g.dir, 'big-kill.txt');
      fs.writeFileSync(src, BIG);
      await xclipIn('clipboard', src);
      await wlPaste('clipboard', BIG, path.join(g.dir, 'kill-warmup.out'));
      const owner = owners[owners.length - 1]!;
      const reader = g.spawn('sh', ['-c', `wl-paste -n > ${path.join(g.dir, 'kill.out')}`]);
      await owner.kill(0);
      await reader.exited;
      assert.ok(g.som.running, 'sommelier still runs');
      // Copying still works both ways, and the X window is still on the desktop.
      owners.push(g.spawn('wl-copy', ['--foreground', 'after the kill']));
      await xclipOut('clipboard', 'after the kill');
      const file = path.join(g.dir, 'after.txt');
      fs.writeFileSync(file, 'x after the kill');
      await xclipIn('clipboard', file);
      await wlPaste('clipboard', 'x after the kill');
      assert.ok((await g.exo.windows()).some((w) => w.title === FOCUS));
    });

    test('Xwayland killed during a transfer: sommelier runs on and a new Xwayland bridges again', async () => {
      const src = path.join(g.dir, 'big-xkill.txt');
      fs.writeFileSync(src, BIG);
      await xclipIn('clipboard', src);
      const reader = g.spawn('sh', ['-c', `wl-paste -n > ${path.join(g.dir, 'xkill.out')}`]);
      const pid = g.xwaylandPid();
      assert.ok(pid, 'Xwayland runs');
      process.kill(pid, 'SIGKILL');
      await reader.exited;
      await Promise.all(owners.splice(0).map((o) => o.kill(500)));
      assert.ok(g.som.running, 'sommelier still runs');
      // The next X client starts a new Xwayland, whose selections reach the host again.
      g.spawn('xlogo', ['-title', FOCUS, '-geometry', '120x80']);
      await waitFor('a new Xwayland', () => {
        const p = g.xwaylandPid();
        return p !== null && p !== pid;
      });
      const file = path.join(g.dir, 'after-xkill.txt');
      fs.writeFileSync(file, 'x after Xwayland died');
      await xclipIn('clipboard', file);
      await wlPaste('clipboard', 'x after Xwayland died');
      owners.push(g.spawn('wl-copy', ['--foreground', 'w after Xwayland died']));
      await xclipOut('clipboard', 'w after Xwayland died');
    });
  });
}
