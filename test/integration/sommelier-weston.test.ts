// Sommelier in front of weston, the reference compositor: guests see only the host globals
// sommelier has typed relays for (at the lower of the two versions), host events reach them
// before their roundtrips end, and a real client's frames flow through the shadow buffers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GLOBAL_RELAYS } from '../../sommelier/src/globals.js';
import { shadowStats } from '../../sommelier/src/shadow/stats.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import {
  spawnGuest,
  startSommelierHere,
  startSommelierProcess,
  startWeston,
  type SommelierRun,
  type WestonHost,
} from './sommelier-fixture.js';

let host: WestonHost;
let som: SommelierRun;

before(async () => {
  host = await startWeston();
  som = await startSommelierProcess(host.dir, host.socket);
});

after(async () => {
  await som?.stop();
  await host?.stop();
});

function listed(stdout: string): string[] {
  return [...stdout.matchAll(/^interface: '([^']+)',\s*version:\s*(\d+),\s*name:\s*\d+/gm)]
    .map((m) => `${m[1]} v${m[2]}`)
    .sort();
}

test('wayland-info through sommelier lists exactly the relayed host globals', async () => {
  const direct = await TestClient.connect(host.socket);
  const hostGlobals = direct.globals;
  direct.close();
  const expected = hostGlobals
    .filter((g) => GLOBAL_RELAYS.has(g.interface))
    .map((g) => {
      const relay = GLOBAL_RELAYS.get(g.interface)!;
      const v = relay.local ? relay.cls.spec.version : Math.min(g.version, relay.cls.spec.version);
      return `${g.interface} v${v}`;
    })
    .sort();
  // weston has globals sommelier does not relay: they must not show.
  const hidden = hostGlobals.filter((g) => !GLOBAL_RELAYS.has(g.interface)).map((g) => g.interface);
  assert.ok(hidden.includes('weston_desktop_shell'), `weston offers ${hidden.join(', ')}`);

  const info = spawnGuest(host.dir, som.socket, 'wayland-info');
  const exit = await info.exited;
  assert.equal(exit.code, 0, `wayland-info failed: ${info.tail()}`);
  assert.deepEqual(listed(info.stdout), expected);
  for (const name of hidden) assert.ok(!info.stdout.includes(`'${name}'`), `${name} is hidden`);
});

test('host events answer the guest before its roundtrip ends (output mode, shm formats)', async () => {
  const info = spawnGuest(host.dir, som.socket, 'wayland-info');
  await info.exited;
  // weston headless: a 1024x640 output at scale 1; both formats every wl_shm has.
  assert.match(info.stdout, /width: 1024 px, height: 640 px/);
  assert.match(info.stdout, /logical_width: 1024, logical_height: 640/);
  assert.match(info.stdout, /'XR24'/);
  assert.match(info.stdout, /'AR24'/);
  assert.equal(som.process.running, true);
});

test('at scale 2 the guest sees outputs half the host size, at output scale 2', async () => {
  const scaled = await startSommelierProcess(host.dir, host.socket, ['--scale', '2']);
  try {
    const info = spawnGuest(host.dir, scaled.socket, 'wayland-info');
    await info.exited;
    assert.match(info.stdout, /logical_width: 512, logical_height: 320/);
    assert.match(info.stdout, /scale: 2/);
    // The mode is the guest logical size at the guest's output scale: the same device pixels.
    assert.match(info.stdout, /width: 1024 px, height: 640 px/);
  } finally {
    await scaled.stop();
  }
});

test('weston-simple-shm through sommelier keeps committing frames to the host', async () => {
  const here = await startSommelierHere(host.dir, host.socket);
  const client = spawnGuest(host.dir, here.socket, 'weston-simple-shm');
  try {
    // Each frame waits for the host's frame callback, relayed back: a steady stream of copies
    // means commits, frame callbacks and buffer releases all make the round trip.
    const start = shadowStats.copies;
    await waitFor('30 frames through sommelier', () => shadowStats.copies - start >= 30, {
      timeoutMs: 10_000,
    });
    assert.equal(client.running, true, client.tail());
    // 250x250 ARGB: every frame of simple-shm damages the whole buffer.
    assert.ok(shadowStats.bytesCopied > 0);
  } finally {
    await client.kill();
    here.stop();
  }
});
