import type { IncomingMessage } from 'node:http';
import { GrowableBuffer } from '../data-device/growable-buffer.js';
import { SpoolWriter, type Bytes } from '../data-device/spool.js';
import { Utf8Checker } from './charset.js';
import { GarbagePacer } from './young-garbage.js';

/**
 * Host data arriving over HTTP (PUT /api/clipboard, a paste from the page) collected as it
 * arrives: in memory up to `spoolAbove` bytes, then in a spool file (spool.ts), so a large
 * upload never sits whole in exo's memory. The bytes are held once: no chunk list joined at the
 * end.
 */

/** Uploads larger than this go to a spool file (a pipe's worth: small pastes stay in memory). */
export const SPOOL_ABOVE = 1024 * 1024;

export class ByteSink {
  private mem: GrowableBuffer | null;
  private spool: SpoolWriter | null = null;
  /** The chunks written are the stream's garbage once spooled (see young-garbage.ts). */
  private readonly pacer = new GarbagePacer();
  /** Checks the bytes as UTF-8 while they are at hand (text is checked anyway, and mostly is). */
  private utf8: Utf8Checker | null = new Utf8Checker();

  /** `limit`: the most bytes it takes; `sizeHint`: the size announced, if any. */
  constructor(
    readonly limit: number,
    private readonly spoolAbove = SPOOL_ABOVE,
    sizeHint?: number,
  ) {
    const memLimit = Math.min(limit, spoolAbove);
    this.mem = new GrowableBuffer(
      memLimit,
      sizeHint !== undefined && sizeHint <= memLimit ? sizeHint : undefined,
    );
  }

  get length(): number {
    return this.spool?.length ?? this.mem!.length;
  }

  /** Appends `chunk`; false (and nothing appended) when it would pass the limit. */
  write(chunk: Uint8Array): boolean {
    if (this.length + chunk.byteLength > this.limit) return false;
    try {
      this.utf8?.push(chunk);
    } catch {
      this.utf8 = null;
    }
    if (this.mem && this.mem.append(chunk)) return true;
    if (!this.spool) {
      this.spool = new SpoolWriter();
      try {
        this.spool.write(this.mem!.finish());
      } catch (e) {
        this.abort();
        throw e;
      }
      this.mem = null;
    }
    this.spool.write(chunk);
    this.pacer.moved(chunk.byteLength);
    return true;
  }

  /** The bytes: a Buffer, or a Spool (the caller's to release). */
  finish(): Bytes {
    if (!this.spool) return this.mem!.finish();
    const spool = this.spool.finish();
    try {
      this.utf8?.end();
      spool.utf8 = this.utf8 !== null;
    } catch {
      spool.utf8 = false;
    }
    return spool;
  }

  /** Drops what was collected. */
  abort(): void {
    this.spool?.abort();
    this.spool = null;
    this.mem = null;
  }
}

/** Why an upload failed: too large (413) or unreadable (400). */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly tooLarge: boolean,
  ) {
    super(message);
  }
}

/**
 * Reads a request body of at most `limit` bytes into a ByteSink (see above). Past the limit the
 * rest is read and dropped, so the answer still reaches the sender.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Bytes> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooLarge = (): UploadError =>
    new UploadError(`the body is larger than the limit of ${limit} bytes`, true);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const sink = new ByteSink(limit, SPOOL_ABOVE, Number.isFinite(declared) ? declared : undefined);
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      sink.abort();
      reject(e);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        if (!sink.write(chunk)) fail(tooLarge());
      } catch (e) {
        fail(e as Error);
      }
    });
    req.on('end', () => {
      if (!failed) resolve(sink.finish());
    });
    req.on('error', (e) => fail(new UploadError(`could not read the request body: ${e.message}`, false)));
    req.on('close', () => {
      if (!req.complete) fail(new UploadError('the request body was cut off', false));
    });
  });
}
