import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Region } from '../../../compositor/src/geometry/region.js';
import { blit } from './blit.js';
import { Framebuffer } from './framebuffer.js';
import { ShmFormat, fourcc, isSupportedShmFormat, pixelFormatInfo } from './pixel-formats.js';
import { composeDamage } from './scene-compose.js';
import type { SrcImage } from './source-image.js';

const GUARD = 0xff123456;

/** An image of the given format from per-pixel byte tuples, with optional row padding. */
function image(
  format: number,
  width: number,
  height: number,
  pixel: (x: number, y: number) => number[],
  pad = 0,
): SrcImage {
  const bpp = pixelFormatInfo(format)!.bytesPerPixel;
  const stride = width * bpp + pad;
  const data = new Uint8Array(stride * height).fill(0xee); // padding is garbage
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set(pixel(x, y), y * stride + x * bpp);
  return { data, width, height, stride, format };
}

/** Bytes B,G,R,A of a premultiplied 0xAARRGGBB word (ARGB8888 memory order). */
const argbBytes = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

function near(actual: number, expected: number, tol: number, msg = ''): void {
  for (let s = 0; s < 32; s += 8) {
    const a = (actual >>> s) & 0xff;
    const e = (expected >>> s) & 0xff;
    assert.ok(Math.abs(a - e) <= tol, `${msg} got ${actual.toString(16)} want ${expected.toString(16)}`);
  }
}

const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

test('fourcc codes and format table', () => {
  assert.equal(fourcc('AB24'), 0x34324241);
  assert.equal(fourcc('XB24'), 0x34324258);
  assert.equal(fourcc('RG16'), 0x36314752);
  for (const code of Object.values(ShmFormat)) assert.ok(isSupportedShmFormat(code));
  assert.ok(!isSupportedShmFormat(fourcc('NV12')));
  assert.equal(pixelFormatInfo(ShmFormat.RGB565)!.bytesPerPixel, 2);
  assert.equal(pixelFormatInfo(ShmFormat.XRGB8888)!.hasAlpha, false);
  assert.equal(pixelFormatInfo(ShmFormat.ABGR8888)!.hasAlpha, true);
});

test('every format converts known colours', () => {
  // [format, bytes of pixel, expected framebuffer word]
  const cases: [number, number[], number][] = [
    [ShmFormat.ARGB8888, [0x30, 0x20, 0x10, 0xff], 0xff102030],
    [ShmFormat.XRGB8888, [0x30, 0x20, 0x10, 0x00], 0xff102030],
    [ShmFormat.ABGR8888, [0x10, 0x20, 0x30, 0xff], 0xff102030],
    [ShmFormat.XBGR8888, [0x10, 0x20, 0x30, 0x07], 0xff102030],
    [ShmFormat.RGB565, [0x00, 0xf8], 0xffff0000],
    [ShmFormat.RGB565, [0xe0, 0x07], 0xff00ff00],
    [ShmFormat.RGB565, [0x1f, 0x00], 0xff0000ff],
    [ShmFormat.RGB565, [0x10, 0x84], 0xff848284],
    [ShmFormat.RGB565, [0xff, 0xff], 0xffffffff],
  ];
  for (const [format, bytes, want] of cases) {
    for (const scaled of [false, true]) {
      const fb = new Framebuffer(4, 4);
      const img = image(format, 2, 2, () => bytes);
      blit(fb, img, { dstRect: { x: 1, y: 1, width: scaled ? 3 : 2, height: scaled ? 3 : 2 } });
      assert.equal(hex(fb.getPixel(1, 1)), hex(want), `format ${format} scaled=${scaled}`);
      assert.equal(fb.getPixel(0, 0), 0);
    }
  }
  // Premultiplied alpha in ABGR order, over transparent black: stored unchanged.
  const fb = new Framebuffer(1, 1);
  blit(
    fb,
    image(ShmFormat.ABGR8888, 1, 1, () => [0x40, 0x20, 0x10, 0x80]),
    { dstRect: { x: 0, y: 0, width: 1, height: 1 } },
  );
  assert.equal(hex(fb.getPixel(0, 0)), hex(0x80402010));
});

