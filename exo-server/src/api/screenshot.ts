import sharp from 'sharp';
import type { Framebuffer } from '../render/framebuffer.js';

/**
 * Screenshots: the framebuffer (premultiplied B,G,R,A bytes) becomes straight-alpha RGBA, the
 * byte order PNG wants, in a pooled buffer, and sharp (libvips) encodes it off the event loop.
 */

/** Reused conversion buffers: a screenshot is several megabytes and tests take many. */
const pool: Buffer[] = [];
const POOL_SIZE = 2;

function acquire(bytes: number): Buffer {
  const i = pool.findIndex((b) => b.length >= bytes && b.length <= bytes * 2);
  if (i >= 0) return pool.splice(i, 1)[0]!.subarray(0, bytes);
  // allocUnsafeSlow never returns a slice of Node's small pool, so the 32-bit view is aligned.
  return Buffer.allocUnsafeSlow(bytes);
}

function release(buf: Buffer): void {
  if (pool.length < POOL_SIZE)
    pool.push(Buffer.from(buf.buffer, buf.byteOffset, buf.buffer.byteLength - buf.byteOffset));
}

/**
 * Writes `fb` into `out` (width * height * 4 bytes) as straight RGBA. Opaque pixels, nearly
 * all of a desktop, only swap red and blue; translucent ones are divided by their alpha.
 */
export function framebufferToRgba(fb: Framebuffer, out: Buffer): void {
  const n = fb.width * fb.height;
  if (out.length < n * 4) throw new RangeError(`output buffer of ${out.length} bytes is below ${n * 4}`);
  const src = fb.pixels;
  const dst = new Uint32Array(out.buffer, out.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const p = src[i]!;
    const a = p >>> 24;
    if (a === 255) {
      // 0xAARRGGBB → bytes R,G,B,A = little-endian word 0xAABBGGRR.
      dst[i] = (p & 0xff00ff00) | ((p >>> 16) & 0xff) | ((p & 0xff) << 16);
    } else if (a === 0) {
      dst[i] = 0;
    } else {
      const r = Math.min(255, Math.round((((p >>> 16) & 0xff) * 255) / a));
      const g = Math.min(255, Math.round((((p >>> 8) & 0xff) * 255) / a));
      const b = Math.min(255, Math.round(((p & 0xff) * 255) / a));
      dst[i] = ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
    }
  }
}

/** Encodes a framebuffer as a PNG (RGBA, 8 bits per channel). */
export async function encodePng(fb: Framebuffer): Promise<Buffer> {
  const bytes = fb.width * fb.height * 4;
  const rgba = acquire(bytes);
  try {
    framebufferToRgba(fb, rgba);
    return await sharp(rgba, { raw: { width: fb.width, height: fb.height, channels: 4 } })
      .png({ compressionLevel: 3 })
      .toBuffer();
  } finally {
    release(rgba);
  }
}
