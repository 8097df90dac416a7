// GET /api/screenshot.png: a PNG of the whole framebuffer in device pixels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startExoProcess } from '../harness/exo-fixture.js';
import { BACKGROUND_RGBA, countPixelsNot, decodePng, isPng, pixelAt } from '../harness/png.js';

test('an empty desktop is a 1280x800 PNG of the background colour', async (t) => {
  const exo = await startExoProcess();
  t.after(() => exo.stop());
  const r = await exo.request('GET', '/api/screenshot.png');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'image/png');
  assert.ok(isPng(r.body), 'PNG signature');
  const img = await decodePng(r.body);
  assert.equal(img.width, 1280);
  assert.equal(img.height, 800);
  assert.deepEqual(pixelAt(img, 0, 0), BACKGROUND_RGBA);
  assert.deepEqual(pixelAt(img, 1279, 799), BACKGROUND_RGBA);
  assert.equal(countPixelsNot(img, BACKGROUND_RGBA), 0, 'every pixel is background');
});

test('with --scale 2 the screenshot has the output pixel size, 2560x1600', async (t) => {
  const exo = await startExoProcess({ scale: 2 });
  t.after(() => exo.stop());
  const img = await exo.screenshot();
  assert.equal(img.width, 2560);
  assert.equal(img.height, 1600);
  assert.equal(countPixelsNot(img, BACKGROUND_RGBA), 0);
});

test('--size and a fractional --scale round the pixel size', async (t) => {
  const exo = await startExoProcess({ size: '1000x700', scale: 1.5 });
  t.after(() => exo.stop());
  const img = await exo.screenshot();
  assert.deepEqual([img.width, img.height], [1500, 1050]);
});

test('the screenshot needs the token like every route', async (t) => {
  const exo = await startExoProcess();
  t.after(() => exo.stop());
  const r = await exo.request('GET', '/api/screenshot.png', undefined, { token: null });
  assert.equal(r.status, 401);
  assert.match(r.json.error, /missing session token/);
});