test('50% red over blue blends with premultiplied alpha', () => {
  for (const format of [ShmFormat.ARGB8888, ShmFormat.ABGR8888]) {
    const fb = new Framebuffer(2, 1);
    fb.fill(fb.bounds(), 0xff0000ff);
    const red = format === ShmFormat.ARGB8888 ? argbBytes(0x80800000) : [0x80, 0, 0, 0x80];
    blit(
      fb,
      image(format, 2, 1, () => red),
      { dstRect: { x: 0, y: 0, width: 2, height: 1 } },
    );
    // r = 128, b = 255 * (1 - 128/255) = 127, a = 128 + 127.
    near(fb.getPixel(0, 0), 0xff80007f, 1, `format ${format}`);
  }
  // Fully transparent pixels leave the destination alone; fully opaque ones replace it.
  const fb = new Framebuffer(2, 1);
  fb.fill(fb.bounds(), GUARD);
  const img = image(ShmFormat.ARGB8888, 2, 1, (x) => (x === 0 ? [0, 0, 0, 0] : argbBytes(0xff00ff00)));
  blit(fb, img, { dstRect: { x: 0, y: 0, width: 2, height: 1 } });
  assert.equal(fb.getPixel(0, 0), GUARD);
  assert.equal(fb.getPixel(1, 0), 0xff00ff00);
  // The opaque hint copies instead of blending and forces alpha.
  const fb2 = new Framebuffer(1, 1);
  fb2.fill(fb2.bounds(), GUARD);
  blit(
    fb2,
    image(ShmFormat.ARGB8888, 1, 1, () => argbBytes(0x00102030)),
    { dstRect: { x: 0, y: 0, width: 1, height: 1 }, opaque: true },
  );
  assert.equal(hex(fb2.getPixel(0, 0)), hex(0xff102030));
});

test('XRGB copy sets alpha to 0xff', () => {
  const fb = new Framebuffer(3, 2);
  const img = image(ShmFormat.XRGB8888, 3, 2, (x, y) => [x, y, 0x55, 0x00]);
  blit(fb, img, { dstRect: { x: 0, y: 0, width: 3, height: 2 } });
  for (let y = 0; y < 2; y++)
    for (let x = 0; x < 3; x++) assert.equal(hex(fb.getPixel(x, y)), hex(0xff550000 | (y << 8) | x));
  // And the raw bytes are B,G,R,A.
  assert.deepEqual([...fb.data.subarray(4, 8)], [1, 0, 0x55, 0xff]);
});

test('2:1 downscale of a checkerboard averages to grey', () => {
  for (const format of [ShmFormat.XRGB8888, ShmFormat.XBGR8888, ShmFormat.RGB565]) {
    const white = format === ShmFormat.RGB565 ? [0xff, 0xff] : [0xff, 0xff, 0xff, 0xff];
    const black = format === ShmFormat.RGB565 ? [0, 0] : [0, 0, 0, 0];
    const img = image(format, 16, 16, (x, y) => ((x + y) & 1 ? white : black));
    const fb = new Framebuffer(8, 8);
    blit(fb, img, { dstRect: { x: 0, y: 0, width: 8, height: 8 } });
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) near(fb.getPixel(x, y), 0xff808080, 1, `format ${format}`);
  }
  // 3:1 and 4:1 integer factors average their whole block too.
  for (const k of [3, 4]) {
    const img = image(ShmFormat.ARGB8888, 4 * k, 4 * k, (x, y) =>
      (x + y) % k === 0 ? argbBytes(0xffffffff) : argbBytes(0xff000000),
    );
    const fb = new Framebuffer(4, 4);
    blit(fb, img, { dstRect: { x: 0, y: 0, width: 4, height: 4 } });
    const v = Math.round(255 / k);
    near(fb.getPixel(1, 2), (0xff000000 | (v << 16) | (v << 8) | v) >>> 0, 1, `k=${k}`);
  }
});

test('bilinear upscale interpolates and clamps at the edges', () => {
  const img = image(ShmFormat.XRGB8888, 2, 1, (x) => (x === 0 ? [0, 0, 0, 0] : [255, 255, 255, 0]));
  const fb = new Framebuffer(4, 1);
  blit(fb, img, { dstRect: { x: 0, y: 0, width: 4, height: 1 } });
  const blue = [0, 1, 2, 3].map((x) => fb.getPixel(x, 0) & 0xff);
  assert.deepEqual(blue, [0, 64, 191, 255]);
  // Fractional viewport source: half a pixel in, same size — a half-pixel shift.
  const fb2 = new Framebuffer(1, 1);
  blit(fb2, img, {
    srcRect: { x: 0.5, y: 0, width: 1, height: 1 },
    dstRect: { x: 0, y: 0, width: 1, height: 1 },
  });
  near(fb2.getPixel(0, 0), 0xff808080, 1);
});

