import { FRAME_MESSAGE } from './protocol.js';

/**
 * One canvas per surface, sized like the surface's buffer and shown at its logical size, so a
 * buffer drawn at the page's device pixel ratio lands 1:1 on device pixels. Frames carry only
 * damaged rectangles, already in RGBA with straight alpha, which go to putImageData as they are.
 */
export class SurfaceCanvases {
  private readonly canvases = new Map<number, HTMLCanvasElement>();

  get(id: number): HTMLCanvasElement {
    let c = this.canvases.get(id);
    if (!c) {
      c = document.createElement('canvas');
      c.dataset['surface'] = String(id);
      this.canvases.set(id, c);
    }
    return c;
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
      }
    }
  }

  /** Draws one binary frame; returns its sequence number. */
  drawFrame(data: ArrayBuffer): number {
    const v = new DataView(data);
    if (v.getUint32(0, true) !== FRAME_MESSAGE) return -1;
    const seq = v.getUint32(4, true);
    const count = v.getUint32(8, true);
    let p = 12;
    for (let i = 0; i < count; i++) {
      const id = v.getUint32(p, true);
      const bw = v.getUint32(p + 4, true);
      const bh = v.getUint32(p + 8, true);
      const rects = v.getUint32(p + 12, true);
      p += 16;
      const canvas = this.resize(id, bw, bh);
      const ctx = canvas.getContext('2d');
      for (let r = 0; r < rects; r++) {
        const x = v.getUint32(p, true);
        const y = v.getUint32(p + 4, true);
        const w = v.getUint32(p + 8, true);
        const h = v.getUint32(p + 12, true);
        p += 16;
        const bytes = w * h * 4;
        if (ctx && w > 0 && h > 0)
          ctx.putImageData(new ImageData(new Uint8ClampedArray(data, p, bytes), w, h), x, y);
        p += bytes;
      }
    }
    return seq;
  }
}
