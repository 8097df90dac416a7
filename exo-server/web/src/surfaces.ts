import { GlRenderer } from './gl-renderer.js';
import { FRAME_MESSAGE, RECT_JPEG, SURFACE_NATIVE, SURFACE_OPAQUE, type PixelLayout } from './protocol.js';

/** Where a frame's rectangle goes and what it holds (a JPEG being decoded, or raw bytes). */
interface RectUpdate {
  id: number;
  bufferWidth: number;
  bufferHeight: number;
  flags: number;
  x: number;
  y: number;
  w: number;
  h: number;
  pixels: Uint8Array<ArrayBuffer> | Promise<ImageBitmap>;
}

/** Called after each rectangle drawn (benchmarks install it before the page's scripts run). */
type DrawHook = (canvas: HTMLCanvasElement, width: number, height: number, ms: number) => void;

/**
 * One canvas per surface, sized like the surface's buffer and shown at its logical size, so a
 * buffer drawn at the page's device pixel ratio lands 1:1 on device pixels. Frames carry only
 * damaged rectangles, which the renderer takes as they are: WebGL (gl-renderer.ts) with exo's
 * premultiplied B,G,R,A pixels, or canvas 2D with straight RGBA (`putImageData`) where WebGL is
 * unavailable, its context is lost, or it runs only in software (SwiftShader, as in headless
 * Chromium without a GPU: there canvas 2D measured several times faster, docs/ARCHITECTURE.md).
 * `?renderer=webgl` or `?renderer=2d` in the page's address forces one. Rectangles of
 * fast-changing content may come as JPEG, decoded off the main thread by createImageBitmap;
 * frames are drawn in order, and acknowledged only once drawn.
 */
export class SurfaceCanvases {
  private readonly canvases = new Map<number, HTMLCanvasElement>();
  private gl: GlRenderer | null = null;
  /** Frames waiting for their JPEGs to decode (drawn in order after them). */
  private queue: Promise<void> | null = null;
  private queued = 0;

  /** `send` carries the page's requests to exo (a full refresh after losing WebGL's pixels). */
  constructor(private readonly send: (msg: object) => void) {
    const wanted = new URLSearchParams(location.search).get('renderer');
    if (wanted !== '2d') {
      try {
        this.gl = new GlRenderer(
          wanted === 'webgl',
          () => this.switchRenderer(),
          () => this.switchRenderer(),
        );
      } catch {
        this.gl = null; // canvas 2D it is
      }
    }
    document.documentElement.dataset['renderer'] = this.renderer;
  }

  /** `webgl` or `2d` (also on <html data-renderer>, for tests). */
  get renderer(): 'webgl' | '2d' {
    return this.gl && !this.gl.lost ? 'webgl' : '2d';
  }

  /** The pixel layout this page's renderer takes, for exo (the page's hello). */
  get pixels(): PixelLayout {
    return this.renderer === 'webgl' ? 'native' : 'rgba';
  }

  get(id: number): HTMLCanvasElement {
    let c = this.canvases.get(id);
    if (!c) {
      c = this.create(id);
      this.canvases.set(id, c);
    }
    return c;
  }

