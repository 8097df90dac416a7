// Floods: a client that sends requests much faster than anyone should must not starve the
// others (exo reads each connection in turns), and a client that never reads what exo sends
// is dropped once its backlog passes exo's limit, instead of growing exo's memory with it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encode, RawClient, Req } from '../foundation/raw-client.js';
import { waitFor } from '../harness/poll.js';
import {
  assertOthersGoOn,
  exoFds,
  exoRss,
  probeRoundtripMs,
  RESPONSIVE_MS,
  sendAll,
  startRobustExo,
  waitExoFds,
  type RobustExo,
} from './exo-robustness-fixture.js';

let fx: RobustExo;
let baselineFds = 0;

before(async () => {
  fx = await startRobustExo();
  baselineFds = exoFds(fx);
});
after(() => fx?.stop());

const MB = 1024 * 1024;

/** A raw client with its registry (id 2) read; returns the global names by interface. */
async function rawWithGlobals(): Promise<{
  raw: RawClient;
  globals: Map<string, { name: number; version: number }>;
}> {
  const raw = new RawClient(fx.exo.wayland);
  raw.send(Req.getRegistry(2));
  await raw.roundtrip(3);
  return { raw, globals: raw.globals(2) };
}

/** A round trip sent even while the socket is still full of a flood. */
async function rawRoundtrip(raw: RawClient, callbackId: number): Promise<void> {
  assert.ok(await sendAll(raw.fd, Req.sync(callbackId)), 'exo still serves the client');
  await raw.waitFor(
    (m) => (m.id === callbackId && m.opcode === 0 ? true : undefined),
    'wl_callback.done',
    20_000,
  );
}

/**
 * Runs `flood` while the probe client does round trips back to back; returns the slowest one
 * and how many completed.
 */
async function probeDuring(flood: Promise<unknown>): Promise<{ worstMs: number; count: number }> {
  let done = false;
  void flood.finally(() => (done = true));
  let worstMs = 0;
  let count = 0;
  while (!done) {
    worstMs = Math.max(worstMs, await probeRoundtripMs(fx));
    count++;
  }
  await flood;
  return { worstMs, count };
}

