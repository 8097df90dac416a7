import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpError } from '../../api/http-json.js';
import { parsePasteBody } from './clipboard-session.js';
import { sanitizeFileName } from './file-upload.js';

test('dropped file names keep their last component only, never . or ..', () => {
  assert.equal(sanitizeFileName('report.pdf'), 'report.pdf');
  assert.equal(sanitizeFileName('../../etc/passwd'), 'passwd');
  assert.equal(sanitizeFileName('a\\b\\c.txt'), 'c.txt');
  assert.equal(sanitizeFileName('bad\nname\u0007.txt'), 'badname.txt');
  for (const bad of ['', '.', '..', 'x/..', '/'])
    assert.throws(() => sanitizeFileName(bad), HttpError, JSON.stringify(bad));
  assert.ok(Buffer.byteLength(sanitizeFileName('é'.repeat(300))) <= 200);
});

function pasteBody(header: unknown, ...parts: Buffer[]): Buffer {
  const h = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length);
  return Buffer.concat([len, h, ...parts]);
}

test('a paste body splits into its items, and a malformed one is refused', () => {
  const items = parsePasteBody(
    pasteBody(
      {
        items: [
          { mime: 'text/plain;charset=utf-8', size: 3 },
          { mime: 'text/html', size: 8 },
        ],
      },
      Buffer.from('abc'),
      Buffer.from('<b>x</b>'),
    ),
  );
  assert.deepEqual(
    items.map((i) => [i.mime, i.bytes.toString()]),
    [
      ['text/plain;charset=utf-8', 'abc'],
      ['text/html', '<b>x</b>'],
    ],
  );
  assert.throws(() => parsePasteBody(Buffer.alloc(2)), HttpError);
  assert.throws(
    () => parsePasteBody(pasteBody({ items: [{ mime: 'text/plain', size: 9 }] }, Buffer.from('ab'))),
    HttpError,
  );
  assert.throws(() => parsePasteBody(pasteBody({ items: [] }, Buffer.from('extra'))), HttpError);
  assert.throws(() => parsePasteBody(pasteBody({ items: [{ mime: 1, size: 0 }] })), HttpError);
  assert.throws(() => parsePasteBody(Buffer.from([255, 255, 255, 255, 1])), HttpError);
});
