// Bad shm clients: buffers outside their pool, pools that shrink under exo. Each gets a
// protocol error or is served harmlessly; exo never faults on a short file, weston-simple-shm
// and our probe client go on drawing, and exo's fds come back once the bad client is gone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  c as libc,
  F_ADD_SEALS,
  F_GET_SEALS,
  F_SEAL_SEAL,
  F_SEAL_SHRINK,
} from '../../compositor/src/native/libc.js';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd } from '../../compositor/src/native/shared-memory.js';
import { WlShmProxy } from '../../protos/gen/client/wayland.js';
import { WlShmError, WlShmFormat } from '../../protos/gen/spec/wayland.js';
import { TestClient } from '../harness/wayland-test-client.js';
import {
  assertOthersGoOn,
  exoFds,
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

const W = 64;
const H = 48;
const STRIDE = W * 4;
const SIZE = STRIDE * H;

/** A file in /tmp (unlinked at once): not a memfd, so it cannot be sealed against shrinking. */
function tmpFileOf(bytes: number, argb: number): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exo-pool-'));
  const file = path.join(dir, 'pool');
  const fd = fs.openSync(file, 'w+');
  fs.rmSync(dir, { recursive: true, force: true });
  const pixels = Buffer.alloc(bytes);
  for (let i = 0; i + 4 <= bytes; i += 4) pixels.writeUInt32LE(argb >>> 0, i);
  fs.writeSync(fd, pixels, 0, bytes, 0);
  return fd;
}

/** The colour exo shows at the centre of a window (0xAARRGGBB). */
async function centreOf(title: string): Promise<number> {
  const win = (await fx.exo.windows()).find((w) => w.title === title);
  assert.ok(win, `window ${title} is listed`);
  const shot = await fx.exo.windowScreenshot(win.id);
  const at = ((shot.height >> 1) * shot.width + (shot.width >> 1)) * 4;
  const [r, g, b, a] = shot.data.subarray(at, at + 4);
  return ((a! << 24) | (r! << 16) | (g! << 8) | b!) >>> 0;
}

const beyondThePool: Array<[string, [number, number, number, number]]> = [
  ['one row past the end', [0, W, H + 1, STRIDE]],
  ['an offset that pushes the last row out', [4, W, H, STRIDE]],
  ['an offset past the end', [SIZE, 1, 1, 4]],
  ['a negative offset', [-STRIDE, W, H, STRIDE]],
  ['a stride shorter than a row', [0, W, H, STRIDE - 4]],
  ['a size whose byte count overflows 32 bits', [0, 0x10000, 0x10000, 0x40000]],
];

for (const [what, [offset, width, height, stride]] of beyondThePool) {
  test(`create_buffer beyond its pool (${what}) is wl_shm.invalid_stride`, async () => {
    const c = await TestClient.connect(fx.exo.wayland);
    try {
      const fd = createMemfd('exo-robustness', SIZE);
      const pool = c.bind(WlShmProxy).createPool(fd, SIZE);
      closeFd(fd);
      const buffer = pool.createBuffer(offset, width, height, stride, WlShmFormat.Argb8888);
      // Committing it is the next thing a bad client does: it never gets that far.
      const surface = c.createSurface();
      surface.attach(buffer, 0, 0);
      surface.commit();
      const err = await c.protocolError();
      assert.equal(err.interfaceName, 'wl_shm_pool', err.message);
      assert.equal(err.code, WlShmError.InvalidStride, err.message);
    } finally {
      c.close();
    }
    await assertOthersGoOn(fx);
    await waitExoFds(fx, baselineFds);
  });
}

