import { intersectRect, type Rect } from '../../../compositor/src/geometry/rect.js';

// Pixels are handled as 32-bit words 0xAARRGGBB; only on a little-endian host does that
// give the B,G,R,A byte order the framebuffer and wl_shm ARGB8888 promise.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('the software renderer requires a little-endian host');
}

/**
 * The headless backend's screen: premultiplied ARGB8888 (bytes B,G,R,A), stride
 * width * 4. `pixels` views the same memory as 32-bit words 0xAARRGGBB.
 */
export class Framebuffer {
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly data: Buffer;
  readonly pixels: Uint32Array;

  constructor(width: number, height: number) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      throw new RangeError(`bad framebuffer size ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.stride = width * 4;
    // Buffer.alloc never hands out a slice of the shared pool, so the offset is 0 and
    // the word view is aligned.
    this.data = Buffer.alloc(width * height * 4);
    this.pixels = new Uint32Array(this.data.buffer, this.data.byteOffset, width * height);
  }

  bounds(): Rect {
    return { x: 0, y: 0, width: this.width, height: this.height };
  }

  /** Fills `rect` (clipped to the framebuffer) with premultiplied `argb` (0xAARRGGBB). */
  fill(rect: Rect, argb: number): void {
    const r = intersectRect(rect, this.bounds());
    if (r.width <= 0) return;
    const v = argb >>> 0;
    for (let y = r.y; y < r.y + r.height; y++) {
      const row = y * this.width;
      this.pixels.fill(v, row + r.x, row + r.x + r.width);
    }
  }

  getPixel(x: number, y: number): number {
    return this.pixels[y * this.width + x]!;
  }
}
