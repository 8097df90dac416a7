// The window routes: list, one window, its screenshot, and actions, with a window of our own
// client (so its exact pixels and size are known).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { XdgToplevelState } from '../../protos/gen/spec/xdg-shell.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { countPixelsNot, pixelAt } from '../harness/png.js';
import { waitFor } from '../harness/poll.js';
import { TestClient, type Toplevel } from '../harness/wayland-test-client.js';

describe('window routes', () => {
  let exo: ExoProcess;
  let c: TestClient;
  let top: Toplevel;
  let win: WindowInfo;

  before(async () => {
    exo = await startExoProcess();
    c = await TestClient.connect(exo.wayland);
    top = await c.toplevel({
      title: 'api window',
      appId: 'tartine.test.api',
      width: 120,
      height: 90,
      argb: 0xff3366cc,
    });
    win = await exo.waitForWindow((w) => w.appId === 'tartine.test.api');
  });
  after(async () => {
    c?.close();
    await exo?.stop();
  });

  const current = async (): Promise<WindowInfo | undefined> =>
    (await exo.windows()).find((w) => w.id === win.id);

  test('GET /api/windows lists the window with title, app id, size and our pid', () => {
    assert.equal(win.title, 'api window');
    assert.deepEqual([win.width, win.height], [120, 90]);
    if (win.pid !== null) assert.equal(win.pid, process.pid);
  });

  test('GET /api/windows/<id> answers that window', async () => {
    const r = await exo.request('GET', `/api/windows/${win.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.id, win.id);
    assert.equal(r.json.appId, 'tartine.test.api');
  });

  test('the window screenshot is its buffer, pixel for pixel', async () => {
    const shot = await exo.windowScreenshot(win.id);
    assert.deepEqual([shot.width, shot.height], [120, 90]);
    assert.deepEqual(pixelAt(shot, 0, 0), [0x33, 0x66, 0xcc, 0xff]);
    assert.equal(countPixelsNot(shot, [0x33, 0x66, 0xcc, 0xff]), 0);
  });

  test('the desktop screenshot shows the window where the API says it is', async () => {
    const w = (await current())!;
    const shot = await exo.screenshot();
    assert.deepEqual(pixelAt(shot, w.x + 5, w.y + 5), [0x33, 0x66, 0xcc, 0xff]);
  });

  test('an unknown window id is a 404 that lists the ids', async () => {
    for (const id of ['999999', 'abc']) {
      const r = await exo.request('GET', `/api/windows/${id}`);
      assert.equal(r.status, 404, id);
      assert.match(r.json.error, new RegExp(`no window ${id}.*ids now: .*${win.id}`));
    }
    const shot = await exo.request('GET', '/api/windows/999999/screenshot.png');
    assert.equal(shot.status, 404);
    const act = await exo.request('POST', '/api/windows/999999', { action: 'activate' });
    assert.equal(act.status, 404);
  });

  test('bad actions are 400s naming the valid ones', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ action: 'explode' }, /unknown window action "explode"; valid actions: activate, close, maximize/],
      [{ action: 'move', x: 1 }, /'y' of "move" must be an integer/],
      [{ action: 'move', x: 1.5, y: 1 }, /'x' of "move" must be an integer/],
      [{ action: 'resize', width: 0, height: 10 }, /'width' of "resize" must be an integer from 1/],
      [{ action: 'activate', x: 1 }, /"activate" takes no field besides 'action'/],
      [[{ action: 'activate' }], /send one JSON object/],
    ];
    for (const [body, message] of cases) {
      const r = await exo.request('POST', `/api/windows/${win.id}`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.json.error, message);
    }
  });

  test('move puts the window at the given position', async () => {
    const r = await exo.request('POST', `/api/windows/${win.id}`, { action: 'move', x: 40, y: 50 });
    assert.equal(r.status, 200);
    assert.equal(r.json.id, win.id);
    const moved = await waitFor('the window at 40,50', async () => {
      const w = await current();
      return w && w.x === 40 && w.y === 50 ? w : undefined;
    });
    assert.equal(moved.x, 40);
  });

  test('activate focuses the window', async () => {
    await exo.act(win.id, { action: 'activate' });
    await waitFor('the window focused', async () => (await current())?.focused);
  });

  test('maximize tells the client, and the window reports maximized', async () => {
    await exo.act(win.id, { action: 'maximize' });
    await waitFor('a maximized configure', () =>
      top.configures.find((cfg) => cfg.states.includes(XdgToplevelState.Maximized)),
    );
    await waitFor('the window maximized', async () => (await current())?.maximized);
    await exo.act(win.id, { action: 'unmaximize' });
    await waitFor('the window unmaximized', async () => (await current())?.maximized === false);
  });

  test('close asks the client to close', async () => {
    await exo.act(win.id, { action: 'close' });
    await waitFor('xdg_toplevel.close', async () => {
      await c.roundtrip();
      return top.closeRequested;
    });
  });
});