test('clipping never writes outside the clip or the framebuffer', () => {
  const rnd = (() => {
    let s = 7;
    return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  })();
  const img = image(ShmFormat.ARGB8888, 10, 10, () => argbBytes(0x80402010));
  const solid = image(ShmFormat.XRGB8888, 10, 10, () => [1, 2, 3, 0]);
  for (let round = 0; round < 200; round++) {
    const fb = new Framebuffer(16, 16);
    fb.fill(fb.bounds(), GUARD);
    const i = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo));
    const clip = { x: i(-4, 14), y: i(-4, 14), width: i(0, 12), height: i(0, 12) };
    const dstRect = { x: i(-8, 14), y: i(-8, 14), width: i(1, 24), height: i(1, 24) };
    const srcRect =
      rnd() < 0.5
        ? undefined
        : { x: rnd() * 4 - 1, y: rnd() * 4 - 1, width: 1 + rnd() * 10, height: 1 + rnd() * 10 };
    blit(fb, rnd() < 0.5 ? img : solid, { dstRect, clip, srcRect });
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 16; x++) {
        const inside =
          x >= clip.x &&
          x < clip.x + clip.width &&
          y >= clip.y &&
          y < clip.y + clip.height &&
          x >= dstRect.x &&
          x < dstRect.x + dstRect.width &&
          y >= dstRect.y &&
          y < dstRect.y + dstRect.height;
        if (!inside) assert.equal(fb.getPixel(x, y), GUARD, `round ${round} pixel ${x},${y}`);
      }
  }
});

test('a stride larger than width * 4 works', () => {
  for (const format of [ShmFormat.XRGB8888, ShmFormat.ARGB8888, ShmFormat.XBGR8888]) {
    const img = image(format, 3, 3, (x, y) => [x * 10, y * 10, 0, 0xff], 20);
    const fb = new Framebuffer(3, 3);
    blit(fb, img, { dstRect: { x: 0, y: 0, width: 3, height: 3 } });
    const px = fb.getPixel(2, 2);
    const [c0, c1] =
      format === ShmFormat.XBGR8888
        ? [(px >>> 16) & 0xff, (px >>> 8) & 0xff]
        : [px & 0xff, (px >>> 8) & 0xff];
    assert.deepEqual([c0, c1, px >>> 24], [20, 20, 0xff]);
  }
  // Unaligned stride (not a multiple of 4) and unaligned data offset take the byte path.
  const raw = new Uint8Array(1 + 13 * 2);
  const data = raw.subarray(1);
  data.set(argbBytes(0xff0000ff), 0);
  data.set(argbBytes(0xff00ff00), 13 + 8);
  const fb = new Framebuffer(3, 2);
  blit(
    fb,
    { data, width: 3, height: 2, stride: 13, format: ShmFormat.ARGB8888 },
    { dstRect: { x: 0, y: 0, width: 3, height: 2 } },
  );
  assert.equal(fb.getPixel(0, 0), 0xff0000ff);
  assert.equal(fb.getPixel(2, 1), 0xff00ff00);
});

test('a truncated buffer neither throws nor reads past its end', () => {
  for (const format of Object.values(ShmFormat)) truncatedCase(format);
});

/**
 * A uniform 8×8 image cut in the middle of row 5, drawn 1:1, 2:1 and upscaled (opaque,
 * so the expected colour does not depend on the background).
 */
function truncatedCase(format: number): void {
  const bpp = pixelFormatInfo(format)!.bytesPerPixel;
  const full = image(format, 8, 8, () => new Array(bpp).fill(9));
  const probe = new Framebuffer(1, 1);
  const one = { x: 0, y: 0, width: 1, height: 1 };
  blit(probe, full, { srcRect: one, dstRect: one, opaque: true });
  const colour = probe.getPixel(0, 0);
  const cut: SrcImage = { ...full, data: full.data.subarray(0, 8 * bpp * 5 + 7) };
  // Reading past the view would give undefined (→ zero channels), so every drawn pixel
  // must be exactly the source colour, and only rows backed by complete source rows are
  // drawn: 1:1 → rows 0..4; 2:1 box → output rows 0..1 (block 2 needs source row 5);
  // 8→11 bilinear → output rows whose centre maps above source row 5, i.e. 0..6.
  const cases: [{ x: number; y: number; width: number; height: number }, number][] = [
    [{ x: 0, y: 0, width: 8, height: 8 }, 5],
    [{ x: 0, y: 0, width: 4, height: 4 }, 2],
    [{ x: 0, y: 0, width: 13, height: 11 }, 7],
  ];
  for (const [dstRect, rowsDrawn] of cases) {
    const fb = new Framebuffer(16, 16);
    fb.fill(fb.bounds(), GUARD);
    assert.doesNotThrow(() => blit(fb, cut, { dstRect, opaque: true }));
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 16; x++) {
        const inside = x < dstRect.width && y < rowsDrawn;
        const want = inside ? hex(colour) : hex(GUARD);
        assert.equal(
          hex(fb.getPixel(x, y)),
          want,
          `format ${format} pixel ${x},${y} for ${JSON.stringify(dstRect)}`,
        );
      }
  }
}

