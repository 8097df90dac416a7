import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClipboardError, type ClipboardSnapshot, type HostClipboard } from '../clipboard/host-clipboard.js';
import { HOST_TEXT, parseMime } from '../clipboard/mime.js';
import { hostClipboardsOf } from '../clipboard/register-clipboard.js';
import { readBody, UploadError } from '../clipboard/upload.js';
import { GarbagePacer } from '../clipboard/young-garbage.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_SPOOL_BYTES, type Payload } from '../data-device/fd-transfer.js';
import type { SelectionKind } from '../data-device/selections.js';
import { Spool, type Bytes } from '../data-device/spool.js';
import type { Exo } from '../exo.js';
import { HttpError, sendJson } from './http-json.js';
import type { RouteContext } from './routes.js';

/**
 * The clipboard in the control API:
 *   GET /api/clipboard            → {"mimeTypes": [...], "text": "...", "sizes", "owner", "offered",
 *                                    "dropped"?, "version", "readMs"?} (`?text=0` leaves the text out)
 *   GET /api/clipboard?mime=TYPE  → the raw bytes of one type (any type exo offers guests)
 *   PUT /api/clipboard            ← raw body, Content-Type = its MIME type: the host clipboard
 *                                   becomes that, offered to the focused guest (a paste gesture);
 *                                   answers the GET description without the text
 *   DELETE /api/clipboard         → empties it
 * `?selection=primary` works on the primary selection instead.
 * A PUT body past 1 MiB is spooled to a file as it arrives (upload.ts), never held whole in
 * memory; up to 1 GiB is taken. The JSON's "text" is left out past 64 MiB (GET ?mime= has it).
 */

const PATH = /^\/api\/clipboard$/;
/** Bytes per socket write of a spooled answer. */
const SEND_SLICE = 1024 * 1024;

export const CLIPBOARD_ROUTES = [
  { method: 'GET' as const, path: '/api/clipboard', pattern: PATH, handle: getClipboard },
  { method: 'PUT' as const, path: '/api/clipboard', pattern: PATH, handle: putClipboard },
  { method: 'DELETE' as const, path: '/api/clipboard', pattern: PATH, handle: deleteClipboard },
];

function query(req: IncomingMessage): URLSearchParams {
  return new URL(`http://exo${req.url ?? '/'}`).searchParams;
}

function clipboardOf(exo: Exo, q: URLSearchParams): HostClipboard {
  const kind = q.get('selection') ?? 'clipboard';
  if (kind !== 'clipboard' && kind !== 'primary')
    throw new HttpError(400, `selection must be 'clipboard' or 'primary', not '${kind.slice(0, 40)}'`);
  try {
    return hostClipboardsOf(exo).of(kind as SelectionKind);
  } catch (e) {
    throw new HttpError(503, `this exo has no clipboard: ${(e as Error).message}`);
  }
}

/** The JSON answer describing a clipboard. */
export function describeClipboard(s: ClipboardSnapshot, withText = true): Record<string, unknown> {
  const text = withText ? textOf(s.items.get(HOST_TEXT), DEFAULT_MAX_BYTES) : undefined;
  return {
    selection: s.kind,
    owner: s.owner,
    mimeTypes: [...s.items.keys()],
    ...(text !== undefined ? { text } : {}),
    sizes: Object.fromEntries([...s.items].map(([m, b]) => [m, b.length])),
    offered: s.offered,
    ...(s.dropped.length > 0 ? { dropped: s.dropped } : {}),
    version: s.version,
    ...(s.readMs !== undefined ? { readMs: Math.round(s.readMs * 10) / 10 } : {}),
  };
}

/** Text bytes as a string, when there are at most `max` (a spool is read for it). */
export function textOf(b: Bytes | undefined, max: number): string | undefined {
  if (!b || b.length > max) return undefined;
  if (!(b instanceof Spool)) return b.toString('utf8');
  return b.closed ? undefined : b.toBuffer().toString('utf8');
}

