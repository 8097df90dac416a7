// wl-copy and wl-paste (wl-clipboard 2.1.0, Debian 12) through exo with its real window
// manager: with no data-control protocol, each opens a 1×1 toplevel to get keyboard focus,
// then sets or reads the selection with the keyboard enter serial.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { selectionsOf } from '../../exo-server/src/data-device/selections.js';
import { ChildRun } from '../harness/client-process.js';
import { startTestExo, type TestExo } from './seat-fixture.js';

describe('data device: wl-copy and wl-paste', () => {
  let t: TestExo;
  const children: ChildRun[] = [];
  const run = (cmd: string, args: string[]): ChildRun => {
    const c = new ChildRun(cmd, args, t.env);
    children.push(c);
    return c;
  };

  before(async () => {
    t = await startTestExo([], { keepShell: true });
    // wl-clipboard 2.1.0 commits, round-trips, then attaches its buffer without waiting for the
    // configure, which exo's window manager sends right after that round trip. The window
    // manager's wlcs quirk accepts such a buffer as the ack; without it wl-clipboard gets a
    // protocol error (reported to the window manager work).
    (t.exo.options as { acceptBufferBeforeConfigureAck?: boolean }).acceptBufferBeforeConfigureAck = true;
  });

  after(async () => {
    for (const c of children) await c.stop();
    t.stop();
  });

  const paste = async (args: string[] = []): Promise<string> => {
    const p = run('wl-paste', ['--no-newline', ...args]);
    const exit = await Promise.race([p.exited, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    assert.ok(exit, `wl-paste did not finish:\n${p.stderr}`);
    assert.equal(exit.code, 0, `wl-paste failed:\n${p.stderr}`);
    return p.stdout;
  };

  it('copies with wl-copy and pastes with wl-paste', async (ctx) => {
    if (!t.exo.scene.shell) return ctx.skip('no window manager installed');
    const copy = run('wl-copy', ['--foreground', 'hello from wl-copy']);
    const sel = selectionsOf(t.exo);
    const deadline = Date.now() + 10_000;
    while (sel.owner() !== 'client' && Date.now() < deadline && !copy.exit)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(sel.owner(), 'client', `wl-copy did not set the selection:\n${copy.stderr}`);
    assert.ok(sel.mimeTypes().includes('text/plain;charset=utf-8'));
    assert.equal((await sel.readSelection('text/plain;charset=utf-8')).toString(), 'hello from wl-copy');
    assert.equal(await paste(), 'hello from wl-copy');
  });

  it('pastes what the host set, and wl-copy --clear empties it', async (ctx) => {
    if (!t.exo.scene.shell) return ctx.skip('no window manager installed');
    selectionsOf(t.exo).setHostSelection({ 'text/plain;charset=utf-8': 'from the browser', 'text/plain': 'from the browser' });
    assert.equal(await paste(), 'from the browser');
    const types = (await paste(['--list-types'])).split('\n').filter(Boolean);
    assert.deepEqual(types.sort(), ['text/plain', 'text/plain;charset=utf-8']);
    const clear = run('wl-copy', ['--clear']);
    await clear.exited;
    assert.equal(selectionsOf(t.exo).owner(), 'none');
  });

  it('copies to and pastes from the primary selection', async (ctx) => {
    if (!t.exo.scene.shell) return ctx.skip('no window manager installed');
    run('wl-copy', ['--foreground', '--primary', 'primary text']);
    const sel = selectionsOf(t.exo);
    const deadline = Date.now() + 10_000;
    while (sel.owner('primary') !== 'client' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await paste(['--primary']), 'primary text');
  });
});
