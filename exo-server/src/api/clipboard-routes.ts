import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClipboardError, type ClipboardSnapshot, type HostClipboard } from '../clipboard/host-clipboard.js';
import { HOST_TEXT, parseMime } from '../clipboard/mime.js';
import { hostClipboardsOf } from '../clipboard/register-clipboard.js';
import { DEFAULT_MAX_BYTES, type Payload } from '../data-device/fd-transfer.js';
import { GrowableBuffer } from '../data-device/growable-buffer.js';
import type { SelectionKind } from '../data-device/selections.js';
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
 */

const PATH = /^\/api\/clipboard$/;

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
  const text = withText ? s.items.get(HOST_TEXT) : undefined;
  return {
    selection: s.kind,
    owner: s.owner,
    mimeTypes: [...s.items.keys()],
    ...(text ? { text: text.toString('utf8') } : {}),
    sizes: Object.fromEntries([...s.items].map(([m, b]) => [m, b.length])),
    offered: s.offered,
    ...(s.dropped.length > 0 ? { dropped: s.dropped } : {}),
    version: s.version,
    ...(s.readMs !== undefined ? { readMs: Math.round(s.readMs * 10) / 10 } : {}),
  };
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
  const body = await readRawBody(req, DEFAULT_MAX_BYTES);
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

/**
 * Reads a raw body of at most `limit` bytes into one Buffer, sized from Content-Length when
 * given (a 64 MB upload is held once, not as chunks plus their concatenation).
 */
function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit)
    return Promise.reject(
      new HttpError(413, `the body is larger than the clipboard's limit of ${limit} bytes`),
    );
  return new Promise((resolve, reject) => {
    const out = new GrowableBuffer(limit, Number.isFinite(declared) ? declared : undefined);
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return; // the rest is read and dropped, so the answer reaches the sender
      if (!out.append(chunk)) {
        failed = true;
        reject(new HttpError(413, `the body is larger than the clipboard's limit of ${limit} bytes`));
      }
    });
    req.on('end', () => {
      if (!failed) resolve(out.finish());
    });
    req.on('error', (e) => {
      if (!failed) reject(new HttpError(400, `could not read the request body: ${e.message}`));
      failed = true;
    });
  });
}

/** Sends bytes as they lie, or chunks as they are made, waiting for the socket to drain. */
async function sendPayload(res: ServerResponse, contentType: string, data: Payload): Promise<void> {
  const headers = { 'Content-Type': contentType, 'Cache-Control': 'no-store' };
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