async function getClipboard({ exo, req, res }: RouteContext): Promise<void> {
  const q = query(req);
  const clipboard = clipboardOf(exo, q);
  const snapshot = await clipboard.settled();
  const mime = q.get('mime');
  if (mime === null) return sendJson(res, 200, describeClipboard(snapshot, q.get('text') !== '0'));
  const hit = clipboard.payload(mime);
  if (!hit)
    throw new HttpError(
      404,
      `the ${snapshot.kind} has no ${mime.slice(0, 100)}; it has ${[...snapshot.items.keys()].join(', ') || 'nothing'}`,
      { mimeTypes: [...snapshot.items.keys()] },
    );
  await sendPayload(
    res,
    parseMime(hit.mime)?.essence.includes('/') ? hit.mime : 'application/octet-stream',
    hit.data,
  );
}

async function putClipboard({ exo, req, res }: RouteContext): Promise<void> {
  const clipboard = clipboardOf(exo, query(req));
  const type = req.headers['content-type'];
  if (!type)
    throw new HttpError(
      400,
      "send the clipboard's MIME type as Content-Type (e.g. text/plain;charset=utf-8)",
    );
  let body: Bytes;
  try {
    body = await readBody(req, DEFAULT_MAX_SPOOL_BYTES);
  } catch (e) {
    if (e instanceof UploadError) throw new HttpError(e.tooLarge ? 413 : 400, e.message);
    throw e;
  }
  try {
    // The answer describes what was taken, without echoing the text back.
    sendJson(res, 200, describeClipboard(await clipboard.set([{ mime: type, bytes: body }]), false));
  } catch (e) {
    if (e instanceof ClipboardError) throw new HttpError(e.unsupported ? 415 : 400, e.message);
    throw e;
  }
}

function deleteClipboard({ exo, req, res }: RouteContext): void {
  const clipboard = clipboardOf(exo, query(req));
  clipboard.clear();
  sendJson(res, 200, describeClipboard(clipboard.current));
}

/** Sends bytes as they lie, or chunks as they are made, waiting for the socket to drain. */
async function sendPayload(res: ServerResponse, contentType: string, data: Payload): Promise<void> {
  const headers = { 'Content-Type': contentType, 'Cache-Control': 'no-store' };
  if (data instanceof Spool) return sendSpool(res, headers, data);
  if (data instanceof Uint8Array) {
    res.writeHead(200, { ...headers, 'Content-Length': String(data.byteLength) });
    res.end(data);
    return;
  }
  res.writeHead(200, headers);
  for (const chunk of data) {
    if (res.destroyed) return;
    // The producer may reuse the chunk's memory for the next one; the socket may still hold it.
    if (!res.write(Buffer.from(chunk))) await drained(res);
  }
  res.end();
}

/**
 * Streams a spool from its file: a slice read (from the page cache, synchronously: no thread
 * pool hop) whenever the socket has taken the one before. The spool is held until the end.
 */
async function sendSpool(res: ServerResponse, headers: Record<string, string>, spool: Spool): Promise<void> {
  res.writeHead(200, { ...headers, 'Content-Length': String(spool.length) });
  spool.retain();
  try {
    const pacer = new GarbagePacer(); // each slice is a fresh Buffer: see young-garbage.ts
    for (let off = 0; off < spool.length && !res.destroyed;) {
      // A fresh Buffer per slice: the socket may hold it after write returns.
      const slice = Buffer.allocUnsafeSlow(Math.min(SEND_SLICE, spool.length - off));
      const n = spool.readAt(slice, off);
      if (n <= 0) throw new Error(`the spooled data ended at ${off} of ${spool.length} bytes`);
      off += n;
      pacer.moved(n);
      if (!res.write(n === slice.length ? slice : slice.subarray(0, n))) await drained(res);
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    spool.release();
  }
}

/** Resolves when the socket takes more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