test('a pool larger than its file: buffers inside the file work, one beyond its end is invalid_fd', async () => {
  // Accepted at create_pool (libwayland does too: a file may grow later); checked at commit.
  const c = await TestClient.connect(fx.exo.wayland);
  try {
    const fd = createMemfd('exo-robustness', SIZE);
    const pool = c.bind(WlShmProxy).createPool(fd, SIZE * 2);
    closeFd(fd);
    const inside = pool.createBuffer(0, W, H, STRIDE, WlShmFormat.Argb8888);
    const beyond = pool.createBuffer(SIZE, W, H, STRIDE, WlShmFormat.Argb8888);
    const win = await c.toplevel({ title: 'short file', width: W, height: H });
    win.surface.attach(inside, 0, 0);
    win.surface.commit();
    await c.roundtrip();
    assert.equal(c.conn.error, null);
    win.surface.attach(beyond, 0, 0);
    win.surface.commit();
    const err = await c.protocolError();
    assert.equal(err.code, WlShmError.InvalidFd, err.message);
    assert.equal(err.interfaceName, 'wl_buffer', err.message);
  } finally {
    c.close();
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});

test('wl_shm_pool.resize to a smaller size is refused', async () => {
  const c = await TestClient.connect(fx.exo.wayland);
  try {
    const fd = createMemfd('exo-robustness', SIZE);
    const pool = c.bind(WlShmProxy).createPool(fd, SIZE);
    closeFd(fd);
    pool.createBuffer(0, W, H, STRIDE, WlShmFormat.Argb8888);
    pool.resize(SIZE / 2);
    const err = await c.protocolError();
    assert.equal(err.interfaceName, 'wl_shm_pool', err.message);
    assert.equal(err.code, WlShmError.InvalidStride, err.message);
  } finally {
    c.close();
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});

test('a memfd pool is sealed by exo: the client cannot shrink it (EPERM)', async () => {
  const c = await TestClient.connect(fx.exo.wayland);
  const fd = createMemfd('exo-robustness', SIZE);
  try {
    assert.equal(libc.fcntl(fd, F_GET_SEALS, 0) & F_SEAL_SHRINK, 0, 'not sealed before');
    const pool = c.bind(WlShmProxy).createPool(fd, SIZE);
    const buffer = pool.createBuffer(0, W, H, STRIDE, WlShmFormat.Argb8888);
    await c.roundtrip();
    assert.notEqual(libc.fcntl(fd, F_GET_SEALS, 0) & F_SEAL_SHRINK, 0, 'exo added F_SEAL_SHRINK');
    assert.throws(() => fs.ftruncateSync(fd, 0), { code: 'EPERM' });
    assert.throws(() => fs.ftruncateSync(fd, SIZE - 4096), { code: 'EPERM' });
    // Growing stays allowed (a pool may be resized up).
    fs.ftruncateSync(fd, SIZE * 2);
    const win = await c.toplevel({ title: 'sealed', width: W, height: H });
    win.surface.attach(buffer, 0, 0);
    win.surface.damageBuffer(0, 0, W, H);
    win.surface.commit();
    await c.roundtrip();
    assert.equal(c.conn.error, null);
  } finally {
    closeFd(fd);
    c.close();
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});

/**
 * Commits a buffer of `fd`'s pool, then truncates the file to nothing and commits again with
 * damage: exo (which could not seal the file, so never mapped it) must not fault. It refuses
 * the commit with invalid_fd on the buffer, or reads what is left with pread (a truncation
 * between its check and its read comes back short).
 */
async function truncateUnderExo(fd: number, title: string): Promise<TestClient> {
  const c = await TestClient.connect(fx.exo.wayland);
  const pool = c.bind(WlShmProxy).createPool(fd, SIZE);
  const buffers = [0, 1].map(() => pool.createBuffer(0, W, H, STRIDE, WlShmFormat.Xrgb8888));
  const win = await c.toplevel({ title, width: W, height: H });
  win.surface.attach(buffers[0]!, 0, 0);
  win.surface.damageBuffer(0, 0, W, H);
  win.surface.commit();
  await c.roundtrip();
  assert.equal(await centreOf(title), 0xff33cc33, 'the pool contents are shown');
  fs.ftruncateSync(fd, 0); // the client shrinks its pool under exo
  for (const b of [buffers[1]!, buffers[0]!]) {
    win.surface.attach(b, 0, 0);
    win.surface.damageBuffer(0, 0, W, H);
    win.surface.commit();
  }
  await c.roundtrip().catch(() => {});
  return c;
}

/** Served, or cut off with invalid_fd on the buffer: both are fine, a crash is not. */
async function assertRefusedOrServed(c: TestClient, title: string): Promise<void> {
  const err = c.conn.error;
  if (err) {
    assert.equal(err.code, WlShmError.InvalidFd, err.message);
    assert.equal(err.interfaceName, 'wl_buffer', err.message);
  } else {
    const shown = await centreOf(title);
    assert.ok(shown === 0xff000000 || shown === 0xff33cc33, `shows 0x${shown.toString(16)}`);
  }
}

test('a tmpfile pool truncated after its buffers were created: no fault, the others go on', async () => {
  const fd = tmpFileOf(SIZE, 0xff33cc33);
  let c: TestClient | null = null;
  try {
    c = await truncateUnderExo(fd, 'truncated tmpfile');
    await assertRefusedOrServed(c, 'truncated tmpfile');
  } finally {
    c?.close();
    fs.closeSync(fd);
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});

test('a memfd sealed against further seals (so exo cannot seal it) and then shrunk: no fault', async () => {
  const fd = createMemfd('exo-robustness', SIZE);
  let c: TestClient | null = null;
  try {
    const px = Buffer.alloc(SIZE);
    for (let i = 0; i < SIZE; i += 4) px.writeUInt32LE(0xff33cc33, i);
    fs.writeSync(fd, px, 0, SIZE, 0);
    assert.equal(libc.fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL), 0);
    c = await truncateUnderExo(fd, 'unsealable memfd');
    await assertRefusedOrServed(c, 'unsealable memfd');
    assert.equal(libc.fcntl(fd, F_GET_SEALS, 0) & F_SEAL_SHRINK, 0, 'exo could not seal it');
  } finally {
    c?.close();
    closeFd(fd);
  }
  await assertOthersGoOn(fx);
  await waitExoFds(fx, baselineFds);
});
