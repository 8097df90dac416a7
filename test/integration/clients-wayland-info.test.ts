// wayland-info, a real libwayland client, sees every global exo offers, at the same versions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startExoProcess } from '../harness/exo-fixture.js';
import { TestClient } from '../harness/wayland-test-client.js';

test('wayland-info lists every global exo registers', async (t) => {
  const exo = await startExoProcess();
  const ours = await TestClient.connect(exo.wayland);
  t.after(async () => {
    ours.close();
    await exo.stop();
  });
  const expected = ours.globals.map((g) => `${g.interface} v${g.version}`).sort();
  assert.ok(
    expected.some((g) => g.startsWith('wl_compositor ')),
    `wl_compositor among ${expected.join(', ')}`,
  );

  const info = exo.spawnClient('wayland-info', []);
  const exit = await info.exited;
  assert.equal(exit.code, 0, `wayland-info failed: ${info.tail()}`);
  const listed = [...info.stdout.matchAll(/^interface: '([^']+)',\s*version:\s*(\d+),\s*name:\s*\d+/gm)]
    .map((m) => `${m[1]} v${m[2]}`)
    .sort();
  assert.deepEqual(listed, expected);
});
