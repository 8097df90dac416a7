import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireError } from './wire-error.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

function readerFor(w: WireWriter, fds: number[] = []): WireReader {
  const r = new WireReader(w.buf);
  r.setFdQueue(fds);
  const size = w.buf.readUInt32LE(w.start + 4) >>> 16;
  r.begin(w.start, size);
  return r;
}

describe('wire codec', () => {
  it('encodes a header as sender id then size << 16 | opcode', () => {
    const w = new WireWriter();
    w.begin(7, 3);
    w.int(-5);
    w.finish();
    assert.equal(w.pending, 12);
    assert.equal(w.buf.readUInt32LE(0), 7);
    assert.equal(w.buf.readUInt32LE(4), (12 << 16) | 3);
  });

  it('round-trips every argument type', () => {
    const w = new WireWriter();
    w.begin(3, 1);
    w.int(-123456);
    w.uint(0xfffffffe);
    w.fixed(-12.5);
    w.string('héllo ✓');
    w.string(null);
    w.object(42);
    w.newId(99);
    w.array(new Uint8Array([1, 2, 3, 4, 5]));
    w.fd(17);
    w.finish();
    assert.equal(w.pending % 4, 0);
    const r = readerFor(w, [17]);
    assert.equal(r.int(), -123456);
    assert.equal(r.uint(), 0xfffffffe);
    assert.equal(r.fixed(), -12.5);
    assert.equal(r.string(), 'héllo ✓');
    assert.equal(r.stringOrNull(), null);
    assert.equal(r.object(), 42);
    assert.equal(r.newId(), 99);
    assert.deepEqual([...r.array()], [1, 2, 3, 4, 5]);
    assert.equal(r.fd(), 17);
    assert.equal(r.remaining(), 0);
    assert.deepEqual(w.fds, [17]);
    assert.deepEqual(w.fdOwners, [0]);
  });

  it('rounds fixed-point values like wl_fixed_from_double', () => {
    const w = new WireWriter();
    w.begin(1, 0);
    w.fixed(1 / 3);
    w.finish();
    assert.equal(w.buf.readInt32LE(8), 85);
  });

  it('pads strings and arrays to 32 bits with zeros', () => {
    const w = new WireWriter();
    w.begin(1, 0);
    w.string('abc'); // 4 bytes with NUL: no padding
    w.string('abcd'); // 5 bytes: 3 of padding
    w.finish();
    assert.equal(w.pending, 8 + 4 + 4 + 4 + 8);
    assert.deepEqual([...w.buf.subarray(20, 28)], [0x61, 0x62, 0x63, 0x64, 0, 0, 0, 0]);
  });

  it('rejects messages over 4096 bytes and drops them whole', () => {
    const w = new WireWriter();
    w.begin(1, 0);
    w.uint(1);
    w.finish();
    w.begin(1, 0);
    w.fd(5);
    assert.throws(() => w.string('x'.repeat(5000)), WireError);
    assert.equal(w.pending, 12);
    assert.deepEqual(w.fds, []);
  });

  it('grows and compacts its buffer without losing unsent bytes', () => {
    const w = new WireWriter((n) => Buffer.alloc(n), 64);
    for (let i = 0; i < 1000; i++) {
      w.begin(i, 0);
      w.uint(i);
      w.finish();
    }
    w.consume(12 * 500, 0);
    for (let i = 0; i < 10; i++) {
      w.begin(5000 + i, 0);
      w.uint(i);
      w.finish();
    }
    assert.equal(w.pending, 12 * 510);
    assert.equal(w.buf.readUInt32LE(w.start), 500);
  });

  describe('malformed input', () => {
    function raw(words: number[], bytes?: Buffer): WireReader {
      const buf = bytes ?? Buffer.alloc(words.length * 4);
      if (!bytes) words.forEach((v, i) => buf.writeUInt32LE(v >>> 0, i * 4));
      const r = new WireReader(buf);
      r.setFdQueue([]);
      r.begin(0, buf.length);
      return r;
    }

    it('a message too short for its arguments', () => {
      const r = raw([1, (12 << 16) | 0, 5]);
      r.uint();
      assert.throws(() => r.uint(), /too short/);
    });

    it('a string without its NUL', () => {
      const buf = Buffer.alloc(16);
      buf.writeUInt32LE(1, 0);
      buf.writeUInt32LE(16 << 16, 4);
      buf.writeUInt32LE(4, 8);
      buf.write('abcd', 12);
      assert.throws(() => raw([], buf).string(), /NUL/);
    });

    it('a string longer than the message', () => {
      assert.throws(() => raw([1, 16 << 16, 100, 0]).string(), /longer than its message/);
    });

    it('an array longer than the message', () => {
      assert.throws(() => raw([1, 16 << 16, 9, 0]).array(), /array longer/);
    });

    it('a missing fd', () => {
      assert.throws(() => raw([1, 8 << 16]).fd(), /file descriptor expected/);
    });

    it('a null string where one is required, and a zero new_id', () => {
      assert.throws(() => raw([1, 12 << 16, 0]).string(), /null string/);
      assert.throws(() => raw([1, 12 << 16, 0]).newId(), /new_id/);
    });
  });
});