test('a source rect outside the buffer and empty data are handled', () => {
  const full = image(ShmFormat.XRGB8888, 8, 8, () => [9, 9, 9, 9]);
  for (const format of Object.values(ShmFormat)) {
    const fb = new Framebuffer(4, 4);
    const empty: SrcImage = { data: new Uint8Array(3), width: 4, height: 4, stride: 16, format };
    assert.doesNotThrow(() => blit(fb, empty, { dstRect: { x: 0, y: 0, width: 4, height: 4 } }));
    assert.doesNotThrow(() =>
      blit(fb, { ...empty, stride: 0 }, { dstRect: { x: 0, y: 0, width: 2, height: 2 } }),
    );
  }
  // A source rect reaching outside the buffer only draws its inside part.
  const fb = new Framebuffer(8, 8);
  fb.fill(fb.bounds(), GUARD);
  blit(fb, full, {
    srcRect: { x: 4, y: 4, width: 8, height: 8 },
    dstRect: { x: 0, y: 0, width: 8, height: 8 },
  });
  assert.equal(fb.getPixel(3, 3), 0xff090909);
  assert.equal(fb.getPixel(4, 4), GUARD);
});

test('composeDamage repaints only the damage, layers bottom to top', () => {
  const fb = new Framebuffer(20, 20);
  fb.fill(fb.bounds(), GUARD);
  const bottom = image(ShmFormat.XRGB8888, 10, 10, () => [0, 0, 0xff, 0]); // red
  const top = image(ShmFormat.ARGB8888, 10, 10, () => argbBytes(0x80008000)); // 50% green
  const damage = Region.fromRect({ x: 0, y: 0, width: 8, height: 8 }).add({
    x: 12,
    y: 12,
    width: 8,
    height: 8,
  });
  composeDamage(
    fb,
    [
      { image: bottom, dstRect: { x: 0, y: 0, width: 10, height: 10 } },
      { image: top, dstRect: { x: 5, y: 5, width: 10, height: 10 } },
    ],
    damage,
    0xff202020,
  );
  assert.equal(hex(fb.getPixel(1, 1)), 'ffff0000');
  near(fb.getPixel(6, 6), 0xff7f8000, 1, 'green over red');
  near(fb.getPixel(13, 13), 0xff109010, 1, 'green over background');
  assert.equal(hex(fb.getPixel(18, 18)), 'ff202020');
  assert.equal(fb.getPixel(9, 9), GUARD, 'outside the damage');
  assert.equal(fb.getPixel(10, 2), GUARD);
});

test('composeDamage skips layers hidden behind an opaque one', () => {
  let reads = 0;
  const hiddenData = new Uint8Array(10 * 10 * 4).fill(0x33);
  const hidden: SrcImage = {
    get data() {
      reads++;
      return hiddenData;
    },
    width: 10,
    height: 10,
    stride: 40,
    format: ShmFormat.ARGB8888,
  };
  const cover = image(ShmFormat.ARGB8888, 10, 10, () => argbBytes(0xff0000ff));
  const fb = new Framebuffer(10, 10);
  const layers = [
    { image: hidden, dstRect: { x: 0, y: 0, width: 10, height: 10 } },
    {
      image: cover,
      dstRect: { x: 0, y: 0, width: 10, height: 10 },
      opaqueRegion: Region.fromRect({ x: 0, y: 0, width: 10, height: 10 }),
    },
  ];
  composeDamage(fb, layers, Region.fromRect({ x: 2, y: 2, width: 4, height: 4 }), 0xff000000);
  assert.equal(reads, 0);
  assert.equal(fb.getPixel(3, 3), 0xff0000ff);
  // Without the opaque region the layer below must be drawn.
  composeDamage(
    fb,
    [layers[0]!, { image: cover, dstRect: layers[1]!.dstRect }],
    Region.fromRect({ x: 2, y: 2, width: 4, height: 4 }),
    0xff000000,
  );
  assert.ok(reads > 0);
  assert.equal(fb.getPixel(3, 3), 0xff0000ff);
});
