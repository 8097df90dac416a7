import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CharsetError, fitsLatin1, toUtf8, utf8ToLatin1, utf8ToUtf16le } from './charset.js';

const SAMPLE = 'Zoë 😀 日本語 e\u0301 a\u0308\u0323 👩🏽‍🚀 \u{10FFFF}';
const concat = (chunks: Iterable<Uint8Array>): Buffer =>
  Buffer.concat(Array.from(chunks, (c) => Buffer.from(c)));

describe('charset', () => {
  it('keeps valid UTF-8 as the same Buffer and refuses invalid UTF-8 with its position', () => {
    const b = Buffer.from(SAMPLE);
    assert.equal(toUtf8(b, 'utf-8'), b);
    assert.throws(
      () => toUtf8(Buffer.from([0x61, 0x62, 0xc3]), 'utf-8'),
      /not valid UTF-8 \(sequence at offset 2\)/,
    );
    assert.throws(() => toUtf8(Buffer.from([0x61, 0xff, 0x62]), 'utf-8'), /byte 0xff at offset 1/);
    // An encoded surrogate (CESU-8) and an overlong form are not UTF-8.
    assert.throws(() => toUtf8(Buffer.from([0xed, 0xa0, 0x80]), 'utf-8'), CharsetError);
    assert.throws(() => toUtf8(Buffer.from([0xc0, 0xaf]), 'utf-8'), CharsetError);
  });

  it('converts UTF-16 both ways exactly, with or without a byte order mark', () => {
    const le = Buffer.from(SAMPLE, 'utf16le');
    assert.equal(toUtf8(le, 'utf-16').toString(), SAMPLE, 'no BOM: little-endian');
    assert.equal(toUtf8(Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16').toString(), SAMPLE);
    const be = Buffer.from(le).swap16();
    assert.equal(toUtf8(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16').toString(), SAMPLE);
    assert.equal(toUtf8(be, 'utf-16be').toString(), SAMPLE);
    assert.equal(toUtf8(le, 'utf-16le').toString(), SAMPLE);
    // In UTF-16LE a leading U+FEFF is text, not a mark.
    assert.equal(toUtf8(Buffer.from('\ufeffx', 'utf16le'), 'utf-16le').toString(), '\ufeffx');
    assert.deepEqual(concat(utf8ToUtf16le(Buffer.from(SAMPLE))), le);
    assert.equal(concat(utf8ToUtf16le(Buffer.alloc(0))).length, 0);
  });

  it('refuses lone surrogates and odd lengths in UTF-16', () => {
    const lone = Buffer.from([0x61, 0x00, 0x3d, 0xd8, 0x62, 0x00]); // a, high surrogate, b
    assert.throws(() => toUtf8(lone, 'utf-16le'), /lone high surrogate at offset 2/);
    assert.throws(() => toUtf8(Buffer.from([0x00, 0xdc]), 'utf-16le'), /lone low surrogate at offset 0/);
    assert.throws(() => toUtf8(Buffer.from([0x3d, 0xd8]), 'utf-16'), /lone high surrogate/);
    assert.throws(() => toUtf8(Buffer.from([0x61, 0x00, 0x62]), 'utf-16'), /odd number of bytes \(3\)/);
  });

  it('converts across slice boundaries (characters cut between slices)', () => {
    // 1 MiB - 1 bytes of ASCII, then 4-byte characters: the first straddles the boundary.
    const text = 'a'.repeat((1 << 20) - 1) + '😀'.repeat(1000) + '日本';
    const utf8 = Buffer.from(text);
    assert.ok(concat(utf8ToUtf16le(utf8)).equals(Buffer.from(text, 'utf16le')));
    const utf16 = Buffer.from('b'.repeat((1 << 19) - 1) + '😀x', 'utf16le'); // a pair across the boundary
    assert.equal(toUtf8(utf16, 'utf-16le').toString(), 'b'.repeat((1 << 19) - 1) + '😀x');
  });

  it('converts ISO-8859-1 and US-ASCII exactly', () => {
    const latin = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x80, 0xff]);
    assert.equal(toUtf8(latin, 'iso-8859-1').toString(), 'caf\u00e9\u0080\u00ff');
    assert.equal(toUtf8(Buffer.from('plain'), 'us-ascii').toString(), 'plain');
    assert.throws(() => toUtf8(latin, 'us-ascii'), /byte 0xe9 at offset 3/);
    assert.ok(fitsLatin1(Buffer.from('café ÿ')));
    assert.ok(!fitsLatin1(Buffer.from('café €')));
    assert.ok(!fitsLatin1(Buffer.from('😀')));
    assert.deepEqual(concat(utf8ToLatin1(Buffer.from('café ÿ'))), Buffer.from('café ÿ', 'latin1'));
  });

  it('reads HTML as UTF-16 when it starts with a byte order mark, else as UTF-8', () => {
    const html = '<p>日本</p>';
    assert.equal(toUtf8(Buffer.from(html), 'sniff-html').toString(), html);
    assert.equal(toUtf8(Buffer.from('\ufeff' + html, 'utf16le'), 'sniff-html').toString(), html);
    assert.throws(() => toUtf8(Buffer.from([0x3c, 0xff]), 'sniff-html'), CharsetError);
  });
});

describe('charset errors in large input', () => {
  it('finds the first bad byte of a large text quickly', () => {
    const big = Buffer.alloc(8 << 20, 'é'); // 2-byte characters across every slice boundary
    big[big.length - 6] = 0xff; // in place of a lead byte
    const start = performance.now();
    assert.throws(() => toUtf8(big, 'utf-8'), new RegExp(`byte 0xff at offset ${big.length - 6}`));
    assert.ok(performance.now() - start < 1000);
  });
});
