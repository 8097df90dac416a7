import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { Framebuffer } from '../render/framebuffer.js';
import { encodePng, framebufferToRgba } from './screenshot.js';

test('framebufferToRgba swaps opaque pixels and un-premultiplies translucent ones', () => {
  const fb = new Framebuffer(4, 1);
  fb.pixels.set([0xff112233, 0x00000000, 0x80400000, 0x40102030]);
  const out = Buffer.alloc(16);
  framebufferToRgba(fb, out);
  assert.deepEqual([...out.subarray(0, 4)], [0x11, 0x22, 0x33, 0xff]);
  assert.deepEqual([...out.subarray(4, 8)], [0, 0, 0, 0]);
  // 0x40 red at alpha 0x80 is 0x80 red straight (0x40 * 255 / 128 = 127.5 → 128).
  assert.deepEqual([...out.subarray(8, 12)], [0x80, 0, 0, 0x80]);
  assert.deepEqual([...out.subarray(12, 16)], [0x40, 0x80, 0xbf, 0x40]);
});

test('encodePng round-trips through sharp', async () => {
  const fb = new Framebuffer(3, 2);
  fb.fill(fb.bounds(), 0xff2e3440);
  fb.pixels[5] = 0xffff0000;
  for (let i = 0; i < 3; i++) {
    // Several runs reuse the pooled conversion buffer.
    const png = await encodePng(fb);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [3, 2, 4]);
    assert.deepEqual([...data.subarray(0, 4)], [0x2e, 0x34, 0x40, 0xff]);
    assert.deepEqual([...data.subarray(20, 24)], [0xff, 0, 0, 0xff]);
  }
});
