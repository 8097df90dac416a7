import { Region } from '../../../../compositor/src/geometry/region.js';
import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import type { Exo } from '../../exo.js';
import type { Surface } from '../../surface/surface.js';
import { FrameEncoder } from './frame-encoder.js';
import { SentImage } from './sent-image.js';
import { PageSession } from './page-session.js';
import { describeScene, SurfaceIds, type ViewDescription } from './scene-description.js';
import type { WebSocket } from 'ws';
import { cursorCss } from './cursor-css.js';
import { forwardGuestClipboard } from './clipboard-session.js';

/**
 * The `web` backend: shows exo's scene in browser pages. Each surface's damaged buffer pixels
 * travel to the page, which stacks one canvas per surface; the window layout travels as JSON.
 * A page gets the next frame only after acknowledging the previous one: meanwhile damage is
 * merged, so a slow page skips frames instead of queueing them.
 */
export class WebBackend {
  private session: PageSession | null = null;
  readonly ids = new SurfaceIds();
  /** Buffer damage per surface not yet sent to the page. */
  private readonly pending = new Map<Surface, Region>();
  private readonly encoder = new FrameEncoder();
  /** What the page has of each surface, to send only pixels that changed. */
  private sentImages = new WeakMap<Surface, SentImage>();
  /**
   * The surfaces the page has a canvas for, with the buffer size it has: the page drops the
   * canvas of a surface that leaves the scene (a minimized window) and clears one whose size
   * changes, so a surface that comes back or changes size is sent whole.
   */
  private shown = new Map<Surface, string>();
  private lastScene = '';
  private seq = 0;
  private inflight = 0;
  private sceneChanged = true;
  private everyone: Array<() => void> = [];
  /** Bytes of pixel data sent, for benchmarks and tests. */
  bytesSent = 0;
  framesSent = 0;

  constructor(private readonly exo: Exo) {
    this.everyone.push(exo.onBufferCommitted((surface, damage) => this.bufferCommitted(surface, damage)));
    exo.onSurfaceDestroyed((s) => {
      this.pending.delete(s);
      this.shown.delete(s);
      this.sceneChanged = true;
    });
    exo.frames.tickListeners.push(() => this.sendFrame());
    exo.frames.gate = () => this.inflight > 0;
    this.everyone.push(exo.seat.onCursorChanged(() => this.cursorChanged()));
    // A cursor surface may animate: its commits change the image too.
    this.everyone.push(
      exo.onBufferCommitted((surface) => {
        if (surface === exo.seat.cursor.surface) this.cursorChanged();
      }),
    );
    exo.shell.onWindowsChanged(() => {
      this.sceneChanged = true;
      this.exo.frames.schedule();
    });
  }

  get connected(): boolean {
    return this.session !== null;
  }

  /** A page connected: it takes over from any earlier one, which is told why it stops. */
  attach(ws: WebSocket): PageSession {
    if (this.session) this.session.replace();
    const session = new PageSession(this.exo, this, ws);
    this.session = session;
    this.inflight = 0;
    this.lastScene = '';
    this.lastCursor = '';
    this.cursorChanged();
    session.sendJson({ t: 'settings', layout: this.exo.seat.keyboardLayout });
    forwardGuestClipboard(this.exo, ws, (m) => session.sendJson(m));
    // A new page has nothing yet: everything it is shown is sent in full (sendFrame).
    this.shown.clear();
    this.pending.clear();
    this.sentImages = new WeakMap();
    this.sceneChanged = true;
    ws.on('close', () => {
      if (this.session !== session) return;
      this.session = null;
      this.inflight = 0;
      this.exo.frames.release();
    });
    this.exo.frames.schedule();
    return session;
  }

  private bufferCommitted(surface: Surface, damage: Region): void {
    if (!this.session) return;
    const prev = this.pending.get(surface);
    if (prev) prev.union(damage).simplify(64);
    else this.pending.set(surface, damage.clone());
    this.sceneChanged = true;
  }

  private markDamaged(surface: Surface, r: Rect): void {
    const prev = this.pending.get(surface);
    if (prev) prev.add(r);
    else this.pending.set(surface, Region.fromRect(r));
    this.sceneChanged = true;
  }

  private cursorBusy = false;
  private cursorAgain = false;
  private lastCursor = '';

  /** Sends the current cursor to the page; at most one encoding runs, the latest state wins. */
  private cursorChanged(): void {
    if (!this.session) return;
    if (this.cursorBusy) {
      this.cursorAgain = true;
      return;
    }
    this.cursorBusy = true;
    cursorCss(this.exo.seat.cursor)
      .then((css) => {
        if (css !== this.lastCursor) {
          this.lastCursor = css;
          this.session?.sendJson({ t: 'cursor', css });
        }
      })
      .catch(() => {})
      .finally(() => {
        this.cursorBusy = false;
        if (this.cursorAgain) {
          this.cursorAgain = false;
          this.cursorChanged();
        }
      });
  }

  /** The page drew frame `seq`: it may have the next one. */
  acknowledged(seq: number): void {
    if (seq !== this.seq) return;
    this.inflight = 0;
    this.exo.frames.release();
    this.exo.flush();
    if (this.pending.size > 0 || this.sceneChanged) this.exo.frames.schedule();
  }

  /** Called on every frame tick: sends layout changes and pixel updates if the page is ready. */
  sendFrame(): void {
    const session = this.session;
    if (!session || this.inflight > 0) return;
    let views: ViewDescription[] | null = null;
    if (this.sceneChanged) {
      const shown = new Map<Surface, string>();
      views = describeScene(this.exo, this.ids, shown);
      for (const [surface, size] of shown) {
        const b = surface.buffer;
        if (b && this.shown.get(surface) !== size) {
          this.sentImages.delete(surface);
          this.markDamaged(surface, { x: 0, y: 0, width: b.width, height: b.height });
        }
      }
      this.shown = shown;
      this.sceneChanged = false;
      const msg = { t: 'scene', views, windows: this.exo.shell.windows() };
      const json = JSON.stringify(msg);
      if (json !== this.lastScene) {
        this.lastScene = json;
        session.sendText(json);
      }
    }
    if (this.pending.size === 0) return;
    this.seq++;
    this.encoder.begin(this.seq);
    for (const [surface, damage] of this.pending) {
      // Not in the page now (minimized, or a cursor): sent whole if it comes back.
      if (!this.shown.has(surface)) continue;
      const image = surface.buffer?.image();
      if (!image) continue;
      let sent = this.sentImages.get(surface);
      const fresh = !sent || !sent.fits(image);
      if (fresh) {
        sent = new SentImage(image.width, image.height);
        this.sentImages.set(surface, sent);
      }
      this.bytesSent += this.encoder.addSurface(this.ids.of(surface), image, damage.rects(), sent, fresh);
    }
    this.pending.clear();
    if (this.encoder.surfaceCount === 0) return;
    this.inflight = this.seq;
    this.framesSent++;
    session.sendBinary(this.encoder.finish());
  }

  /** The page is gone or replaced (tests, shutdown). */
  close(): void {
    this.session?.close();
    this.session = null;
    for (const off of this.everyone) off();
  }
}
