import type { WebSocket } from 'ws';
import type { Exo } from '../../exo.js';
import { evdevCodeFromDomCode } from '../../seat/keymap/index.js';
import { BTN_LEFT, BTN_MIDDLE, BTN_RIGHT } from '../../seat/seat-api.js';
import type { WindowAction } from '../../shell/shell-api.js';
import type { WebBackend } from './web-backend.js';
import type { PixelLayout } from './sent-image.js';

/** Messages the page sends (JSON). Coordinates are the page's CSS pixels = desktop logical pixels. */
type PageMessage =
  | { t: 'hello'; width: number; height: number; dpr: number; pixels?: PixelLayout }
  | { t: 'refresh'; pixels?: PixelLayout }
  | { t: 'resize'; width: number; height: number; dpr: number }
  | { t: 'ack'; seq: number }
  | { t: 'blur' }
  | { t: 'layout'; layout: string }
  | { t: 'pointer'; x: number; y: number }
  | { t: 'button'; button: number; down: boolean; x?: number; y?: number }
  | { t: 'wheel'; dx: number; dy: number; mode: number }
  | { t: 'key'; code: string; down: boolean }
  | { t: 'touch'; id: number; kind: 'down' | 'motion' | 'up' | 'cancel'; x: number; y: number }
  | {
      t: 'action';
      window: number;
      action: WindowAction['action'];
      x?: number;
      y?: number;
      width?: number;
      height?: number;
    };

const BUTTONS = [BTN_LEFT, BTN_MIDDLE, BTN_RIGHT];
/** Pixels per wheel detent in Chromium (deltaMode 0); one detent = 120 in wl_pointer's value120. */
const PIXELS_PER_DETENT = 120 / 1.2 / 1; // Chromium scrolls 100 px per notch at zoom 1

/**
 * One browser page showing the desktop: decodes its input into seat calls, applies window
 * actions from the decorations, and carries frames to it. Malformed messages are dropped
 * with a note on stderr in debug mode; they never reach the seat.
 */
export class PageSession {
  private closed = false;
  /** Keys this page holds down, released if the page loses focus or goes away. */
  private readonly pressed = new Set<number>();

  constructor(
    private readonly exo: Exo,
    private readonly backend: WebBackend,
    private readonly ws: WebSocket,
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: PageMessage;
      try {
        msg = JSON.parse(data.toString()) as PageMessage;
      } catch {
        return;
      }
      try {
        this.handle(msg);
      } catch (e) {
        this.sendJson({ t: 'error', message: (e as Error).message });
      }
      this.exo.flush();
    });
    ws.on('close', () => {
      this.closed = true;
      this.releaseKeys();
      this.exo.flush();
    });
  }

  private handle(m: PageMessage): void {
    const seat = this.exo.seat;
    switch (m.t) {
      case 'refresh':
        this.backend.refresh(layoutOf(m.pixels));
        break;
      case 'hello':
      case 'resize':
        if (m.t === 'hello') this.backend.setLayout(layoutOf(m.pixels));
        if (
          num(m.width) &&
          num(m.height) &&
          num(m.dpr) &&
          m.width >= 64 &&
          m.height >= 64 &&
          m.dpr > 0 &&
          m.dpr <= 4
        ) {
          this.exo.output.update(Math.round(m.width), Math.round(m.height), m.dpr);
          this.exo.shell.outputChanged();
        }
        break;
      case 'ack':
        this.backend.acknowledged(m.seq);
        break;
      case 'pointer':
        if (num(m.x) && num(m.y)) seat.pointerMotion(m.x, m.y);
        break;
      case 'button': {
        const b = BUTTONS[m.button];
        if (b === undefined) return;
        if (num(m.x) && num(m.y)) seat.pointerMotion(m.x, m.y);
        seat.pointerButton(b, !!m.down);
        break;
      }
      case 'wheel': {
        if (!num(m.dx) || !num(m.dy)) return;
        const factor = m.mode === 1 ? 40 : m.mode === 2 ? 800 : 1;
        const dx = m.dx * factor;
        const dy = m.dy * factor;
        seat.pointerAxis({
          dx: dx / 10,
          dy: dy / 10,
          dx120: Math.round((dx / PIXELS_PER_DETENT) * 120),
          dy120: Math.round((dy / PIXELS_PER_DETENT) * 120),
          source: 'wheel',
        });
        break;
      }
      case 'key': {
        const code = typeof m.code === 'string' ? evdevCodeFromDomCode(m.code) : undefined;
        if (code === undefined || this.pressed.has(code) === !!m.down) return;
        if (m.down) this.pressed.add(code);
        else this.pressed.delete(code);
        seat.key(code, !!m.down);
        break;
      }
      case 'blur':
        this.releaseKeys();
        break;
      case 'layout':
        if (typeof m.layout !== 'string') return;
        this.releaseKeys();
        seat.setKeyboardLayout(m.layout);
        this.sendJson({ t: 'settings', layout: seat.keyboardLayout });
        break;
      case 'touch':
        if (!num(m.id)) return;
        if (m.kind === 'down' && num(m.x) && num(m.y)) seat.touchDown(m.id, m.x, m.y);
        else if (m.kind === 'motion' && num(m.x) && num(m.y)) seat.touchMotion(m.id, m.x, m.y);
        else if (m.kind === 'up') seat.touchUp(m.id);
        else if (m.kind === 'cancel') seat.touchCancel();
        break;
      case 'action': {
        const a = m.action;
        if (a === 'move' && num(m.x) && num(m.y))
          this.exo.shell.act(m.window, { action: 'move', x: m.x, y: m.y });
        else if (a === 'resize' && num(m.width) && num(m.height))
          this.exo.shell.act(m.window, { action: 'resize', width: m.width, height: m.height });
        else if (a !== 'move' && a !== 'resize') this.exo.shell.act(m.window, { action: a } as WindowAction);
        break;
      }
    }
  }

  private releaseKeys(): void {
    for (const code of this.pressed) this.exo.seat.key(code, false);
    this.pressed.clear();
  }

  sendText(text: string): void {
    if (!this.closed) this.ws.send(text);
  }

  sendJson(obj: unknown): void {
    if (!this.closed) this.ws.send(JSON.stringify(obj));
  }

  sendBinary(buf: Buffer): void {
    if (!this.closed) this.ws.send(buf, { binary: true });
  }

  /** A newer page took over: tell this one, then close it. */
  replace(): void {
    this.sendJson({
      t: 'replaced',
      message: 'The desktop was opened in another tab or window; this one is no longer live.',
    });
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(4000, 'replaced');
  }
}

/** The page's pixel layout (sent-image.ts); pages that do not say take straight RGBA. */
function layoutOf(v: unknown): PixelLayout {
  return v === 'native' ? 'native' : 'rgba';
}

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
