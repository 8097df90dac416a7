// The host clipboard with guest clients behind sommelier (the fd link): wl-copy → GET and
// PUT → wl-paste, with sommelier serving a socket and with sommelier running one command
// (`tartine sommelier --host wayland:EXO -- wl-copy ...`), for the clipboard and the primary
// selection, and a 16 MiB payload both ways.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { copy, guestClipboard, killAll, paste, Proc, putClipboard } from './clipboard-fixture.js';
import { envIn, startSommelierProcess, TARTINE, type SommelierRun } from './sommelier-fixture.js';

const TEXT = 'through sommelier: Zoë 😀 日本語 e\u0301 한국어';

describe('clipboard API with clients behind sommelier', () => {
  let exo: ExoProcess;
  let som: SommelierRun;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    exo = await startExoProcess();
    som = await startSommelierProcess(exo.runtimeDir, exo.wayland);
    env = envIn(exo.runtimeDir, { WAYLAND_DISPLAY: som.socket });
  });

  after(async () => {
    await killAll();
    await som?.stop();
    await exo?.stop();
  });

  it('wl-copy in the guest → GET /api/clipboard', async () => {
    copy(env, [], Buffer.from(TEXT));
    const j = await guestClipboard(exo, '', (x) => x.text === TEXT);
    assert.deepEqual(j.mimeTypes, ['text/plain;charset=utf-8']);
  });

  it('PUT /api/clipboard → wl-paste in the guest, as UTF-8 and UTF-16', async () => {
    assert.equal((await putClipboard(exo, 'text/plain;charset=utf-8', Buffer.from(TEXT))).status, 200);
    assert.equal((await paste(env)).toString(), TEXT);
    assert.deepEqual(await paste(env, ['-t', 'text/plain;charset=utf-16']), Buffer.from(TEXT, 'utf16le'));
  });

  it('primary selection both ways', async () => {
    copy(env, ['--primary'], Buffer.from('primary ' + TEXT));
    await guestClipboard(exo, '?selection=primary', (x) => x.text === 'primary ' + TEXT);
    await putClipboard(exo, 'text/plain', Buffer.from('host primary'), '?selection=primary');
    assert.equal((await paste(env, ['--primary'])).toString(), 'host primary');
  });

  it('16 MiB both ways, intact', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = 0x20 + (i % 90);
    const digest = createHash('sha256').update(big).digest('hex');
    assert.equal((await putClipboard(exo, 'text/plain;charset=utf-8', big)).status, 200);
    const p = new Proc('wl-paste', ['--no-newline'], env, null, false);
    assert.equal(await p.finish(30_000), 0, p.stderr);
    assert.equal(p.sha256, digest);
    copy(env, ['-t', 'text/plain;charset=utf-8'], big);
    await guestClipboard(exo, '?text=0', (x) => x.sizes['text/plain;charset=utf-8'] === big.length);
    const back = (await exo.ok('GET', '/api/clipboard?mime=text/plain;charset=utf-8')).body;
    assert.equal(createHash('sha256').update(back).digest('hex'), digest);
  });

  it('sommelier running one command: -- wl-copy, then -- wl-paste', async () => {
    const run = (args: string[]): Proc =>
      new Proc(
        process.execPath,
        [TARTINE, 'sommelier', '--host', `wayland:${exo.wayland}`, '--', ...args],
        envIn(exo.runtimeDir),
        null,
      );
    run(['wl-copy', '--foreground', 'one command ' + TEXT]);
    await guestClipboard(exo, '?text=0', (x) => x.sizes['text/plain;charset=utf-8'] !== 16 * 1024 * 1024);
    assert.equal((await guestClipboard(exo)).text, 'one command ' + TEXT);
    await putClipboard(exo, 'text/plain;charset=utf-8', Buffer.from('to one command ' + TEXT));
    const p = run(['wl-paste', '--no-newline']);
    assert.equal(await p.finish(), 0, p.stderr);
    assert.equal(p.stdout.toString(), 'to one command ' + TEXT);
  });
});
