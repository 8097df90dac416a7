import sharp from 'sharp';
import type { CursorImage } from '../../seat/cursor.js';
import type { SourceImage } from '../../surface/surface-buffer.js';
import { pixelFormatInfo } from '../../render/pixel-formats.js';
import { SentImage } from './sent-image.js';

/**
 * Turns the seat's cursor into a CSS `cursor` value for the page: a named shape as it is, or
 * the cursor surface's pixels as a PNG data URL with its hotspot. `image-set` keeps a cursor
 * drawn at buffer scale 2 at its logical size on the page.
 */
export async function cursorCss(cursor: Readonly<CursorImage>): Promise<string> {
  if (!cursor.visible) return 'none';
  if (cursor.shape) return cursor.shape;
  const s = cursor.surface;
  const image = s?.buffer?.image();
  if (!s || !image || image.width > 256 || image.height > 256) return 'default';
  const rgba = rgbaOf(image);
  const png = await sharp(rgba, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 3 })
    .toBuffer();
  const url = `url(data:image/png;base64,${png.toString('base64')})`;
  const scale = s.bufferScale;
  const hx = Math.max(0, Math.round(cursor.hotspotX));
  const hy = Math.max(0, Math.round(cursor.hotspotY));
  const img = scale > 1 ? `-webkit-image-set(${url} ${scale}x)` : url;
  return `${img} ${hx} ${hy}, default`;
}

/** Straight-alpha RGBA of a whole image, through the frame encoder's pixel conversion. */
function rgbaOf(image: SourceImage): Buffer {
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  const copy = new SentImage(image.width, image.height);
  copy.update(image, whole, true);
  const out = new Uint32Array(image.width * image.height);
  copy.copyOut(whole, 'rgba', pixelFormatInfo(image.format)?.hasAlpha === false, out, 0);
  return Buffer.from(out.buffer);
}
