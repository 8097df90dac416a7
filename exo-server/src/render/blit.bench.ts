/**
 * Per-frame cost of the software renderer on a 1920×1080 framebuffer.
 * Run: npx tsc -p tsconfig.json && node dist/exo-server/src/render/blit.bench.js
 */
import { Framebuffer } from './framebuffer.js';
import { blit, type SrcImage } from './blit.js';
import { ShmFormat } from './pixel-formats.js';

const W = 1920;
const H = 1080;

function makeImage(
  format: number,
  width: number,
  height: number,
  alpha: (x: number, y: number) => number,
): SrcImage {
  const stride = width * 4;
  const data = new Uint8Array(stride * height);
  const words = new Uint32Array(data.buffer);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const a = alpha(x, y);
      // Premultiplied: colour channels never exceed alpha.
      const c = (x ^ y) & a;
      words[y * width + x] = ((a << 24) | (c << 16) | ((c >> 1) << 8) | (a - c)) >>> 0;
    }
  return { data, width, height, stride, format };
}

function bench(name: string, run: () => void): void {
  for (let i = 0; i < 5; i++) run(); // warm up the JIT
  const times: number[] = [];
  const deadline = performance.now() + 1500;
  while (times.length < 10 || (performance.now() < deadline && times.length < 200)) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1]!;
  console.log(
    `${name.padEnd(52)} ${median.toFixed(2).padStart(7)} ms/frame (min ${times[0]!.toFixed(2)}, n=${times.length})`,
  );
}

const fb = new Framebuffer(W, H);
const full = { x: 0, y: 0, width: W, height: H };
const xrgb = makeImage(ShmFormat.XRGB8888, W, H, () => 0xff);
const argbTranslucent = makeImage(ShmFormat.ARGB8888, W, H, (x) => 0x40 + (x & 0x7f));
const argbMixed = makeImage(ShmFormat.ARGB8888, W, H, (x, y) =>
  ((x >> 6) + (y >> 6)) % 3 === 0 ? 0x80 : ((x >> 6) & 1) * 0xff,
);
const xrgb2x = makeImage(ShmFormat.XRGB8888, W * 2, H * 2, () => 0xff);
const argb2x = makeImage(ShmFormat.ARGB8888, W * 2, H * 2, (x) => 0x40 + (x & 0x7f));
const xbgr = makeImage(ShmFormat.XBGR8888, W, H, () => 0xff);
const small = makeImage(ShmFormat.XRGB8888, 1280, 720, () => 0xff);

console.log(`software blit, ${W}x${H} framebuffer, node ${process.version}`);
bench('fill (background)', () => fb.fill(full, 0xff202020));
bench('XRGB8888 1:1 opaque copy', () => blit(fb, xrgb, { dstRect: full }));
bench('ARGB8888 1:1 blend, every pixel translucent', () => blit(fb, argbTranslucent, { dstRect: full }));
bench('ARGB8888 1:1 blend, mixed clear/solid/translucent', () => blit(fb, argbMixed, { dstRect: full }));
bench('ARGB8888 1:1 with opaque hint (copy)', () =>
  blit(fb, argbTranslucent, { dstRect: full, opaque: true }),
);
bench('XBGR8888 1:1 (per-pixel convert)', () => blit(fb, xbgr, { dstRect: full }));
bench('XRGB8888 2:1 downscale (3840x2160 -> 1920x1080, box)', () => blit(fb, xrgb2x, { dstRect: full }));
bench('ARGB8888 2:1 downscale + blend', () => blit(fb, argb2x, { dstRect: full }));
bench('XRGB8888 1.5x upscale (1280x720 -> 1920x1080, bilinear)', () => blit(fb, small, { dstRect: full }));
