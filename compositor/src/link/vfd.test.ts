import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { closeFd } from '../native/libc.js';
import { createMemfd, fileSize, getSeals, mapShared, pipe, preadFd } from '../native/shared-memory.js';
import { socketPair } from '../native/unix-socket.js';
import { openFdCount } from '../testing/fd-count.js';
import { linkStats, snapshotLinkStats } from './link-stats.js';
import { ChannelProbe, linkPair, until } from './link-test-pair.js';
import { ByteRanges } from './byte-ranges.js';
import { trackRegion } from './shm-regions.js';
import { MAX_PEER_PIPES } from './vfd-table.js';

const MSG = Buffer.alloc(8, 1);

async function openPair() {
  const pair = linkPair();
  const ch = pair.guest.openChannel();
  await until('the channel to open', () => pair.accepted.length === 1);
  return { pair, ch, probe: new ChannelProbe(pair.accepted[0]!) };
}

function read(fd: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  preadFd(fd, b, size, 0);
  return b;
}

test('a memfd crosses as a copy of its content in a sealed memfd of the same size', async () => {
  const { pair, ch, probe } = await openPair();
  try {
    const fd = createMemfd('keymap', 100_000);
    const map = mapShared(fd, 100_000, true);
    map.write('xkb_keymap {', 50_000);
    ch.send(MSG, 0, 8, [fd]);
    closeFd(fd);
    await until('the message and its fd', () => probe.fds.length === 1);
    const got = probe.fds[0]!;
    assert.equal(fileSize(got), 100_000);
    assert.ok((getSeals(got) & 2) !== 0, 'sealed against shrinking');
    assert.equal(read(got, 100_000).toString('latin1', 50_000, 50_012), 'xkb_keymap {');
    closeFd(got);
  } finally {
    pair.close();
  }
});

test('a tracked region sends only what changed, right before the next message', async () => {
  const { pair, ch, probe } = await openPair();
  try {
    const size = 1920 * 1080 * 4;
    const fd = createMemfd('shadow', size, true);
    const map = mapShared(fd, size, true);
    const region = trackRegion(fd, map)!;
    assert.ok(region, 'tracking is on once a link runs');
    ch.send(MSG, 0, 8, [fd]);
    await until('the region', () => probe.fds.length === 1);
    const mirror = probe.fds[0]!;
    // A 16x16 patch of a 1920-wide ARGB image: 16 runs of 64 bytes.
    const before = snapshotLinkStats();
    for (let y = 100; y < 116; y++) {
      map.fill(0xab, y * 7680 + 400, y * 7680 + 464);
      region.dirty(y * 7680 + 400, y * 7680 + 464);
    }
    assert.equal(read(mirror, size)[100 * 7680 + 400], 0, 'nothing is sent before a message');
    ch.send(MSG, 0, 8, []);
    await until('the second message', () => probe.bytes.length === 16);
    const sent = linkStats.shmUpdateBytes - before.shmUpdateBytes;
    assert.ok(sent < 2048, `a 1024-byte change cost ${sent} bytes on the link`);
    const now = read(mirror, size);
    assert.equal(now[115 * 7680 + 463], 0xab);
    assert.equal(now[115 * 7680 + 464], 0);
    // Sent again, the same region is the same vfd: no new copy.
    const again = snapshotLinkStats();
    ch.send(MSG, 0, 8, [fd]);
    await until('the third message', () => probe.fds.length === 2);
    assert.equal(linkStats.shmUpdateBytes, again.shmUpdateBytes);
    region.release();
    closeFd(fd);
    for (const f of probe.fds) closeFd(f);
  } finally {
    pair.close();
  }
});

test('a region that catches up from another is copied on the other side, not sent', async () => {
  const { pair, ch, probe } = await openPair();
  try {
    const size = 640 * 480 * 4;
    const fds = [createMemfd('a', size, true), createMemfd('b', size, true)];
    const maps = fds.map((fd) => mapShared(fd, size, true));
    const [a, b] = fds.map((fd, i) => trackRegion(fd, maps[i]!)!);
    ch.send(MSG, 0, 8, fds);
    await until('both regions', () => probe.fds.length === 2);
    maps[0]!.fill(7, 1000, 200_000);
    a!.dirty(1000, 200_000);
    ch.send(MSG, 0, 8, []);
    await until('the update of a', () => probe.bytes.length === 16);
    const before = snapshotLinkStats();
    maps[0]!.copy(maps[1]!, 1000, 1000, 200_000);
    const ranges = new ByteRanges();
    ranges.add(1000, 200_000);
    b!.copyFrom(a!, ranges);
    ch.send(MSG, 0, 8, []);
    await until('the copy', () => probe.bytes.length === 24);
    assert.ok(linkStats.shmUpdateBytes - before.shmUpdateBytes < 32, 'a copy costs a few bytes');
    const mirrorB = read(probe.fds[1]!, size);
    assert.equal(mirrorB[999], 0);
    assert.equal(mirrorB[1000], 7);
    assert.equal(mirrorB[199_999], 7);
    assert.equal(mirrorB[200_000], 0);
    a!.release();
    b!.release();
    for (const f of [...fds, ...probe.fds]) closeFd(f);
  } finally {
    pair.close();
  }
});

