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

test('the window under the drop point decides where dropped files go', async () => {
  const { dropTargetAt } = await import('../../guests/drop-target.js');
  const at = (pid: number | null) =>
    ({
      scene: {
        surfaceAt: () =>
          pid === -1 ? null : { surface: { resource: { client: { credentials: pid ? { pid } : null } } } },
      },
      shell: { windows: () => [], windowSurface: () => null },
    }) as unknown as import('../../exo.js').Exo;
  // A client straight on exo (here: this very process) gets exo's drop folder and host paths.
  const host = await dropTargetAt(at(process.pid), 1, 2, () => '/run/drops');
  assert.equal(host.folder, '/run/drops');
  assert.equal(host.mapper.toGuest('/run/drops/a'), '/run/drops/a');
  // Nothing there, or a client exo cannot place (a link client has no pid): refused, no folder.
  for (const [pid, why] of [
    [-1, /no window is at \(1, 2\)/],
    [null, /does not know which running guest it belongs to/],
  ] as const) {
    let folderAsked = false;
    await assert.rejects(
      dropTargetAt(at(pid), 1, 2, () => ((folderAsked = true), '/run/drops')),
      (e: HttpError) => e.status === 409 && why.test(e.message),
    );
    assert.equal(folderAsked, false);
  }
});
