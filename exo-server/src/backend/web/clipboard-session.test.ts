import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Spool } from '../../data-device/spool.js';
import { parsePasteBody } from './clipboard-session.js';

test('a paste body arriving in pieces: small items in memory, a large one spooled to a file', () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'spooled paste ');
  const header = Buffer.from(
    JSON.stringify({
      items: [
        { mime: 'text/html', size: 4 },
        { mime: 'text/plain;charset=utf-8', size: big.length },
        { mime: 'text/rtf', size: 0 },
      ],
    }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const items = parsePasteBody(Buffer.concat([len, header, Buffer.from('<b/>'), big]));
  assert.deepEqual(
    items.map((i) => [i.mime, i.bytes.length]),
    [
      ['text/html', 4],
      ['text/plain;charset=utf-8', big.length],
      ['text/rtf', 0],
    ],
  );
  assert.ok(!(items[0]!.bytes instanceof Spool));
  const spool = items[1]!.bytes;
  assert.ok(spool instanceof Spool);
  assert.ok(spool.toBuffer().equals(big));
  assert.equal(spool.utf8, true, 'checked as UTF-8 while it arrived');
  spool.release();
});
