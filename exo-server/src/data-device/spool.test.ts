import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pipe } from '../../../compositor/src/native/shared-memory.js';
import { checkSpooledUtf8, Utf8Checker, utf8ToUtf16le } from '../clipboard/charset.js';
import { readBytesAndClose, writeAllAndClose } from './fd-transfer.js';
import { sameBytes, Spool, SpoolWriter } from './spool.js';

/** Moves `data` through a pipe: written by `writeAllAndClose`, read with `spoolAbove`. */
async function throughPipe(data: Buffer | Spool, spoolAbove?: number) {
  const [r, w] = pipe(true);
  const [bytes] = await Promise.all([
    readBytesAndClose(r, { spoolAbove, maxBytes: 1 << 20, timeoutMs: 10_000 }),
    writeAllAndClose(w, data, { timeoutMs: 10_000 }),
  ]);
  return bytes;
}

const text = (n: number): Buffer => {
  const line = Buffer.from('spooled — 日本語 — text 😀\n');
  const out = Buffer.alloc(n);
  for (let off = 0; off < n; off += line.length) line.copy(out, off);
  return out.subarray(0, n - (n % line.length));
};

describe('spooled transfers', () => {
  it('keeps small data in memory and spools large data, spliced both ways', async () => {
    const small = await throughPipe(Buffer.from('small'), 1024);
    assert.ok(!(small instanceof Spool));
    assert.equal(small.toString(), 'small');

    const data = text(3 * 1024 * 1024 + 5);
    const spool = await throughPipe(data, 1024);
    assert.ok(spool instanceof Spool);
    assert.equal(spool.length, data.length);
    assert.ok(sameBytes(spool, data));
    // Served back from the file with splice, to a reader that spools too.
    const again = await throughPipe(spool, 1024);
    assert.ok(again instanceof Spool && sameBytes(again, spool) && again.fd !== spool.fd);
    again.release();
    // Past maxBytes only a spool may take it, and a spool only up to maxSpoolBytes.
    await assert.rejects(throughPipe(data), /larger than/);
    const [r, w] = pipe(true);
    await Promise.all([
      assert.rejects(
        readBytesAndClose(r, { spoolAbove: 1024, maxSpoolBytes: 1 << 20 }),
        /larger than 1048576/,
      ),
      writeAllAndClose(w, data).catch(() => {}),
    ]);
    spool.release();
    assert.ok(spool.closed);
    assert.throws(() => spool.retain(), /gone/);
  });

  it('holds a spool while a transfer uses it, released by the last holder', async () => {
    const w = new SpoolWriter();
    w.write(Buffer.from('held'));
    const spool = w.finish();
    const [r, wr] = pipe(true);
    const reading = readBytesAndClose(r);
    const writing = writeAllAndClose(wr, spool);
    spool.release(); // the owner lets go while the transfer still holds it
    await writing;
    assert.equal((await reading).toString(), 'held');
    assert.ok(spool.closed);
  });

  it('checks and converts spooled UTF-8 a slice at a time, across slice boundaries', () => {
    const data = text(3 * 1024 * 1024);
    const w = new SpoolWriter();
    w.write(data);
    const good = w.finish();
    checkSpooledUtf8(good);
    const utf16 = Buffer.concat(Array.from(utf8ToUtf16le(good), (c) => Buffer.from(c)));
    assert.ok(utf16.equals(Buffer.from(data.toString('utf8'), 'utf16le')));
    good.release();

    for (const at of [10, 1024 * 1024 - 1, 1024 * 1024, 2 * 1024 * 1024 + 1]) {
      const bad = Buffer.from(data);
      bad[at] = 0xff;
      const b = new SpoolWriter();
      b.write(bad);
      const s = b.finish();
      assert.throws(() => checkSpooledUtf8(s), /not valid UTF-8/, `a bad byte at ${at}`);
      s.release();
    }
    const cut = new SpoolWriter();
    cut.write(Buffer.from('ends in a cut character \xe6\x97', 'latin1'));
    const c = cut.finish();
    assert.throws(() => checkSpooledUtf8(c), /not valid UTF-8/);
    c.release();
  });

  it('checks UTF-8 that comes in pieces of any size, down to single bytes', () => {
    const t = Buffer.from('aé日😀b — ok');
    for (const size of [1, 2, 3, 5]) {
      const c = new Utf8Checker();
      for (let i = 0; i < t.length; i += size) c.push(t.subarray(i, i + size));
      c.end();
      const bad = Buffer.concat([t, Buffer.from([0xf0, 0x9f])]);
      const d = new Utf8Checker();
      assert.throws(() => {
        for (let i = 0; i < bad.length; i += size) d.push(bad.subarray(i, i + size));
        d.end();
      }, /not valid UTF-8/);
    }
  });
});
