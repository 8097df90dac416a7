/**
 * Pixel comparisons for page screenshots: against a reference PNG (with UPDATE_REFERENCE=1 to
 * rewrite it, and a diff image on mismatch), and measures of text drawn on a plain
 * background (its bounding box, and how sharp it is).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from '../harness/exo-fixture.js';
import { decodePng, type Area, type Rgba, type RgbaImage } from '../harness/png.js';
import { saveArtifact } from './browser-fixture.js';

/** Reference images live in the source tree (tests run from dist/). */
export const REFERENCE_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'reference');

export function encodeRgba(img: RgbaImage): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .png()
    .toBuffer();
}

/** Largest difference over R, G, B between pixel `i` (byte offset) of two images. */
function channelDiff(a: RgbaImage, b: RgbaImage, i: number): number {
  return Math.max(
    Math.abs(a.data[i]! - b.data[i]!),
    Math.abs(a.data[i + 1]! - b.data[i + 1]!),
    Math.abs(a.data[i + 2]! - b.data[i + 2]!),
  );
}

/**
 * Compares `actual` with the reference PNG `name` (test/e2e/reference/). Pixels may differ by
 * `tolerance` per channel; at most `maxMismatch` (a fraction) may differ by more. With
 * UPDATE_REFERENCE=1 the reference is rewritten instead. Returns null when they match, else a
 * message naming the actual shot and a diff image (red: mismatched pixels) under test-output/e2e/.
 */
export async function compareWithReference(
  actual: RgbaImage,
  name: string,
  tolerance = 32,
  maxMismatch = 0.005,
): Promise<string | null> {
  const file = path.join(REFERENCE_DIR, name);
  if (process.env['UPDATE_REFERENCE'] === '1') {
    fs.mkdirSync(REFERENCE_DIR, { recursive: true });
    fs.writeFileSync(file, await encodeRgba(actual));
    return null;
  }
  if (!fs.existsSync(file))
    return `no reference image ${file}: run the test with UPDATE_REFERENCE=1 to create it`;
  const expected = await decodePng(fs.readFileSync(file));
  const base = name.replace(/\.png$/, '');
  const actualFile = saveArtifact(`${base}-actual.png`, await encodeRgba(actual));
  if (expected.width !== actual.width || expected.height !== actual.height)
    return `${name}: the shot is ${actual.width}x${actual.height}, the reference ${expected.width}x${expected.height}; actual shot: ${actualFile}`;
  const diff: RgbaImage = {
    width: actual.width,
    height: actual.height,
    data: Buffer.alloc(actual.data.length),
  };
  let bad = 0;
  for (let i = 0; i < actual.data.length; i += 4) {
    const d = channelDiff(actual, expected, i);
    const over = d > tolerance;
    if (over) bad++;
    // Red for a mismatch, else the reference dimmed, so the diff shows where it is.
    diff.data[i] = over ? 255 : expected.data[i]! >> 2;
    diff.data[i + 1] = over ? 0 : expected.data[i + 1]! >> 2;
    diff.data[i + 2] = over ? 0 : expected.data[i + 2]! >> 2;
    diff.data[i + 3] = 255;
  }
  const limit = Math.floor(actual.width * actual.height * maxMismatch);
  if (bad <= limit) {
    fs.rmSync(actualFile, { force: true });
    return null;
  }
  const diffFile = saveArtifact(`${base}-diff.png`, await encodeRgba(diff));
  return `${name}: ${bad} pixels differ by more than ${tolerance} (at most ${limit} may); actual shot: ${actualFile}, diff: ${diffFile}, reference: ${file} (UPDATE_REFERENCE=1 rewrites it)`;
}

export interface TextMeasure {
  /** Bounding box of the pixels that differ from the background. */
  box: Area;
  /** How many pixels differ from the background by more than a faint edge would. */
  inked: number;
  /** Of those, the fraction at nearly full contrast: lower when text is blurred (upscaled). */
  solid: number;
}

/** Measures text drawn on the uniform background `bg` (default: the bottom-left pixel). */
export function measureText(img: RgbaImage, bg?: Rgba): TextMeasure {
  const b = bg ?? [
    ...img.data.subarray((img.height - 1) * img.width * 4, (img.height - 1) * img.width * 4 + 4),
  ];
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -1;
  let y2 = -1;
  let inked = 0;
  let solid = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      const d = Math.max(
        Math.abs(img.data[i]! - b[0]!),
        Math.abs(img.data[i + 1]! - b[1]!),
        Math.abs(img.data[i + 2]! - b[2]!),
      );
      if (d <= 40) continue;
      inked++;
      if (d > 150) solid++;
      x1 = Math.min(x1, x);
      y1 = Math.min(y1, y);
      x2 = Math.max(x2, x);
      y2 = Math.max(y2, y);
    }
  if (inked === 0) return { box: { x: 0, y: 0, width: 0, height: 0 }, inked, solid: 0 };
  return { box: { x: x1, y: y1, width: x2 - x1 + 1, height: y2 - y1 + 1 }, inked, solid: solid / inked };
}

/** How many pixels of `area` differ in a channel by more than `tolerance` between two same-sized images. */
export function countDifferent(a: RgbaImage, b: RgbaImage, area: Area, tolerance: number): number {
  let n = 0;
  for (let y = area.y; y < area.y + area.height; y++)
    for (let x = area.x; x < area.x + area.width; x++) {
      const i = (y * a.width + x) * 4;
      for (let c = 0; c < 3; c++)
        if (Math.abs(a.data[i + c]! - b.data[i + c]!) > tolerance) {
          n++;
          break;
        }
    }
  return n;
}
