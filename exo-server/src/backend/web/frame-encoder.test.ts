import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { ShmFormat } from '../../render/pixel-formats.js';
import type { SourceImage } from '../../surface/surface-buffer.js';
import type { Surface } from '../../surface/surface.js';
import { DamageMotion } from './damage-motion.js';
import { FrameEncoder, RECT_JPEG, RECT_RAW, SURFACE_NATIVE, SURFACE_OPAQUE } from './frame-encoder.js';
import { SentImage } from './sent-image.js';

interface ParsedRect {
  x: number;
  y: number;
  w: number;
  h: number;
  encoding: number;
  bytes: Buffer;
}

/** The frame message as the page reads it (surfaces.ts). */
function parse(buf: Buffer): {
  seq: number;
  surfaces: Array<{ id: number; flags: number; rects: ParsedRect[] }>;
} {
  const surfaces = [];
  let p = 12;
  for (let i = 0; i < buf.readUInt32LE(8); i++) {
    const id = buf.readUInt32LE(p);
    const count = buf.readUInt32LE(p + 12);
    const flags = buf.readUInt32LE(p + 16);
    p += 20;
    const rects: ParsedRect[] = [];
    for (let r = 0; r < count; r++) {
      const [x, y, w, h, encoding, length] = [0, 4, 8, 12, 16, 20].map((o) => buf.readUInt32LE(p + o)) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      p += 24;
      rects.push({ x, y, w, h, encoding, bytes: buf.subarray(p, p + length) });
      p += length;
    }
    surfaces.push({ id, flags, rects });
  }
  assert.equal(p, buf.length, 'the whole message is read');
  return { seq: buf.readUInt32LE(4), surfaces };
}

function xrgbImage(width: number, height: number, seed: number): SourceImage & { words: Uint32Array } {
  const words = new Uint32Array(width * height);
  let x = seed | 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = (x & 0xffffff) >>> 0; // the X byte left 0: an XRGB buffer need not fill it
  }
  return {
    data: new Uint8Array(words.buffer),
    width,
    height,
    stride: width * 4,
    format: ShmFormat.XRGB8888,
    words,
  };
}

const never = (): boolean => false;
const always = (): boolean => true;
const whole = (img: SourceImage) => [{ x: 0, y: 0, width: img.width, height: img.height }];

test('raw rectangles: straight RGBA for canvas 2D, the buffer words as they are for WebGL', async () => {
  const img = xrgbImage(40, 30, 7);
  for (const layout of ['rgba', 'native'] as const) {
    const enc = new FrameEncoder();
    enc.begin(5);
    enc.addSurface(9, img, {
      damage: whole(img),
      sent: new SentImage(40, 30),
      layout,
      all: true,
      lossy: never,
    });
    const frame = enc.finish();
    assert.ok(Buffer.isBuffer(frame), 'a raw frame is ready at once');
    const { seq, surfaces } = parse(frame);
    assert.equal(seq, 5);
    const [s] = surfaces;
    assert.equal(s!.id, 9);
    assert.equal(s!.flags, SURFACE_OPAQUE | (layout === 'native' ? SURFACE_NATIVE : 0));
    const [r] = s!.rects;
    assert.deepEqual([r!.x, r!.y, r!.w, r!.h, r!.encoding], [0, 0, 40, 30, RECT_RAW]);
    const p = img.words[31]!;
    const got = r!.bytes.subarray(31 * 4, 32 * 4);
    if (layout === 'native') assert.equal(got.readUInt32LE(0), p);
    else assert.deepEqual([...got], [(p >>> 16) & 0xff, (p >>> 8) & 0xff, p & 0xff, 255]);
  }
});

