import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { HostData } from '../data-device/host-source.js';
import { findOffer, guestOffers } from './host-offers.js';
import { importGuestSelection, importHostItems, toHostItem } from './import.js';
import {
  candidatesByKind,
  HOST_HTML,
  HOST_PNG,
  HOST_TEXT,
  HOST_URI_LIST,
  parseMime,
  typeInfo,
} from './mime.js';
import { Spool } from '../data-device/spool.js';
import { SHARE_NOTHING, translateUriList, type PathMapper } from './uri-list.js';

const bytesOf = (d: HostData): Buffer =>
  typeof d === 'function'
    ? Buffer.concat(Array.from(d(), (c) => Buffer.from(c)))
    : typeof d === 'string'
      ? Buffer.from(d)
      : d instanceof Spool
        ? d.toBuffer()
        : d;

/** Host /home/me/shared ⇄ guest /mnt/shared. */
const SHARED: PathMapper = {
  toGuest: (p) => (p.startsWith('/home/me/shared/') ? `/mnt/shared/${p.slice(16)}` : null),
  toHost: (p) => (p.startsWith('/mnt/shared/') ? `/home/me/shared/${p.slice(12)}` : null),
};

describe('clipboard MIME types', () => {
  it('parses types with parameters and X atoms', () => {
    assert.deepEqual(parseMime('Text/Plain; Charset="UTF-8"'), {
      essence: 'text/plain',
      params: new Map([['charset', 'UTF-8']]),
    });
    assert.equal(parseMime('UTF8_STRING')?.essence, 'UTF8_STRING');
    assert.equal(parseMime('not a type'), null);
    assert.equal(typeInfo('text/plain;charset=koi8-r'), null, 'a charset we cannot convert exactly');
    assert.equal(typeInfo('application/x-whatever'), null);
  });

  it('ranks what a guest offers: UTF-8 first, then UTF-16, bare text/plain, TEXT, STRING last', () => {
    const offered = [
      'STRING',
      'TEXT',
      'text/plain',
      'text/plain;charset=utf-16',
      'UTF8_STRING',
      'image/jpeg',
      'image/png',
    ];
    const c = candidatesByKind([...offered, 'text/plain;charset=utf-8']);
    assert.deepEqual(c.get('text'), [
      'text/plain;charset=utf-8',
      'UTF8_STRING',
      'text/plain;charset=utf-16',
      'text/plain',
      'TEXT',
      'STRING',
    ]);
    assert.deepEqual(c.get('image'), ['image/png', 'image/jpeg']);
  });
});

describe('host → guest offers', () => {
  it('offers text under every name, the UTF-8 ones as the stored Buffer itself', () => {
    const text = Buffer.from('café 😀');
    const { offers } = guestOffers(new Map([[HOST_TEXT, text]]), SHARE_NOTHING);
    assert.deepEqual(
      offers.map(([m]) => m),
      [HOST_TEXT, 'UTF8_STRING', 'text/plain;charset=utf-16', 'text/plain', 'TEXT'],
      'no STRING: the emoji does not fit ISO-8859-1',
    );
    for (const [m, d] of offers) if (m !== 'text/plain;charset=utf-16') assert.equal(d, text);
    assert.deepEqual(
      bytesOf(findOffer(offers, 'text/plain; charset=UTF-16')![1]),
      Buffer.from('café 😀', 'utf16le'),
    );
    const latin = guestOffers(new Map([[HOST_TEXT, Buffer.from('café')]]), SHARE_NOTHING).offers;
    assert.deepEqual(bytesOf(findOffer(latin, 'STRING')![1]), Buffer.from('café', 'latin1'));
  });

  it('offers HTML in UTF-8 and UTF-16, and translates or drops file URLs', () => {
    const { offers } = guestOffers(new Map([[HOST_HTML, Buffer.from('<i>é</i>')]]), SHARE_NOTHING);
    assert.deepEqual(
      offers.map(([m]) => m),
      ['text/html;charset=utf-8', 'text/html;charset=utf-16', 'text/html'],
    );
    const list = Buffer.from(
      'file:///home/me/shared/a%20b.txt\r\nfile:///etc/passwd\r\nhttps://example.com/x\r\n',
    );
    const shared = guestOffers(new Map([[HOST_URI_LIST, list]]), SHARED);
    assert.equal(
      bytesOf(findOffer(shared.offers, HOST_URI_LIST)![1]).toString(),
      'file:///mnt/shared/a%20b.txt\r\nhttps://example.com/x\r\n',
    );
    assert.match(shared.notes.join(), /file:\/\/\/etc\/passwd \(not shared\)/);
    const none = guestOffers(new Map([[HOST_URI_LIST, Buffer.from('file:///home/me/x\r\n')]]), SHARE_NOTHING);
    assert.deepEqual(none.offers, [], 'nothing shared: nothing offered');
  });
});

