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
    // wl-clipboard 2.1.0 attaches its buffer right after one roundtrip: it relies on the initial
    // configure arriving within that roundtrip, which exo sends synchronously at the first commit.
    t = await startTestExo([], { keepShell: true });
  });

  after(async () => {
    try {
      await Promise.all(children.map((c) => c.kill(500)));
    } finally {
      t.stop();
    }
  });

  /** Waits for a client to exit, killing it (and failing) after `ms`. */
  const finished = async (c: ChildRun, ms = 10_000) => {
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      c.exited,
      new Promise<null>((r) => (timer = setTimeout(() => r(null), ms))),
    ]);
    clearTimeout(timer);
    if (!exit) {
      await c.kill(500);
      assert.fail(`${c.describe()} did not finish in ${ms} ms:\n${c.tail()}`);
    }
    return exit;
  };

  /** Polls `cond` every 20 ms for up to `ms`. */
  const until = async (cond: () => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  const paste = async (args: string[] = []): Promise<string> => {
    const p = run('wl-paste', ['--no-newline', ...args]);
    const exit = await finished(p);
    assert.equal(exit.code, 0, `wl-paste failed:\n${p.stderr}`);
    return p.stdout;
  };

  it('copies with wl-copy and pastes with wl-paste', async () => {
    const copy = run('wl-copy', ['--foreground', 'hello from wl-copy']);
    const sel = selectionsOf(t.exo);
    await until(() => sel.owner() === 'client' || copy.exit !== null);
    assert.equal(sel.owner(), 'client', `wl-copy did not set the selection:\n${copy.stderr}`);
    assert.ok(sel.mimeTypes().includes('text/plain;charset=utf-8'));
    assert.equal((await sel.readSelection('text/plain;charset=utf-8')).toString(), 'hello from wl-copy');
    assert.equal(await paste(), 'hello from wl-copy');
  });

  it('pastes what the host set, and wl-copy --clear empties it', async () => {
    selectionsOf(t.exo).setHostSelection({
      'text/plain;charset=utf-8': 'from the browser',
      'text/plain': 'from the browser',
    });
    assert.equal(await paste(), 'from the browser');
    const types = (await paste(['--list-types'])).split('\n').filter(Boolean);
    assert.deepEqual(types.sort(), ['text/plain', 'text/plain;charset=utf-8']);
    await finished(run('wl-copy', ['--clear']));
    assert.equal(selectionsOf(t.exo).owner(), 'none');
  });

  it('copies to and pastes from the primary selection', async () => {
    const copy = run('wl-copy', ['--foreground', '--primary', 'primary text']);
    const sel = selectionsOf(t.exo);
    await until(() => sel.owner('primary') === 'client' || copy.exit !== null);
    assert.equal(
      sel.owner('primary'),
      'client',
      `wl-copy --primary did not set the selection:\n${copy.tail()}`,
    );
    assert.equal(await paste(['--primary']), 'primary text');
  });
});