test('only changed pixels travel: a damaged row shrinks to the pixel that differs', () => {
  const img = xrgbImage(64, 16, 3);
  const changed: number[] = [];
  const sent = new SentImage(64, 16);
  const enc = new FrameEncoder();
  enc.begin(1);
  enc.addSurface(1, img, { damage: whole(img), sent, layout: 'native', all: true, lossy: never });
  enc.finish();
  img.words[5 * 64 + 20] = 0x123456;
  enc.begin(2);
  enc.addSurface(1, img, {
    damage: [{ x: 0, y: 5, width: 64, height: 1 }],
    sent,
    layout: 'native',
    all: false,
    lossy: (n) => (changed.push(n), false),
  });
  const [r] = parse(enc.finish() as Buffer).surfaces[0]!.rects;
  assert.deepEqual([r!.x, r!.y, r!.w, r!.h], [20, 5, 1, 1]);
  assert.deepEqual(changed, [1], 'what really changed is told, not the damage');
});

test('lossy damage travels as JPEG strips, halved when large, in the page’s channel order', async () => {
  const img = xrgbImage(600, 600, 11);
  // A flat colour, so the JPEG keeps it: red must stay red in each layout's channel order.
  img.words.fill(0x00c01020);
  const sent = new SentImage(600, 600);
  const enc = new FrameEncoder();
  enc.begin(1);
  const out = enc.addSurface(1, img, { damage: whole(img), sent, layout: 'rgba', all: true, lossy: always });
  assert.deepEqual(out.lossy, whole(img));
  const pending = enc.finish();
  assert.ok(pending instanceof Promise, 'JPEG frames resolve once encoded');
  const rects = parse(await pending).surfaces[0]!.rects;
  assert.deepEqual(
    rects.map((r) => [r.x, r.y, r.w, r.h, r.encoding]),
    [
      [0, 0, 600, 512, RECT_JPEG],
      [0, 512, 600, 88, RECT_JPEG],
    ],
  );
  const { data, info } = await sharp(rects[0]!.bytes).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [300, 256], 'half resolution');
  const [r, g, b] = [data[0]!, data[1]!, data[2]!];
  assert.ok(Math.abs(r - 0xc0) <= 3 && Math.abs(g - 0x10) <= 3 && Math.abs(b - 0x20) <= 3, `${r},${g},${b}`);
  // The refinement: everything travels exact, raw.
  enc.begin(2);
  enc.addSurface(1, img, { damage: out.lossy, sent, layout: 'rgba', all: true, lossy: never });
  const exact = parse(enc.finish() as Buffer).surfaces[0]!.rects;
  assert.deepEqual(
    exact.map((x) => [x.w, x.h, x.encoding]),
    [[600, 600, RECT_RAW]],
  );
});

test('translucent pixels never travel lossy (JPEG has no alpha)', () => {
  const img = xrgbImage(300, 300, 5);
  img.format = ShmFormat.ARGB8888;
  img.words.fill(0x80402010);
  const enc = new FrameEncoder();
  enc.begin(1);
  const out = enc.addSurface(1, img, {
    damage: whole(img),
    sent: new SentImage(300, 300),
    layout: 'native',
    all: true,
    lossy: always,
  });
  assert.deepEqual(out.lossy, []);
  assert.ok(Buffer.isBuffer(enc.finish()));
});

test('a surface is moving after two large changes in a row, and refined once still', () => {
  let woken = 0;
  const motion = new DamageMotion(() => woken++);
  const s = {} as Surface;
  const rects = [{ x: 0, y: 0, width: 1000, height: 1000 }];
  assert.equal(motion.lossy(s, 1e6, 1e6, 0), false, 'the first large change is sent exact');
  assert.equal(motion.lossy(s, 100, 1e6, 16), false, 'a small change stays exact');
  assert.equal(motion.lossy(s, 1e6, 1e6, 17), true);
  motion.sentLossy(s, rects, 17);
  assert.equal(motion.waiting, true);
  assert.deepEqual(motion.due(100), [], 'not while it may still move');
  assert.deepEqual(motion.due(400), [[s, rects]]);
  assert.equal(motion.waiting, false);
  assert.equal(motion.lossy(s, 1e6, 1e6, 1000), false, 'after a pause, exact again');
  motion.clear();
  assert.equal(woken, 0, 'timers are cleared');
});
