import { Region } from '../../../compositor/src/geometry/region.js';
import type { Rect } from '../../../compositor/src/geometry/rect.js';
import type { Exo } from '../exo.js';
import { Framebuffer } from '../render/framebuffer.js';
import { composeDamage, type Layer } from '../render/scene-compose.js';
import type { SceneView } from '../scene/scene.js';
import type { Surface } from '../surface/surface.js';

/** The desktop background (premultiplied 0xAARRGGBB): a calm slate. */
export const BACKGROUND = 0xff2e3440;

/**
 * Composites the scene into an in-memory framebuffer in device pixels, redrawing only the
 * damaged region on each frame tick. Screenshots and the web backend read from it.
 */
export class HeadlessBackend {
  framebuffer: Framebuffer;
  private readonly repaintListeners: Array<(damage: Region) => void> = [];

  /**
   * `lazy`: composite only when asked (screenshots), not on every frame — used when the browser
   * desktop shows the windows itself, so the server does not composite twice.
   */
  constructor(
    private readonly exo: Exo,
    opts: { lazy?: boolean } = {},
  ) {
    this.framebuffer = new Framebuffer(exo.output.pixelWidth, exo.output.pixelHeight);
    this.framebuffer.fill(this.framebuffer.bounds(), BACKGROUND);
    if (!opts.lazy) exo.frames.repaint = () => this.repaint();
    exo.output.onChange(() => {
      this.framebuffer = new Framebuffer(exo.output.pixelWidth, exo.output.pixelHeight);
      exo.scene.damageRect({ x: 0, y: 0, width: exo.output.width, height: exo.output.height });
    });
  }

  /** Called after each repaint with the device-pixel damage just redrawn. */
  onRepaint(cb: (damage: Region) => void): void {
    this.repaintListeners.push(cb);
  }

  repaint(): void {
    const scene = this.exo.scene;
    if (scene.damage.isEmpty()) return;
    const scale = this.exo.output.scale;
    const damage = scene.damage.clone().scale(scale).intersect(this.framebuffer.bounds());
    scene.damage.clear();
    if (damage.isEmpty()) return;
    composeDamage(this.framebuffer, layersFor(scene.views(), scale), damage, BACKGROUND);
    for (const cb of this.repaintListeners) cb(damage);
  }

  /** Draws one surface tree (a window with its subsurfaces and popups) into its own framebuffer. */
  renderSurfaceTree(surface: Surface, popups: SceneView[] = []): Framebuffer | null {
    const views = this.exo.scene.expand({ surface, x: 0, y: 0 }, []);
    for (const p of popups) this.exo.scene.expand(p, views);
    if (views.length === 0) return null;
    const bounds = boundsOf(views);
    const scale = this.exo.output.scale;
    const w = Math.max(1, Math.round(bounds.width * scale));
    const h = Math.max(1, Math.round(bounds.height * scale));
    const fb = new Framebuffer(w, h);
    const shifted = views.map((v) => ({ ...v, x: v.x - bounds.x, y: v.y - bounds.y }));
    composeDamage(fb, layersFor(shifted, scale), Region.fromRect(fb.bounds()), 0);
    return fb;
  }
}

function boundsOf(views: SceneView[]): Rect {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const v of views) {
    x1 = Math.min(x1, v.x);
    y1 = Math.min(y1, v.y);
    x2 = Math.max(x2, v.x + v.surface.width);
    y2 = Math.max(y2, v.y + v.surface.height);
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Turns scene views into renderer layers in device pixels. */
export function layersFor(views: SceneView[], scale: number): Layer[] {
  const layers: Layer[] = [];
  for (const v of views) {
    const s = v.surface;
    const image = s.buffer?.image();
    if (!image) continue;
    const src = s.viewportSource;
    const srcRect = src
      ? {
          x: src.x * s.bufferScale,
          y: src.y * s.bufferScale,
          width: src.width * s.bufferScale,
          height: src.height * s.bufferScale,
        }
      : undefined;
    const dstRect = {
      x: Math.round(v.x * scale),
      y: Math.round(v.y * scale),
      width: Math.round((v.x + s.width) * scale) - Math.round(v.x * scale),
      height: Math.round((v.y + s.height) * scale) - Math.round(v.y * scale),
    };
    const opaque =
      !s.buffer!.hasAlpha || s.opaqueRegion.isEmpty()
        ? undefined
        : s.opaqueRegion
            .clone()
            .intersect({ x: 0, y: 0, width: s.width, height: s.height })
            .scale(scale)
            .translate(dstRect.x, dstRect.y);
    layers.push({
      image,
      srcRect,
      dstRect,
      opaqueRegion: !s.buffer!.hasAlpha ? Region.fromRect(dstRect) : opaque,
    });
  }
  return layers;
}
