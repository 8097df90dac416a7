import {
  intersectRect,
  rectContainsRect,
  rectsOverlap,
  type Rect,
} from '../../../compositor/src/geometry/rect.js';
import type { Region } from '../../../compositor/src/geometry/region.js';
import { blit } from './blit.js';
import type { Framebuffer } from './framebuffer.js';
import { pixelFormatInfo } from './pixel-formats.js';
import { usableRows, type SrcImage, type SrcRect } from './source-image.js';

/** One surface to draw, already placed in framebuffer pixels. */
export interface Layer {
  image: SrcImage;
  /** Default: the whole buffer. */
  srcRect?: SrcRect | undefined;
  dstRect: Rect;
  /** Pixels (framebuffer coordinates) the client declared opaque (wl_surface.set_opaque_region). */
  opaqueRegion?: Region | undefined;
}

/**
 * Repaints the damaged part of `fb`: per damage rectangle, fill with `background`
 * (premultiplied 0xAARRGGBB) and draw `layers` bottom to top, clipped to the rectangle.
 *
 * Occlusion culling: if a layer fully and opaquely covers a damage rectangle, neither the
 * background nor the layers below it are drawn there.
 */
export function composeDamage(
  fb: Framebuffer,
  layers: readonly Layer[],
  damage: Region,
  background: number,
): void {
  const bounds = fb.bounds();
  // Built lazily: the search stops at the topmost covering layer.
  const opaqueCover: ((r: Rect) => boolean)[] = new Array(layers.length);
  for (const d of damage.rects()) {
    const r = intersectRect(d, bounds);
    if (r.width <= 0) continue;
    let first = 0;
    let covered = false;
    for (let i = layers.length - 1; i >= 0; i--) {
      if ((opaqueCover[i] ??= coversOpaquelyFn(layers[i]!))(r)) {
        first = i;
        covered = true;
        break;
      }
    }
    if (!covered) fb.fill(r, background);
    for (let i = first; i < layers.length; i++) {
      const layer = layers[i]!;
      if (!rectsOverlap(layer.dstRect, r)) continue;
      const visible = intersectRect(layer.dstRect, r);
      const opaque = layer.opaqueRegion ? layer.opaqueRegion.containsRect(visible) : false;
      blit(fb, layer.image, { srcRect: layer.srcRect, dstRect: layer.dstRect, clip: r, opaque });
    }
  }
}

/**
 * A predicate telling whether the layer certainly paints every pixel of a rectangle
 * opaquely. Only claimed when its whole source rect is readable, so a truncated buffer
 * never leaves stale pixels behind where the background was skipped.
 */
function coversOpaquelyFn(layer: Layer): (r: Rect) => boolean {
  const never = () => false;
  const info = pixelFormatInfo(layer.image.format);
  if (!info) return never;
  const img = layer.image;
  const sr = layer.srcRect ?? { x: 0, y: 0, width: img.width, height: img.height };
  const rows = usableRows(img, info.bytesPerPixel);
  const readable = sr.x >= 0 && sr.y >= 0 && sr.x + sr.width <= img.width && sr.y + sr.height <= rows;
  if (!readable || !(sr.width > 0 && sr.height > 0)) return never;
  if (!info.hasAlpha) return (r) => rectContainsRect(layer.dstRect, r);
  const opaque = layer.opaqueRegion;
  if (!opaque) return never;
  return (r) => rectContainsRect(layer.dstRect, r) && opaque.containsRect(r);
}
