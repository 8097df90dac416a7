// The host clipboard through the control API with real clients on exo directly: wl-copy →
// GET /api/clipboard, PUT /api/clipboard → wl-paste, in every text type, for HTML and PNG byte
// for byte, for the primary selection, and the errors the API answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import {
  copy,
  guestClipboard,
  killAll,
  offerFromGuest,
  paste,
  putClipboard,
  type ClipboardJson,
} from './clipboard-fixture.js';

/** Emoji (with a skin tone and a ZWJ sequence), CJK, combining marks, a plane-16 character. */
const TEXT = 'Zoë 😀 👩🏽‍🚀 日本語の文章 한국어 e\u0301 a\u0308\u0323 \u{10FFFD} end';

describe('clipboard API with wl-copy and wl-paste', () => {
  let exo: ExoProcess;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    exo = await startExoProcess();
    env = exo.clientEnv();
  });

  after(async () => {
    await killAll();
    await exo?.stop();
  });

  it('wl-copy → GET /api/clipboard holds the text, in every text type', async () => {
    copy(env, [], Buffer.from(TEXT));
    const j = await guestClipboard(exo, '', (x) => x.text === TEXT);
    assert.equal(j.text, TEXT);
    assert.deepEqual(j.mimeTypes, ['text/plain;charset=utf-8']);
    assert.ok(j.offered.includes('UTF8_STRING'), `wl-copy's types: ${j.offered.join(', ')}`);
    const get = async (mime: string) =>
      (await exo.ok('GET', `/api/clipboard?mime=${encodeURIComponent(mime)}`)).body;
    for (const mime of ['text/plain;charset=utf-8', 'UTF8_STRING', 'text/plain', 'TEXT'])
      assert.deepEqual(await get(mime), Buffer.from(TEXT), mime);
    assert.deepEqual(await get('text/plain;charset=utf-16'), Buffer.from(TEXT, 'utf16le'));
  });

  it('PUT /api/clipboard → wl-paste prints it, in every text type', async () => {
    const r = await putClipboard(exo, 'text/plain;charset=utf-8', Buffer.from(TEXT));
    assert.equal(r.status, 200, r.body.toString());
    assert.equal((r.json as ClipboardJson).owner, 'host');
    const types = (await paste(env, ['--list-types'])).toString().split('\n').filter(Boolean);
    assert.deepEqual(types.sort(), [
      'TEXT',
      'UTF8_STRING',
      'text/plain',
      'text/plain;charset=utf-16',
      'text/plain;charset=utf-8',
    ]);
    for (const mime of ['text/plain;charset=utf-8', 'UTF8_STRING', 'text/plain', 'TEXT'])
      assert.deepEqual(await paste(env, ['-t', mime]), Buffer.from(TEXT), mime);
    assert.deepEqual(await paste(env, ['-t', 'text/plain;charset=utf-16']), Buffer.from(TEXT, 'utf16le'));
  });

  it('offers STRING (ISO-8859-1) only for text that fits it', async () => {
    await putClipboard(exo, 'text/plain;charset=utf-16', Buffer.from('café ÿ', 'utf16le'));
    assert.deepEqual(await paste(env, ['-t', 'STRING']), Buffer.from('café ÿ', 'latin1'));
    assert.deepEqual(await paste(env, ['-t', 'text/plain;charset=utf-8']), Buffer.from('café ÿ'));
  });

  it('reads every text type a guest offers exactly, and drops what does not decode', async () => {
    const cases: Array<[string, Buffer]> = [
      ['text/plain;charset=utf-8', Buffer.from(TEXT)],
      ['UTF8_STRING', Buffer.from(TEXT)],
      ['text/plain;charset=utf-16', Buffer.from(TEXT, 'utf16le')],
      [
        'text/plain;charset=utf-16',
        Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]),
      ],
      ['text/plain', Buffer.from(TEXT)], // US-ASCII by spec, UTF-8 in practice
      ['TEXT', Buffer.from(TEXT)],
    ];
    for (const [i, [mime, bytes]] of cases.entries()) {
      await exo.ok('DELETE', '/api/clipboard');
      const c = await offerFromGuest(exo, { [mime]: bytes }, `copy-${i}`);
      try {
        const j = await guestClipboard(exo, '', (x) => x.offered.join() === mime);
        assert.equal(j.text, TEXT, `${mime} (case ${i}): ${JSON.stringify(j.dropped)}`);
      } finally {
        c.close();
      }
    }
    const bad = await offerFromGuest(
      exo,
      {
        'text/plain;charset=utf-16': Buffer.from([0x61, 0x00, 0x3d, 0xd8]),
        'text/html': Buffer.from('<b>ok</b>'),
      },
      'copy-bad',
    );
    try {
      const j = await guestClipboard(exo, '', (x) => x.offered.includes('text/html'));
      assert.deepEqual(j.mimeTypes, ['text/html']);
      assert.equal(j.text, undefined);
      assert.match(j.dropped?.[0]?.error ?? '', /lone high surrogate at offset 2/);
    } finally {
      bad.close();
    }
  });

  it('HTML survives both ways byte for byte', async () => {
    const html = Buffer.from('<meta charset="utf-8"><p style="color:red">Zoë <b>日本</b> 😀</p>\n');
    assert.equal((await putClipboard(exo, 'text/html', html)).status, 200);
    assert.deepEqual(await paste(env, ['-t', 'text/html']), html);
    assert.deepEqual(await paste(env, ['-t', 'text/html;charset=utf-8']), html);
    assert.equal((await paste(env, ['-t', 'text/html;charset=utf-16'])).toString('utf16le'), html.toString());
    copy(env, ['-t', 'text/html'], html);
    await guestClipboard(exo, '', (x) => x.mimeTypes.includes('text/html'));
    assert.deepEqual((await exo.ok('GET', '/api/clipboard?mime=text/html')).body, html);
  });

  it('a PNG survives both ways byte for byte; other images arrive as PNG', async () => {
    const pixels = Buffer.alloc(16 * 8 * 4);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) & 0xff;
    const png = await sharp(pixels, { raw: { width: 16, height: 8, channels: 4 } })
      .png()
      .toBuffer();
    assert.equal((await putClipboard(exo, 'image/png', png)).status, 200);
    assert.deepEqual(await paste(env, ['-t', 'image/png']), png);
    copy(env, ['-t', 'image/png'], png);
    const j = await guestClipboard(exo, '', (x) => x.offered.includes('image/png'));
    assert.deepEqual(j.mimeTypes, ['image/png']);
    assert.deepEqual((await exo.ok('GET', '/api/clipboard?mime=image/png')).body, png);

    const jpeg = await sharp(pixels, { raw: { width: 16, height: 8, channels: 4 } })
      .jpeg()
      .toBuffer();
    assert.equal((await putClipboard(exo, 'image/jpeg', jpeg)).status, 200);
    const pasted = await paste(env, ['-t', 'image/png']);
    assert.deepEqual(
      await sharp(pasted)
        .metadata()
        .then((m) => [m.format, m.width, m.height]),
      ['png', 16, 8],
    );
  });

  it('primary selection: wl-copy --primary → GET, PUT → wl-paste --primary', async () => {
    copy(env, ['--primary'], Buffer.from('primary 日本 😀'));
    const j = await guestClipboard(exo, '?selection=primary');
    assert.equal(j.text, 'primary 日本 😀');
    assert.equal(j.selection, 'primary');
    const r = await putClipboard(
      exo,
      'text/plain',
      Buffer.from('from the host, primary'),
      '?selection=primary',
    );
    assert.equal(r.status, 200);
    assert.equal((await paste(env, ['--primary'])).toString(), 'from the host, primary');
    assert.notEqual((await paste(env)).toString(), 'from the host, primary', 'the clipboard is apart');
  });

  it('answers clear errors', async () => {
    const bad = await putClipboard(exo, 'text/plain;charset=utf-8', Buffer.from([0x63, 0x61, 0x66, 0xc3]));
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /not valid UTF-8 \(sequence at offset 3\)/);
    const odd = await putClipboard(exo, 'text/plain;charset=utf-16', Buffer.from([0x61, 0x00, 0x62]));
    assert.equal(odd.status, 400);
    assert.match(odd.json.error, /odd number of bytes/);
    const unsupported = await putClipboard(exo, 'application/x-thing', Buffer.from('x'));
    assert.equal(unsupported.status, 415);
    assert.match(unsupported.json.error, /not a type the clipboard takes; it takes text\/plain/);
    const noType = await exo.request('PUT', '/api/clipboard', Buffer.from('x'), {
      headers: { 'Content-Type': '' },
    });
    assert.equal(noType.status, 400);
    await putClipboard(exo, 'text/plain', Buffer.from('kept'));
    const missing = await exo.request('GET', '/api/clipboard?mime=image/png');
    assert.equal(missing.status, 404);
    assert.match(missing.json.error, /has no image\/png; it has text\/plain;charset=utf-8/);
    assert.equal((await exo.request('GET', '/api/clipboard?selection=secondary')).status, 400);
    assert.equal((await exo.request('GET', '/api/clipboard', undefined, { token: null })).status, 401);
    assert.equal((await paste(env)).toString(), 'kept', 'a refused PUT leaves the clipboard as it was');
    assert.equal((await exo.ok('DELETE', '/api/clipboard')).json.owner, 'none');
  });
});
