import { Region } from '../../../../compositor/src/geometry/region.js';
import type { Rect } from '../../../../compositor/src/geometry/rect.js';
import type { Exo } from '../../exo.js';
import type { Surface } from '../../surface/surface.js';
import { FrameEncoder } from './frame-encoder.js';
import { SentImage, type PixelLayout } from './sent-image.js';
import { DamageMotion } from './damage-motion.js';
import { PageSession } from './page-session.js';
import { describeScene, SurfaceIds, type ViewDescription } from './scene-description.js';
import type { WebSocket } from 'ws';
import { cursorCss } from './cursor-css.js';
import { forwardGuestClipboard } from './clipboard-session.js';

/**
 * Frames on their way to the page at once. Two let exo encode (and the client draw) the next
 * frame while the page receives and decodes this one; never more, so a slow page gets fewer,
 * larger frames (merged damage) instead of a queue.
 */
const MAX_INFLIGHT = 2;

/**
 * The `web` backend: shows exo's scene in browser pages. Each surface's damaged buffer pixels
 * travel to the page, which stacks one canvas per surface; the window layout travels as JSON.
 * At most MAX_INFLIGHT frames are unacknowledged: meanwhile damage is merged, so a slow page
 * skips frames instead of queueing them. Content that changes every frame travels lossy and is
 * refined exactly once still (damage-motion.ts).
 */
export class WebBackend {
  private session: PageSession | null = null;
  readonly ids = new SurfaceIds();
  /** Buffer damage per surface not yet sent to the page. */
  private readonly pending = new Map<Surface, Region>();
  /** Two encoders, alternating: a frame's buffer stays untouched until the page has it. */
  private readonly encoders = [new FrameEncoder(), new FrameEncoder()];
  /** What the page has of each surface, to send only pixels that changed. */
  private sentImages = new WeakMap<Surface, SentImage>();
  /** The page's pixel layout: what its renderer takes without per-pixel work. */
  private layout: PixelLayout | null = null;
  /** Which surfaces change every frame (sent lossy) and which pixels await an exact refinement. */
  private readonly motion = new DamageMotion(() => this.exo.frames.schedule());
  /**
   * The surfaces the page has a canvas for, with the buffer size it has: the page drops the
   * canvas of a surface that leaves the scene (a minimized window) and clears one whose size
   * changes, so a surface that comes back or changes size is sent whole.
   */
  private shown = new Map<Surface, string>();
  private lastScene = '';
  private seq = 0;
  /** Frames sent and not yet acknowledged (at most MAX_INFLIGHT), oldest first, with when. */
  private unacked: number[] = [];
  private readonly sentAt = new Map<number, number>();
  /** How long the page takes to acknowledge a frame, smoothed. */
  private roundTripMs = 0;
  /** The delivery of the last frame whose JPEGs are still being encoded (frames go in order). */
  private sending: Promise<void> | null = null;
  private sceneChanged = true;
  private everyone: Array<() => void> = [];
  /** Bytes of pixel data sent, for benchmarks and tests. */
  bytesSent = 0;
  framesSent = 0;

  constructor(private readonly exo: Exo) {
    this.everyone.push(exo.onBufferCommitted((surface, damage) => this.bufferCommitted(surface, damage)));
    exo.onSurfaceDestroyed((s) => {
      this.pending.delete(s);
      this.motion.forget(s);
      this.shown.delete(s);
      this.sceneChanged = true;
    });
    exo.frames.tickListeners.push(() => this.sendFrame());
    exo.frames.gate = () => this.unacked.length >= MAX_INFLIGHT;
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
    this.unacked = [];
    this.sentAt.clear();
    this.lastScene = '';
    this.lastCursor = '';
    this.cursorChanged();
    session.sendJson({ t: 'settings', layout: this.exo.seat.keyboardLayout });
    forwardGuestClipboard(this.exo, ws, (m) => session.sendJson(m));
    // A new page has nothing yet: everything it is shown is sent in full (sendFrame).
    this.layout = null;
    this.resetPixels();
    ws.on('close', () => {
      if (this.session !== session) return;
      this.session = null;
      this.motion.clear();
      this.unacked = [];
      this.sentAt.clear();
      this.exo.frames.release();
    });
    this.exo.frames.schedule();
    return session;
  }

  /** Forgets what the page has: every surface it shows is sent whole at the next frame. */
  private resetPixels(): void {
    this.shown.clear();
    this.pending.clear();
    this.sentImages = new WeakMap();
    this.motion.clear();
    this.sceneChanged = true;
  }

