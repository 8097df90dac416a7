/**
 * Integer arithmetic on premultiplied ARGB words (0xAARRGGBB). Two channels are processed
 * at once in 16-bit lanes: mask 0x00ff00ff holds red and blue, the word shifted right by 8
 * holds alpha and green. Every intermediate stays below 2^16 per lane, so lanes never
 * carry into each other.
 */

const LANES = 0x00ff00ff;

/** Porter-Duff source-over of premultiplied `s` onto `d`: s + d * (1 - s.alpha). */
export function over(s: number, d: number): number {
  const inv = 255 - (s >>> 24);
  // x * inv / 255 rounded, per lane: t = x*inv + 128; (t + (t >> 8)) >> 8.
  let rb = (d & LANES) * inv + 0x00800080;
  rb = ((rb + ((rb >>> 8) & LANES)) >>> 8) & LANES;
  let ag = ((d >>> 8) & LANES) * inv + 0x00800080;
  ag = ((ag + ((ag >>> 8) & LANES)) >>> 8) & LANES;
  rb += s & LANES;
  ag += (s >>> 8) & LANES;
  // Saturate: valid premultiplied input never exceeds 255, but a client's bytes are
  // not trusted and a carry would corrupt the neighbouring channel.
  rb = (rb | (0x01000100 - ((rb >>> 8) & 0x00010001))) & LANES;
  ag = (ag | (0x01000100 - ((ag >>> 8) & 0x00010001))) & LANES;
  return (rb | (ag << 8)) >>> 0;
}

/** Linear interpolation a→b with weight w in [0, 256] (256 = b), rounded. */
export function lerp(a: number, b: number, w: number): number {
  if (w === 0) return a;
  const iw = 256 - w;
  const rb = (((a & LANES) * iw + (b & LANES) * w + 0x00800080) >>> 8) & LANES;
  const ag = ((((a >>> 8) & LANES) * iw + ((b >>> 8) & LANES) * w + 0x00800080) >>> 8) & LANES;
  return (rb | (ag << 8)) >>> 0;
}

/** Rounded mean of four pixels (a 2×2 box). */
export function average4(p0: number, p1: number, p2: number, p3: number): number {
  const rb = (((p0 & LANES) + (p1 & LANES) + (p2 & LANES) + (p3 & LANES) + 0x00020002) >>> 2) & LANES;
  const ag =
    ((((p0 >>> 8) & LANES) + ((p1 >>> 8) & LANES) + ((p2 >>> 8) & LANES) + ((p3 >>> 8) & LANES) + 0x00020002) >>>
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

/** Copies `n` words forcing alpha to 0xff (for sources known to be opaque). */
export function copyRowOpaque(src: Uint32Array, si: number, dst: Uint32Array, di: number, n: number): void {
  for (let k = 0; k < n; k++) dst[di + k] = src[si + k]! | 0xff000000;
}
