import type { WebSocket } from 'ws';
import { HttpError, sendJson } from '../../api/http-json.js';
import type { RouteContext } from '../../api/routes.js';
import { describeClipboard } from '../../api/clipboard-routes.js';
import { ClipboardError, type ClipboardItem } from '../../clipboard/host-clipboard.js';
import { HOST_HTML, HOST_PNG, HOST_TEXT } from '../../clipboard/mime.js';
import { hostClipboardsOf } from '../../clipboard/register-clipboard.js';
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
 */

export const MAX_PASTE_BYTES = 64 * 1024 * 1024;
const MAX_INLINE_TEXT = 4 * 1024 * 1024;
const MAX_HEADER = 64 * 1024;

export const PASTE_ROUTES = [
  { method: 'POST' as const, path: '/api/paste', pattern: /^\/api\/paste$/, handle: paste },
];

/** Parses the paste body (see above); throws HttpError 400 on anything malformed. */
export function parsePasteBody(body: Buffer): ClipboardItem[] {
  if (body.length < 4) throw new HttpError(400, 'the paste body has no header');
  const len = body.readUInt32LE(0);
  if (len > MAX_HEADER || 4 + len > body.length) throw new HttpError(400, 'the paste header is malformed');
  let header: { items?: unknown };
  try {
    header = JSON.parse(body.subarray(4, 4 + len).toString('utf8')) as { items?: unknown };
  } catch {
    throw new HttpError(400, 'the paste header is no JSON');
  }
  if (!Array.isArray(header.items) || header.items.length > 16)
    throw new HttpError(400, 'the paste header must list at most 16 items');
  const items: ClipboardItem[] = [];
  let at = 4 + len;
  for (const it of header.items as Array<{ mime?: unknown; size?: unknown }>) {
    if (typeof it.mime !== 'string' || !Number.isSafeInteger(it.size) || (it.size as number) < 0)
      throw new HttpError(400, 'each paste item needs a "mime" string and a "size"');
    const end = at + (it.size as number);
    if (end > body.length) throw new HttpError(400, 'the paste items are larger than the body');
    items.push({ mime: it.mime, bytes: body.subarray(at, end) });
    at = end;
  }
  if (at !== body.length) throw new HttpError(400, 'the paste body has bytes after its items');
  return items;
}

async function readBody(ctx: RouteContext): Promise<Buffer> {
  const { req } = ctx;
  const declared = Number(req.headers['content-length'] ?? NaN);
  const limit = MAX_PASTE_BYTES + MAX_HEADER;
  if (declared > limit) throw new HttpError(413, `a paste is at most ${MAX_PASTE_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `a paste is at most ${MAX_PASTE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

async function paste(ctx: RouteContext): Promise<void> {
  const items = parsePasteBody(await readBody(ctx));
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
    const text = s.items.get(HOST_TEXT);
    const mimeTypes = [...s.items.keys()].filter((m) => m === HOST_TEXT || m === HOST_HTML || m === HOST_PNG);
    if (mimeTypes.length === 0) return;
    send({
      t: 'clipboard',
      version: s.version,
      mimeTypes,
      ...(text && text.length <= MAX_INLINE_TEXT ? { text: text.toString('utf8') } : {}),
    });
  });
  ws.on('close', off);
}
