import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteRanges } from './byte-ranges.js';
import { FrameReader, type FrameSink } from './frame-reader.js';
import { encodeFrame, encodeHello, FrameType, LinkProtocolError, LinkRole } from './link-frames.js';
import { writeUpdate } from './shm-update.js';
import { putVarint, VarintCursor, varintSize } from './varint.js';

class Recorder implements FrameSink {
  events: string[] = [];
  target = Buffer.alloc(64);
  hello(b: Buffer): void {
    this.events.push(`hello ${b.readUInt32LE(8)}`);
  }
  frame(type: number, payload: Buffer): void {
    this.events.push(`${type}:${payload.toString('hex')}`);
  }
  updateTarget(vfd: number, ranges: Uint32Array): Buffer {
    this.events.push(`update ${vfd} [${[...ranges].join(',')}]`);
    return this.target;
  }
}

function stream(): Buffer {
  const parts: Buffer[] = [encodeHello(LinkRole.Guest), encodeFrame(FrameType.Open, [7])];
  const src = Buffer.from('0123456789abcdefghijklmnopqrstuv');
  const ranges = new ByteRanges();
  ranges.add(2, 6);
  ranges.add(40, 50);
  writeUpdate({ write: (b) => parts.push(Buffer.from(b)) }, 3, ranges, Buffer.concat([src, src]), true);
  parts.push(encodeFrame(FrameType.PipeCredit, [300, 70000]));
  parts.push(encodeFrame(FrameType.Close, []));
  parts.push(encodeFrame(FrameType.Wayland, [7, 0], Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])));
  return Buffer.concat(parts);
}

test('frames come out the same however the stream is cut', () => {
  const whole = new Recorder();
  new FrameReader(whole).push(stream());
  assert.deepEqual(whole.events, [
    'hello 1',
    '1:07',
    'update 3 [2,4,40,10]',
    '9:ac02f0a204',
    '2:',
    '3:07000102030405060708',
  ]);
  assert.equal(whole.target.toString('latin1', 2, 6), '2345');
  assert.equal(whole.target.toString('latin1', 40, 50), '89abcdefgh');
  const s = stream();
  for (let cut = 1; cut < s.length; cut += 3) {
    const r = new Recorder();
    const reader = new FrameReader(r);
    for (let i = 0; i < s.length; i += cut) reader.push(s.subarray(i, i + cut));
    assert.deepEqual(r.events, whole.events, `cut every ${cut} bytes`);
    assert.ok(r.target.equals(whole.target));
  }
});

test('an update whose ranges do not add up to its length is refused', () => {
  // Table of 4 bytes: vfd 3, one range of 100 bytes at 0; but only 4 bytes of data.
  const bad = encodeFrame(FrameType.ShmUpdate, [4, 3, 1, 0, 100], Buffer.alloc(4));
  const reader = new FrameReader(new Recorder());
  assert.throws(
    () => reader.push(Buffer.concat([encodeHello(LinkRole.Guest), bad])),
    (e: unknown) => e instanceof LinkProtocolError && /add up/.test(e.message),
  );
});

test('byte ranges merge what touches and stay sorted', () => {
  const r = new ByteRanges();
  r.add(100, 200);
  r.add(0, 10);
  r.add(205, 300); // within the merge gap of the first
  r.add(1000, 1010);
  r.add(500, 600);
  const out: Array<[number, number]> = [];
  r.forEach((s, e) => out.push([s, e]));
  assert.deepEqual(out, [
    [0, 10],
    [100, 300],
    [500, 600],
    [1000, 1010],
  ]);
  r.add(5, 1005);
  assert.equal(r.count, 1);
  assert.equal(r.bytes, 1010);
  const many = new ByteRanges();
  for (let i = 0; i < 10_000; i++) many.add(i * 100, i * 100 + 10);
  assert.ok(many.count <= 2048, `${many.count} ranges`);
  assert.ok(many.bytes >= 100_000);
});

test('varints round-trip across their sizes', () => {
  const values = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 21, 2 ** 28 - 1, 2 ** 31, 0xffffffff];
  const b = Buffer.alloc(100);
  let at = 0;
  for (const v of values) {
    const next = putVarint(b, at, v);
    assert.equal(next - at, varintSize(v), `size of ${v}`);
    at = next;
  }
  const c = new VarintCursor(b.subarray(0, at), 'test');
  for (const v of values) assert.equal(c.next(), v);
  assert.throws(() => c.next(), /too short/);
  assert.throws(
    () => new VarintCursor(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 't').next(),
    /out of range/,
  );
});

test('byte ranges minus byte ranges', () => {
  const a = new ByteRanges();
  a.add(0, 100);
  a.add(200, 300);
  a.add(400, 500);
  const b = new ByteRanges();
  b.add(50, 250);
  b.add(420, 430);
  b.add(460, 600);
  const out: Array<[number, number]> = [];
  a.minus(b).forEach((s, e) => out.push([s, e]));
  assert.deepEqual(out, [
    [0, 50],
    [250, 300],
    [400, 420],
    [430, 460],
  ]);
  assert.ok(a.minus(a).isEmpty);
  assert.equal(a.minus(new ByteRanges()).bytes, 300);
});