test('1M wl_surface.damage requests sent without reading: the other clients stay responsive', async (t) => {
  const { raw, globals } = await rawWithGlobals();
  try {
    raw.send(Req.bind(2, globals.get('wl_compositor')!.name, 'wl_compositor', 4, 4));
    raw.send(Req.createSurface(4, 5));
    const damage = encode(5, 2, (w) => {
      w.int(0);
      w.int(0);
      w.int(10);
      w.int(10);
    });
    const COUNT = 1_000_000; // 24 MB of requests, ten times the 100k first asked for
    const flood = Buffer.alloc(damage.length * COUNT);
    for (let i = 0; i < COUNT; i++) damage.copy(flood, i * damage.length);
    const t0 = performance.now();
    const { worstMs, count } = await probeDuring(sendAll(raw.fd, flood));
    // Exo handled all of it, and the flooding client is still served (damage is legal).
    await rawRoundtrip(raw, 6);
    const floodMs = performance.now() - t0;
    assert.ok(
      worstMs < RESPONSIVE_MS,
      `worst round trip of the probe during the flood: ${worstMs.toFixed(0)} ms`,
    );
    assert.ok(count >= 1);
    t.diagnostic(
      `1M damage requests handled in ${floodMs.toFixed(0)} ms; ${count} probe round trips meanwhile, worst ${worstMs.toFixed(1)} ms`,
    );
  } finally {
    raw.close();
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});

/** A 1×1 rect of a checkerboard, none touching: rect `i` of a region that grows rect by rect. */
function scattered(objectId: number, opcode: number, i: number): Buffer {
  return encode(objectId, opcode, (w) => {
    w.int((i % 1000) * 2);
    w.int(Math.floor(i / 1000) * 2);
    w.int(1);
    w.int(1);
  });
}

const COMPOSITOR = 4;
const SUBCOMPOSITOR = 7;
const scatteredFloods: Array<{ what: string; setup: Buffer[]; message: (i: number) => Buffer }> = [
  {
    what: 'wl_surface.damage rects',
    setup: [Req.createSurface(COMPOSITOR, 5)],
    message: (i) => scattered(5, 2, i),
  },
  {
    what: 'wl_surface.damage_buffer rects',
    setup: [Req.createSurface(COMPOSITOR, 5)],
    message: (i) => scattered(5, 9, i),
  },
  {
    what: 'wl_region.add rects',
    setup: [encode(COMPOSITOR, 1, (w) => w.newId(5))],
    message: (i) => scattered(5, 1, i),
  },
  {
    // Each commit of a synchronized subsurface is cached, damage merged, until the parent commits.
    what: 'commits of a synchronized subsurface, each with a damage rect,',
    setup: [
      Req.createSurface(COMPOSITOR, 5),
      Req.createSurface(COMPOSITOR, 6),
      encode(SUBCOMPOSITOR, 1, (w) => {
        w.newId(8);
        w.object(6);
        w.object(5);
      }),
    ],
    message: (i) => Buffer.concat([scattered(6, 2, i), encode(6, 6)]),
  },
];

for (const { what, setup, message } of scatteredFloods) {
  test(`100k scattered ${what} (a region that grows box by box): the others stay responsive`, async (t) => {
    const { raw, globals } = await rawWithGlobals();
    try {
      raw.send(Req.bind(2, globals.get('wl_compositor')!.name, 'wl_compositor', 4, COMPOSITOR));
      raw.send(Req.bind(2, globals.get('wl_subcompositor')!.name, 'wl_subcompositor', 1, SUBCOMPOSITOR));
      for (const m of setup) raw.send(m);
      const flood = Buffer.concat(Array.from({ length: 100_000 }, (_, i) => message(i)));
      const t0 = performance.now();
      const { worstMs, count } = await probeDuring(sendAll(raw.fd, flood));
      await rawRoundtrip(raw, 9);
      const floodMs = performance.now() - t0;
      t.diagnostic(
        `flood handled in ${floodMs.toFixed(0)} ms; ${count} probe round trips meanwhile, worst ${worstMs.toFixed(1)} ms`,
      );
      // Unbounded regions made this quadratic: 8 to 12 s of a busy server, about a second per
      // round trip of the others; bounded, it is a few hundred ms on a loaded machine.
      assert.ok(worstMs < 1000, `worst round trip of the probe during the flood: ${worstMs.toFixed(0)} ms`);
      assert.ok(floodMs < 5_000, `exo took ${floodMs.toFixed(0)} ms over it`);
    } finally {
      raw.close();
    }
    await assertOthersGoOn(fx);
    await waitExoFds(fx, baselineFds);
  });
}

test('a client that floods get_registry and never reads is dropped; exo does not keep its backlog', async (t) => {
  const { raw } = await rawWithGlobals();
  const rssBefore = exoRss(fx);
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, exoRss(fx))), 20);
  try {
    // Every get_registry makes exo send the whole global list (~700 bytes): 500k of them would be
    // 350 MB of events nobody reads. Ids grow: a client that never reads never learns freed ones.
    const BATCH = 10_000;
    let nextId = 10;
    let served = true;
    const t0 = performance.now();
    for (let sent = 0; sent < 500_000 && served; sent += BATCH) {
      const chunk = Buffer.alloc(12 * BATCH);
      for (let i = 0; i < BATCH; i++) Req.getRegistry(nextId++).copy(chunk, i * 12);
      served = await sendAll(raw.fd, chunk);
    }
    assert.equal(served, false, 'exo hung up on the client that never reads');
    await raw.waitClosed(10_000);
    const growth = (peakRss - rssBefore) / MB;
    t.diagnostic(
      `dropped after ${(nextId - 10).toLocaleString()} get_registry requests in ${(performance.now() - t0).toFixed(0)} ms; exo RSS grew at most ${growth.toFixed(0)} MB`,
    );
    // The limit is 32 MB of pending output; the buffer holding it and the registry objects
    // come on top, but nowhere near the 350 MB an unbounded backlog would take.
    assert.ok(growth < 160, `exo's RSS grew by ${growth.toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
    raw.close();
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});

test('a frozen real client (SIGSTOP) with keyboard focus under a storm of typing is dropped; the others go on', async (t) => {
  // weston-terminal binds the keyboard (weston-simple-shm binds no seat at all).
  const frozen = fx.exo.spawnClient('weston-terminal', ['--shell=/bin/sh']);
  try {
    const win = await fx.exo.waitForWindow((w) => w.pid === frozen.pid);
    await fx.exo.act(win.id, { action: 'activate' });
    await waitFor('the terminal to have keyboard focus', async () =>
      (await fx.exo.windows()).some((w) => w.id === win.id && w.focused),
    );
    process.kill(frozen.pid, 'SIGSTOP');
    const rssBefore = exoRss(fx);
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, exoRss(fx))), 20);
    try {
      // Each character is a wl_keyboard.key press and release (48 bytes): ~700k characters pass
      // the 32 MB limit, and nobody reads them.
      const text = { type: 'text', text: 'abcdefghij'.repeat(1000) };
      const t0 = performance.now();
      let chars = 0;
      await waitFor(
        'the frozen client to be dropped',
        async () => {
          await fx.exo.input(text);
          chars += text.text.length;
          return !(await fx.exo.windows()).some((w) => w.pid === frozen.pid);
        },
        { timeoutMs: 120_000, intervalMs: 0 },
      );
      const growth = (peakRss - rssBefore) / MB;
      t.diagnostic(
        `frozen client dropped after ${chars.toLocaleString()} typed characters in ${(performance.now() - t0).toFixed(0)} ms; exo RSS grew at most ${growth.toFixed(0)} MB`,
      );
      assert.ok(growth < 160, `exo's RSS grew by ${growth.toFixed(0)} MB`);
    } finally {
      clearInterval(sampler);
    }
  } finally {
    process.kill(frozen.pid, 'SIGCONT');
    await frozen.kill();
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});