describe('into the host set', () => {
  it('normalizes host items and reports what it cannot take', async () => {
    const r = await importHostItems([
      { mime: 'text/plain;charset=utf-16', bytes: Buffer.from('日本', 'utf16le') },
      { mime: 'text/plain', bytes: Buffer.from('second text is ignored') },
      { mime: 'application/json', bytes: Buffer.from('{}') },
      { mime: 'text/html', bytes: Buffer.from([0x3c, 0xff]) },
    ]);
    assert.equal(r.items.get(HOST_TEXT)?.toString(), '日本');
    assert.equal(r.items.size, 1);
    assert.deepEqual(
      r.dropped.map((d) => d.mime),
      ['application/json', 'text/html'],
    );
  });

  it('converts other images to PNG and keeps PNG byte for byte', async () => {
    const raw = { raw: { width: 2, height: 2, channels: 3 as const } };
    const jpeg = await sharp(Buffer.alloc(12, 200), raw).jpeg().toBuffer();
    const png = await sharp(Buffer.alloc(12, 100), raw).png().toBuffer();
    const fromJpeg = await toHostItem('image/jpeg', jpeg, null);
    assert.equal((await sharp(fromJpeg.bytes).metadata()).format, 'png');
    assert.equal((await toHostItem('image/png', png, null)).bytes, png);
    await assert.rejects(toHostItem('image/png', jpeg, null), /PNG signature/);
    await assert.rejects(
      toHostItem('image/gif', Buffer.from('GIF89a broken'), null),
      /cannot convert image\/gif/,
    );
  });

  it('reads a guest selection best type first, falling back when one does not decode', async () => {
    const data: Record<string, Buffer> = {
      'text/plain;charset=utf-8': Buffer.from([0x61, 0xff]), // broken
      'text/plain;charset=utf-16': Buffer.from('fine', 'utf16le'),
      'text/html': Buffer.from('<b>x</b>'),
      'text/uri-list': Buffer.from('file:///mnt/shared/doc.txt\r\nfile:///root/secret\r\n'),
      'application/x-private': Buffer.from('never read'),
    };
    const asked: string[] = [];
    const reader = {
      read: async (mime: string) => (asked.push(mime), data[mime]!),
      guestToHost: (p: string) => SHARED.toHost(p),
    };
    const r = await importGuestSelection(Object.keys(data), reader, 1000, new AbortController().signal);
    assert.equal(r.items.get(HOST_TEXT)?.toString(), 'fine');
    assert.equal(r.items.get(HOST_HTML)?.toString(), '<b>x</b>');
    assert.equal(r.items.get(HOST_URI_LIST)?.toString(), 'file:///home/me/shared/doc.txt\r\n');
    assert.equal(r.items.has(HOST_PNG), false);
    assert.deepEqual(r.dropped, [
      { mime: 'text/plain;charset=utf-8', error: 'not valid UTF-8 (byte 0xff at offset 1)' },
    ]);
    assert.ok(!asked.includes('application/x-private'));
  });

  it('rejects malformed and foreign file URLs', () => {
    const r = translateUriList(
      Buffer.from(
        '# comment\nfile://otherhost/x\nfile:///mnt/shared/a%2Fb\nsmb://server/share\nnot a uri\nfile:///mnt/shared/ok\n',
      ),
      (p) => SHARED.toHost(p),
    );
    assert.equal(r.bytes.toString(), 'file:///home/me/shared/ok\r\n');
    assert.equal(r.dropped.length, 4);
  });
});
