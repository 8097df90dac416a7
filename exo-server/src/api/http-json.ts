import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request bodies above this are refused: the API takes small JSON documents only. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** An error the API answers with `status` and `{"error": message, ...extra}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: err.message, ...err.extra }, err.headers);
}

export function sendBytes(res: ServerResponse, contentType: string, body: Buffer): void {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** Reads the whole body (at most MAX_BODY_BYTES). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    // After a refusal the rest of the body is still read, and dropped: the answer reaches a
    // client that is still sending, and the connection stays usable.
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(
          new HttpError(
            413,
            `request body is larger than ${MAX_BODY_BYTES} bytes; send one small JSON document`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(new HttpError(400, `could not read the request body: ${e.message}`));
      failed = true;
    });
  });
}

/** Reads and parses a JSON body; `example` shows the caller what to send instead. */
export async function readJson(req: IncomingMessage, example: string): Promise<unknown> {
  const body = await readBody(req);
  const text = body.toString('utf8').trim();
  if (text === '') throw new HttpError(400, `the request body is empty; send JSON such as ${example}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(
      400,
      `the request body is not valid JSON (${(e as Error).message}); send JSON such as ${example}`,
    );
  }
}

/** A short, printable rendering of a client-supplied value for error messages. */
export function show(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
