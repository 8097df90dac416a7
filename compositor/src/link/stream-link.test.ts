import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { Connection } from '../client/connection.js';
import { socketPair } from '../native/unix-socket.js';
import { Display } from '../server/display.js';
import { encodeFrame, encodeFrameHead, encodeHello, FrameType, LinkRole } from './link-frames.js';
import { ChannelProbe, linkPair, streamSocket, until } from './link-test-pair.js';
import { StreamLink } from './stream-link.js';

test('Wayland connections cross the link, many on one stream, each an ordinary client', async () => {
  const display = new Display();
  const pair = linkPair((ch) => display.addClient(ch, null));
  try {
    const a = new Connection(pair.guest.openChannel());
    const b = new Connection(pair.guest.openChannel());
    await Promise.all([a.roundtrip(), b.roundtrip(), a.roundtrip()]);
    assert.equal(display.clients.size, 2);
    for (const c of display.clients) assert.equal(c.credentials, null, 'channel clients have no pid');
    a.close();
    await until('the host client of a closed channel to go', () => display.clients.size === 1);
    await b.roundtrip();
  } finally {
    pair.close();
    display.destroy();
  }
});

test('a long Wayland send arrives whole and in order', async () => {
  const pair = linkPair();
  try {
    const ch = pair.guest.openChannel();
    await until('the channel to open', () => pair.accepted.length === 1);
    const probe = new ChannelProbe(pair.accepted[0]!);
    const data = Buffer.alloc(700_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    let sent = 0;
    while (sent < data.length) sent += ch.send(data, sent, data.length - sent, []);
    await until('all bytes', () => probe.bytes.length === data.length);
    assert.ok(probe.bytes.equals(data));
  } finally {
    pair.close();
  }
});

test('closing a channel on one side hangs it up on the other, after its last bytes', async () => {
  const pair = linkPair();
  try {
    const ch = pair.guest.openChannel();
    await until('the channel to open', () => pair.accepted.length === 1);
    const probe = new ChannelProbe(pair.accepted[0]!);
    ch.send(Buffer.from('last words'), 0, 10, []);
    ch.close();
    await until('the hang-up', () => probe.hungUp);
    assert.equal(probe.bytes.toString(), 'last words');
    assert.equal(probe.error, null, 'an orderly close');
  } finally {
    pair.close();
  }
});

test('when the stream drops, every channel ends with the reason', async () => {
  const pair = linkPair();
  const ch = pair.guest.openChannel();
  await until('the channel to open', () => pair.accepted.length === 1);
  const hostSide = new ChannelProbe(pair.accepted[0]!);
  const guestSide = new ChannelProbe(ch);
  pair.host.socket.destroy();
  await until('both sides to hang up', () => hostSide.hungUp && guestSide.hungUp);
  assert.match(guestSide.error?.message ?? '', /the link (closed|failed)/);
  assert.ok(pair.ended.guest && pair.ended.host);
  assert.throws(() => pair.guest.openChannel(), /closed/);
});

/** A host link fed raw bytes by the test: returns its end reason and what it wrote back. */
async function hostFed(bytes: Buffer): Promise<{ reason: Error; reply: Buffer }> {
  const [a, b] = socketPair();
  const peer = streamSocket(a);
  let reply = Buffer.alloc(0);
  peer.on('data', (d: Buffer) => (reply = Buffer.concat([reply, d])));
  peer.on('error', () => {});
  let reason: Error | null = null;
  new StreamLink(streamSocket(b), {
    role: LinkRole.Host,
    name: 'garbage-test',
    onChannel: () => assert.fail('no channel from garbage'),
    onClose: (e) => (reason = e),
  });
  peer.write(bytes);
  await until('the link to drop the peer', () => reason !== null);
  await until('the peer to be disconnected', () => peer.readableEnded || peer.destroyed);
  peer.destroy();
  return { reason: reason!, reply };
}

test('a peer that speaks garbage gets a clear error and is dropped', async () => {
  const { reason, reply } = await hostFed(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  assert.match(reason.message, /not a Tartine link/);
  assert.match(reply.toString('latin1'), /not a Tartine link/, 'the peer is told why');
});

test('a peer with another link version is told both versions', async () => {
  const hello = encodeHello(LinkRole.Guest);
  hello.writeUInt32LE(99, 8);
  const { reason } = await hostFed(hello);
  assert.match(reason.message, /version 99.*version 1/);
});

test('malformed frames after the handshake drop the peer, not the process', async () => {
  const bad = [
    encodeFrame(77 as FrameType, [1]),
    encodeFrame(FrameType.Wayland, [5, 0], Buffer.alloc(8)),
    encodeFrame(FrameType.ShmUpdate, [1, 1, 0, 4], Buffer.alloc(4)),
  ];
  const hugeHeader = encodeFrameHead(FrameType.Wayland, [], 0xffffffff);
  bad.push(hugeHeader);
  for (const frame of bad.slice(0, 3)) {
    const { reason } = await hostFed(Buffer.concat([encodeHello(LinkRole.Guest), frame, frame]));
    assert.match(reason.message, /dropped the peer|link closed/);
  }
  const { reason } = await hostFed(Buffer.concat([encodeHello(LinkRole.Guest), hugeHeader]));
  assert.match(reason.message, /frame of 4294967295 bytes/);
});

test('two host sides connected to each other refuse each other', async () => {
  const [a, b] = socketPair();
  const reasons: Error[] = [];
  for (const fd of [a, b])
    new StreamLink(new net.Socket({ fd, readable: true, writable: true }), {
      role: LinkRole.Host,
      name: 'host-host',
      onChannel: () => {},
      onClose: (e) => reasons.push(e),
    });
  await until('both to give up', () => reasons.length === 2);
  assert.ok(reasons.some((r) => /host side too/.test(r.message)));
});
