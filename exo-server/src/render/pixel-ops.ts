/**
 * Integer arithmetic on premultiplied ARGB words (0xAARRGGBB). Two channels are processed
 * at once in 16-bit lanes: mask 0x00ff00ff holds red and blue, the word shifted right by 8
 * holds alpha and green. Every intermediate stays below 2^16 per lane, so lanes never
 * carry into each other. Math.imul keeps the products in int32 registers (a plain `*`
 * can leave the int32 range and fall back to doubles: ~40% slower here); only the low 32
 * bits matter, and the following `>>>` reinterprets them unsigned.
 */

const LANES = 0x00ff00ff;

/**
 * Porter-Duff source-over of premultiplied `s` onto `d`: s + d * (1 - s.alpha).
 * With valid premultiplied input (no channel above alpha) no channel can exceed 255, so
 * the final add is one word add. Invalid client bytes give that pixel a wrong colour but
 * cannot affect any other pixel (a carry out of the top is dropped); saturating here
 * would cost ~30% of the blend.
 */
export function over(s: number, d: number): number {
  const inv = 255 - (s >>> 24);
  // x * inv / 255 rounded, per lane: t = x*inv + 128; (t + (t >> 8)) >> 8.
  let rb = Math.imul(d & LANES, inv) + 0x00800080;
  rb = ((rb + ((rb >>> 8) & LANES)) >>> 8) & LANES;
  let ag = Math.imul((d >>> 8) & LANES, inv) + 0x00800080;
  ag = ((ag + ((ag >>> 8) & LANES)) >>> 8) & LANES;
  return (s + (rb | (ag << 8))) >>> 0;
}

/** Linear interpolation a→b with weight w in [0, 256] (256 = b), rounded. */
export function lerp(a: number, b: number, w: number): number {
  const iw = 256 - w;
  const rb = ((Math.imul(a & LANES, iw) + Math.imul(b & LANES, w) + 0x00800080) >>> 8) & LANES;
  const ag =
    ((Math.imul((a >>> 8) & LANES, iw) + Math.imul((b >>> 8) & LANES, w) + 0x00800080) >>> 8) & LANES;
  return (rb | (ag << 8)) >>> 0;
}

/** Rounded mean of four pixels (a 2×2 box). */
export function average4(p0: number, p1: number, p2: number, p3: number): number {
  const rb = (((p0 & LANES) + (p1 & LANES) + (p2 & LANES) + (p3 & LANES) + 0x00020002) >>> 2) & LANES;
  const ag =
    ((((p0 >>> 8) & LANES) +
      ((p1 >>> 8) & LANES) +
      ((p2 >>> 8) & LANES) +
      ((p3 >>> 8) & LANES) +
      0x00020002) >>>
      2) &
    LANES;
  return (rb | (ag << 8)) >>> 0;
}

/** Source-over of `n` words from `src[si..]` onto `dst[di..]`, skipping clear and copying solid pixels. */
export function blendRow(src: Uint32Array, si: number, dst: Uint32Array, di: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const s = src[si + k]!;
    const a = s >>> 24;
    if (a === 0) continue;
    dst[di + k] = a === 255 ? s : over(s, dst[di + k]!);
  }
}

/** Sets the alpha byte of `n` words to 0xff in place (XRGB's alpha byte is undefined). */
export function forceOpaque(px: Uint32Array, i: number, n: number): void {
  for (const end = i + n; i < end; i++) px[i] |= 0xff000000;
}