/** Writes `total` bytes into a non-blocking fd as fast as it takes them, then closes it. */
function writeAll(fd: number, total: number): Promise<void> {
  const sock = new net.Socket({ fd, readable: false, writable: true });
  const chunk = Buffer.alloc(65536, 0x5a);
  return new Promise((resolve, reject) => {
    let left = total;
    const more = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!sock.write(chunk.subarray(0, n))) return void sock.once('drain', more);
      }
      sock.end(() => resolve());
    };
    sock.on('error', reject);
    more();
  });
}

function readAll(fd: number): Promise<number> {
  const sock = new net.Socket({ fd, readable: true, writable: false });
  let n = 0;
  sock.on('data', (d: Buffer) => (n += d.length));
  return new Promise((resolve) => sock.on('close', () => resolve(n)));
}

test('a pipe write end: the peer writes, the bytes and the end of file come back', async () => {
  const { pair, ch, probe } = await openPair();
  try {
    const [r, w] = pipe(false);
    ch.send(MSG, 0, 8, [w]);
    closeFd(w);
    await until('the pipe end', () => probe.fds.length === 1);
    const reading = readAll(r);
    await writeAll(probe.fds[0]!, 3_000_000);
    assert.equal(await reading, 3_000_000);
  } finally {
    pair.close();
  }
});

test('a pipe read end: we write, the peer reads until the end of file', async () => {
  const { pair, ch, probe } = await openPair();
  try {
    const [r, w] = pipe(false);
    ch.send(MSG, 0, 8, [r]);
    closeFd(r);
    await until('the pipe end', () => probe.fds.length === 1);
    const reading = readAll(probe.fds[0]!);
    await writeAll(w, 1_500_000);
    assert.equal(await reading, 1_500_000);
  } finally {
    pair.close();
  }
});

test('a stalled reader stops the writer after the window; messages keep flowing', async () => {
  const { pair, ch, probe } = await openPair();
  try {
    const [r, w] = pipe(false);
    ch.send(MSG, 0, 8, [w]);
    closeFd(w);
    await until('the pipe end', () => probe.fds.length === 1);
    const writer = new net.Socket({ fd: probe.fds[0]!, readable: false, writable: true });
    writer.on('error', () => {});
    writer.write(Buffer.alloc(8 * 1024 * 1024));
    await new Promise((res) => setTimeout(res, 300));
    // Nobody reads `r`: the writer is held back (its bytes wait in its own socket buffer).
    assert.ok(writer.writableLength > 6 * 1024 * 1024, `${writer.writableLength} bytes still waiting`);
    ch.send(MSG, 0, 8, []);
    await until('a message past the stalled pipe', () => probe.bytes.length === 16);
    closeFd(r);
    writer.destroy();
  } finally {
    pair.close();
  }
});

test('a peer that opens more pipes than allowed is dropped (it could make us buffer without bound)', async () => {
  const { pair, ch, probe } = await openPair();
  const ours: number[] = [];
  try {
    for (let i = 0; i < MAX_PEER_PIPES; i++) {
      const [r, w] = pipe(false);
      ch.send(MSG, 0, 8, [r]);
      closeFd(r);
      ours.push(w);
    }
    await until('every pipe across', () => probe.fds.length === MAX_PEER_PIPES);
    assert.ok(!pair.guest.isClosed, 'the allowed number of pipes is fine');
    const [r, w] = pipe(false);
    ours.push(w);
    ch.send(MSG, 0, 8, [r]);
    closeFd(r);
    await until('the link to be dropped', () => pair.guest.isClosed);
  } finally {
    for (const fd of ours) closeFd(fd);
    for (const fd of probe.fds) closeFd(fd);
    pair.close();
  }
});

test('an fd that is neither shared memory nor a pipe fails that send, not the link', async () => {
  const { pair, ch } = await openPair();
  try {
    const [a, b] = socketPair();
    assert.throws(() => ch.send(MSG, 0, 8, [a]), /cannot pass a socket over a stream link/);
    closeFd(a);
    closeFd(b);
    assert.ok(!pair.guest.isClosed);
  } finally {
    pair.close();
  }
});

test('links leave no fds behind', async () => {
  const fds = openFdCount();
  const { pair, ch, probe } = await openPair();
  const [r, w] = pipe(false);
  const m = createMemfd('x', 4096);
  ch.send(MSG, 0, 8, [w, m]);
  closeFd(w);
  closeFd(m);
  await until('the fds', () => probe.fds.length === 2);
  for (const f of probe.fds) closeFd(f);
  closeFd(r);
  pair.close();
  await until('fds back to where they were', () => openFdCount() === fds);
});