  /** A canvas with the context of the current renderer (a canvas keeps its first context type). */
  private create(id: number): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.dataset['surface'] = String(id);
    c.getContext(this.renderer === 'webgl' ? 'bitmaprenderer' : '2d');
    return c;
  }

  /**
   * WebGL was lost (use canvas 2D) or restored (use it again): every surface gets a new canvas
   * for the new renderer in place of the old one, and exo re-sends everything in its layout.
   */
  private switchRenderer(): void {
    document.documentElement.dataset['renderer'] = this.renderer;
    for (const [id, old] of this.canvases) {
      const c = this.create(id);
      c.width = old.width;
      c.height = old.height;
      c.style.cssText = old.style.cssText;
      old.replaceWith(c);
      this.canvases.set(id, c);
    }
    this.send({ t: 'refresh', pixels: this.pixels });
  }

  /** Sizes the backing store to the buffer (resizing clears it; the server re-sends it whole). */
  resize(id: number, bufferWidth: number, bufferHeight: number): HTMLCanvasElement {
    const c = this.get(id);
    if (c.width !== bufferWidth || c.height !== bufferHeight) {
      c.width = bufferWidth;
      c.height = bufferHeight;
    }
    return c;
  }

  /** Forgets canvases of surfaces no longer in the scene. */
  retain(ids: Set<number>): void {
    for (const [id, c] of this.canvases) {
      if (!ids.has(id)) {
        c.remove();
        this.canvases.delete(id);
        this.gl?.drop(id);
      }
    }
  }

  /**
   * Draws one binary frame, then calls `drawn(seq)`: at once when it holds only raw pixels and
   * no earlier frame is still decoding, else once its JPEGs are decoded and it is drawn.
   */
  drawFrame(data: ArrayBuffer, drawn: (seq: number) => void): void {
    const v = new DataView(data);
    if (v.getUint32(0, true) !== FRAME_MESSAGE) return;
    const seq = v.getUint32(4, true);
    const rects = parseFrame(v, data);
    const jpegs = rects.filter((r) => !(r.pixels instanceof Uint8Array));
    if (jpegs.length === 0 && this.queue === null) {
      // Raw pixels only: drawn synchronously (drawRects awaits nothing then).
      void this.drawRects(rects).catch((e: Error) => console.warn(`tartine: frame not drawn: ${e.message}`));
      drawn(seq);
      return;
    }
    this.queued++;
    const previous = this.queue ?? Promise.resolve();
    this.queue = previous
      .then(() => Promise.allSettled(jpegs.map((r) => r.pixels)))
      .then(() => this.drawRects(rects))
      .catch(() => {})
      .then(() => {
        drawn(seq);
        if (--this.queued === 0) this.queue = null;
      });
  }

  private async drawRects(rects: RectUpdate[]): Promise<void> {
    const layout = this.pixels === 'native' ? SURFACE_NATIVE : 0;
    const hook = (globalThis as { __tartineDraw?: DrawHook }).__tartineDraw;
    const touched = new Set<number>();
    for (const r of rects) {
      // Pixels in another layout were sent before a renderer switch: its refresh follows.
      if ((r.flags & SURFACE_NATIVE) !== layout || r.w === 0 || r.h === 0) {
        if (!(r.pixels instanceof Uint8Array)) r.pixels.then((b) => b.close()).catch(() => {});
        continue;
      }
      const pixels = r.pixels instanceof Uint8Array ? r.pixels : await r.pixels.catch(() => null);
      if (!pixels) continue;
      const t0 = performance.now();
      const canvas = this.resize(r.id, r.bufferWidth, r.bufferHeight);
      if (this.gl && layout) {
        this.gl.upload(
          r.id,
          r.bufferWidth,
          r.bufferHeight,
          (r.flags & SURFACE_OPAQUE) !== 0,
          r.x,
          r.y,
          r.w,
          r.h,
          pixels,
        );
        touched.add(r.id);
      } else {
        const ctx = canvas.getContext('2d');
        if (pixels instanceof Uint8Array)
          ctx?.putImageData(
            new ImageData(new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length), r.w, r.h),
            r.x,
            r.y,
          );
        else ctx?.drawImage(pixels, r.x, r.y, r.w, r.h);
      }
      if (!(pixels instanceof Uint8Array)) pixels.close();
      hook?.(canvas, r.w, r.h, performance.now() - t0);
    }
    for (const id of touched) this.gl?.present(id, this.get(id));
  }
}

/** The rectangles of a frame message (frame-encoder.ts on the server); JPEGs start decoding. */
function parseFrame(v: DataView, data: ArrayBuffer): RectUpdate[] {
  const out: RectUpdate[] = [];
  const count = v.getUint32(8, true);
  let p = 12;
  for (let i = 0; i < count; i++) {
    const id = v.getUint32(p, true);
    const bufferWidth = v.getUint32(p + 4, true);
    const bufferHeight = v.getUint32(p + 8, true);
    const rects = v.getUint32(p + 12, true);
    const flags = v.getUint32(p + 16, true);
    p += 20;
    for (let r = 0; r < rects; r++) {
      const x = v.getUint32(p, true);
      const y = v.getUint32(p + 4, true);
      const w = v.getUint32(p + 8, true);
      const h = v.getUint32(p + 12, true);
      const encoding = v.getUint32(p + 16, true);
      const length = v.getUint32(p + 20, true);
      p += 24;
      const bytes = new Uint8Array(data, p, length);
      p += length;
      const pixels =
        encoding === RECT_JPEG
          ? // Default options: asking for no premultiplication or colour conversion, or for a
            // resize, takes Chromium off its fast decoding path (measured 2x slower). JPEGs are
            // opaque sRGB, so neither changes a pixel; a half-resolution one is scaled when drawn.
            createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }))
          : bytes;
      out.push({ id, bufferWidth, bufferHeight, flags, x, y, w, h, pixels });
    }
  }
  return out;
}