  /**
   * The page asks for everything again, in `layout`: its renderer changed (WebGL context lost
   * or restored) and it has no pixels left.
   */
  refresh(layout: PixelLayout): void {
    this.layout = layout;
    this.resetPixels();
    this.exo.frames.schedule();
  }

  /** The page's renderer takes `layout` (said once, in its hello). */
  setLayout(layout: PixelLayout): void {
    if (layout !== this.layout) this.refresh(layout);
  }

  private bufferCommitted(surface: Surface, damage: Region): void {
    if (!this.session) return;
    const prev = this.pending.get(surface);
    if (prev) prev.union(damage).simplify(64);
    else this.pending.set(surface, damage.clone());
    this.sceneChanged = true;
  }

  /** Surfaces whose next update is sent exactly, without comparing (lossy pixels refined). */
  private readonly exact = new Set<Surface>();

  private markDamaged(surface: Surface, r: Rect, exact = false): void {
    if (exact) this.exact.add(surface);
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

  /** The page drew frame `seq` (and those before it): it may have more. */
  acknowledged(seq: number): void {
    const before = this.unacked.length;
    this.unacked = this.unacked.filter((s) => s > seq);
    if (this.unacked.length === before) return;
    const sent = this.sentAt.get(seq);
    if (sent !== undefined) this.roundTripMs += (performance.now() - sent - this.roundTripMs) / 4;
    for (const s of this.sentAt.keys()) if (s <= seq) this.sentAt.delete(s);
    this.exo.frames.release();
    this.exo.flush();
    if (this.pending.size > 0 || this.sceneChanged || this.motion.waiting) this.exo.frames.schedule();
  }

  /** Called on every frame tick: sends layout changes and pixel updates if the page is ready. */
  sendFrame(): void {
    const session = this.session;
    // No pixels before the page's hello says which layout its renderer takes.
    const layout = this.layout;
    if (!session || !layout || this.unacked.length >= MAX_INFLIGHT) return;
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
    const now = performance.now();
    for (const [surface, rects] of this.motion.due(now))
      for (const r of rects) this.markDamaged(surface, r, true);
    if (this.pending.size === 0) return;
    this.seq++;
    const encoder = this.encoders[this.framesSent & 1]!;
    encoder.begin(this.seq);
    for (const [surface, damage] of this.pending) {
      // Not in the page now (minimized, or a cursor): sent whole if it comes back.
      if (!this.shown.has(surface)) {
        this.motion.forget(surface);
        continue;
      }
      const image = surface.buffer?.image();
      if (!image) continue;
      let sent = this.sentImages.get(surface);
      const fresh = !sent || !sent.fits(image);
      if (fresh || !sent) {
        sent = new SentImage(image.width, image.height);
        this.sentImages.set(surface, sent);
        this.motion.forget(surface);
      }
      const exact = this.exact.has(surface);
      const area = image.width * image.height;
      const out = encoder.addSurface(this.ids.of(surface), image, {
        damage: damage.rects(),
        sent,
        layout,
        all: fresh || exact,
        lossy: (changed) => !exact && this.motion.lossy(surface, changed, area, now, this.roundTripMs),
      });
      this.motion.sentLossy(surface, out.lossy, now);
    }
    this.pending.clear();
    this.exact.clear();
    if (encoder.surfaceCount === 0) return;
    this.unacked.push(this.seq);
    this.sentAt.set(this.seq, now);
    this.framesSent++;
    this.deliver(session, this.seq, encoder.finish());
  }

  /** Sends frames in order: one with JPEGs goes once they are encoded, and those after it wait. */
  private deliver(session: PageSession, seq: number, frame: Buffer | Promise<Buffer>): void {
    const send = (buf: Buffer): void => {
      if (this.session !== session || !this.unacked.includes(seq)) return;
      this.bytesSent += buf.length;
      session.sendBinary(buf);
    };
    if (Buffer.isBuffer(frame) && this.sending === null) return send(frame);
    const delivery = (this.sending ?? Promise.resolve())
      .then(() => frame)
      .then(send, (e: Error) => {
        // Encoding failed (it should not): start over with exact pixels.
        if (process.env['TARTINE_DEBUG']) process.stderr.write(`web: frame encoding failed: ${e.message}\n`);
        if (this.session !== session) return;
        this.resetPixels();
        this.acknowledged(seq);
      })
      .finally(() => {
        if (this.sending === delivery) this.sending = null;
      });
    this.sending = delivery;
  }

  /** The page is gone or replaced (tests, shutdown). */
  close(): void {
    this.session?.close();
    this.session = null;
    for (const off of this.everyone) off();
    this.motion.clear();
  }
}
