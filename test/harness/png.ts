/**
 * PNG helpers for pixel assertions: decode a screenshot into straight RGBA with sharp, read
 * pixels, and ask whether a region shows anything besides one colour.
 *
 *   const img = await decodePng(buffer);
 *   pixelAt(img, 10, 10);                          // [r, g, b, a]
 *   countPixelsNot(img, BACKGROUND_RGBA) > 0;      // something is drawn
 *   isUniform(img, { x: 0, y: 0, width: 50, height: 50 });
 */
import sharp from 'sharp';
import { BACKGROUND } from '../../exo-server/src/backend/headless.js';

export type Rgba = [r: number, g: number, b: number, a: number];

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes: R, G, B, A (straight alpha). */
  data: Buffer;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** exo's desktop background, as a screenshot shows it. */
export const BACKGROUND_RGBA: Rgba = [
  (BACKGROUND >>> 16) & 0xff,
  (BACKGROUND >>> 8) & 0xff,
  BACKGROUND & 0xff,
  BACKGROUND >>> 24,
];

/** True when `buf` starts with the PNG signature. */
export function isPng(buf: Buffer): boolean {
  return (
    buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  );
}

/** Decodes a PNG into RGBA (an alpha channel is added when the file has none). */
export async function decodePng(buf: Buffer): Promise<RgbaImage> {
  if (!isPng(buf)) throw new Error(`not a PNG (starts with ${buf.subarray(0, 16).toString('hex')})`);
  const { data, info } = await sharp(buf).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

export function pixelAt(img: RgbaImage, x: number, y: number): Rgba {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height)
    throw new RangeError(`pixel (${x}, ${y}) is outside the ${img.width}x${img.height} image`);
  const i = (y * img.width + x) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!, img.data[i + 3]!];
}

function clip(img: RgbaImage, area?: Area): Area {
  const a = area ?? { x: 0, y: 0, width: img.width, height: img.height };
  const x = Math.max(0, a.x);
  const y = Math.max(0, a.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(img.width, a.x + a.width) - x),
    height: Math.max(0, Math.min(img.height, a.y + a.height) - y),
  };
}

/** How many pixels of `area` differ from `colour` by more than `tolerance` on some channel. */
export function countPixelsNot(img: RgbaImage, colour: Rgba, area?: Area, tolerance = 0): number {
  const a = clip(img, area);
  let n = 0;
  for (let y = a.y; y < a.y + a.height; y++) {
    for (let x = a.x; x < a.x + a.width; x++) {
      const i = (y * img.width + x) * 4;
      for (let c = 0; c < 4; c++) {
        if (Math.abs(img.data[i + c]! - colour[c]!) > tolerance) {
          n++;
          break;
        }
      }
    }
  }
  return n;
}

/** True when every pixel of `area` has the same colour (a blank window or an empty desktop). */
export function isUniform(img: RgbaImage, area?: Area): boolean {
  const a = clip(img, area);
  if (a.width === 0 || a.height === 0) return true;
  return countPixelsNot(img, pixelAt(img, a.x, a.y), a) === 0;
}

/** The number of distinct colours in `area` (stops counting at `limit`). */
export function distinctColours(img: RgbaImage, area?: Area, limit = 1000): number {
  const a = clip(img, area);
  const seen = new Set<number>();
  for (let y = a.y; y < a.y + a.height; y++) {
    for (let x = a.x; x < a.x + a.width; x++) {
      seen.add(img.data.readUInt32LE((y * img.width + x) * 4));
      if (seen.size >= limit) return seen.size;
    }
  }
  return seen.size;
}
