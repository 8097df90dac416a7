import type { WebSocket } from 'ws';
import { HttpError, sendJson } from '../../api/http-json.js';
import type { RouteContext } from '../../api/routes.js';
import { describeClipboard, textOf } from '../../api/clipboard-routes.js';
import { ClipboardError, type ClipboardItem } from '../../clipboard/host-clipboard.js';
import { HOST_HTML, HOST_PNG, HOST_TEXT } from '../../clipboard/mime.js';
import { hostClipboardsOf } from '../../clipboard/register-clipboard.js';
import { ByteSink } from '../../clipboard/upload.js';
import { Spool } from '../../data-device/spool.js';
import type { Exo } from '../../exo.js';

/**
 * The browser clipboard and exo's, for the desktop page.
 *
 * Browser → guest, on a paste key in the page (the user's gesture):
 *   POST /api/paste ← [u32 LE header length][header JSON {"items":[{"mime","size"}...]}][bytes...]
 *   → the clipboard description; the page then sends the held paste key.
 * Guest → browser: when a guest client copies, the page gets
 *   {"t":"clipboard","version":N,"mimeTypes":[...],"text":"..."?}
 * with the text inline (when at most MAX_INLINE_TEXT bytes); HTML and PNG it fetches from
 * GET /api/clipboard?mime=TYPE, so big payloads never travel through the WebSocket.
 * A paste's items are collected as they arrive, large ones in a spool file (upload.ts).
 */

export const MAX_PASTE_BYTES = 64 * 1024 * 1024;
const MAX_INLINE_TEXT = 4 * 1024 * 1024;
const MAX_HEADER = 64 * 1024;

export const PASTE_ROUTES = [
  { method: 'POST' as const, path: '/api/paste', pattern: /^\/api\/paste$/, handle: paste },
];

/**
 * Parses a paste body as it arrives (see above): the header first, then each item into a
 * ByteSink, in memory or, when large, in a spool file, so the body is never held whole.
 * Throws HttpError 400 on anything malformed, 413 past MAX_PASTE_BYTES.
 */
class PasteParser {
  private head = Buffer.alloc(0);
  private items: Array<{ mime: string; size: number }> | null = null;
  private readonly done: ClipboardItem[] = [];
  private sink: ByteSink | null = null;
  private total = 0;

  push(chunk: Buffer): void {
    if (this.items === null) {
      this.head = Buffer.concat([this.head, chunk]);
      chunk = this.parseHeader();
      if (this.items === null) return;
    }
    while (chunk.length > 0) {
      const next = this.items[this.done.length];
      if (!next) throw new HttpError(400, 'the paste body has bytes after its items');
      this.sink ??= new ByteSink(next.size);
      const take = Math.min(chunk.length, next.size - this.sink.length);
      this.sink.write(chunk.subarray(0, take));
      chunk = chunk.subarray(take);
      this.closeFullItems();
    }
  }

  /** The items, once the whole body was pushed; their spools become the caller's. */
  end(): ClipboardItem[] {
    if (this.items === null) throw new HttpError(400, 'the paste body has no header');
    this.closeFullItems();
    if (this.done.length < this.items.length)
      throw new HttpError(400, 'the paste items are larger than the body');
    return this.done;
  }

  /** Drops what was collected (a malformed or broken body). */
  abort(): void {
    this.sink?.abort();
    for (const it of this.done) if (it.bytes instanceof Spool) it.bytes.release();
  }

  private closeFullItems(): void {
    for (;;) {
      const next = this.items![this.done.length];
      if (!next || (this.sink?.length ?? 0) < next.size) return;
      this.done.push({ mime: next.mime, bytes: this.sink ? this.sink.finish() : Buffer.alloc(0) });
      this.sink = null;
    }
  }

  /** Takes the header once it is all there; answers the bytes after it. */
  private parseHeader(): Buffer {
    const body = this.head;
    if (body.length < 4) return Buffer.alloc(0);
    const len = body.readUInt32LE(0);
    if (len > MAX_HEADER) throw new HttpError(400, 'the paste header is malformed');
    if (body.length < 4 + len) return Buffer.alloc(0);
    let header: { items?: unknown };
    try {
      header = JSON.parse(body.subarray(4, 4 + len).toString('utf8')) as { items?: unknown };
    } catch {
      throw new HttpError(400, 'the paste header is no JSON');
    }
    if (!Array.isArray(header.items) || header.items.length > 16)
      throw new HttpError(400, 'the paste header must list at most 16 items');
    const items: Array<{ mime: string; size: number }> = [];
    for (const it of header.items as Array<{ mime?: unknown; size?: unknown }>) {
      if (typeof it.mime !== 'string' || !Number.isSafeInteger(it.size) || (it.size as number) < 0)
        throw new HttpError(400, 'each paste item needs a "mime" string and a "size"');
      this.total += it.size as number;
      items.push({ mime: it.mime, size: it.size as number });
    }
    if (this.total > MAX_PASTE_BYTES) throw new HttpError(413, `a paste is at most ${MAX_PASTE_BYTES} bytes`);
    this.items = items;
    this.head = Buffer.alloc(0);
    return body.subarray(4 + len);
  }
}

/** Parses a whole paste body (see above); throws HttpError 400 on anything malformed. */
export function parsePasteBody(body: Buffer): ClipboardItem[] {
  const p = new PasteParser();
  try {
    p.push(body);
    return p.end();
  } catch (e) {
    p.abort();
    throw e;
  }
}

async function readBody(ctx: RouteContext): Promise<ClipboardItem[]> {
  const { req } = ctx;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_PASTE_BYTES + MAX_HEADER + 4)
    throw new HttpError(413, `a paste is at most ${MAX_PASTE_BYTES} bytes`);
  const p = new PasteParser();
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) p.push(chunk);
    return p.end();
  } catch (e) {
    p.abort();
    req.resume(); // the rest is read and dropped, so the answer reaches the page
    throw e;
  }
}

async function paste(ctx: RouteContext): Promise<void> {
  const items = await readBody(ctx);
  const clipboard = hostClipboardsOf(ctx.exo).clipboard;
  try {
    const snapshot = await clipboard.pasteGesture(items);
    sendJson(ctx.res, 200, describeClipboard(snapshot, false));
  } catch (e) {
    if (e instanceof ClipboardError) throw new HttpError(e.unsupported ? 415 : 400, e.message);
    throw e;
  }
}

/**
 * Tells the page of `ws` whenever a guest client copies (not when the host itself set the
 * clipboard: the page has that already). Stops when the socket closes.
 */
export function forwardGuestClipboard(exo: Exo, ws: WebSocket, send: (msg: object) => void): void {
  let clipboard;
  try {
    clipboard = hostClipboardsOf(exo).clipboard;
  } catch {
    return; // no data device: nothing to forward
  }
  const off = clipboard.onChange((s) => {
    if (s.owner !== 'guest') return;
    const text = textOf(s.items.get(HOST_TEXT), MAX_INLINE_TEXT);
    const mimeTypes = [...s.items.keys()].filter((m) => m === HOST_TEXT || m === HOST_HTML || m === HOST_PNG);
    if (mimeTypes.length === 0) return;
    send({
      t: 'clipboard',
      version: s.version,
      mimeTypes,
      ...(text !== undefined ? { text } : {}),
    });
  });
  ws.on('close', off);
}
