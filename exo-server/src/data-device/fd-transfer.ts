import { closeFd } from '../../../compositor/src/native/libc.js';
import { readFd, writeFd } from '../../../compositor/src/native/shared-memory.js';
import { spliceFd } from '../../../compositor/src/native/splice.js';
import { GrowableBuffer } from './growable-buffer.js';
import { DEFAULT_TIMEOUT_MS, PIPE_CHUNK, runPipeTransfer } from './pipe-transfer.js';
import { Spool, SpoolWriter, type Bytes } from './spool.js';

/** Bounds of one transfer: a peer that never closes its end, or sends without end, is cut off. */
export interface TransferLimits {
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /** Refuse more than this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** Stops the transfer (the fd is closed, the promise rejects). */
  signal?: AbortSignal;
}

/** Reading into a spool file (see spool.ts) past a size, instead of memory. */
export interface SpoolLimits {
  /** Bytes kept in memory; more goes to a spool file (default: never, `maxBytes` is the limit). */
  spoolAbove?: number;
  /** Refuse more than this many bytes in a spool (default 1 GiB). */
  maxSpoolBytes?: number;
  /**
   * Sees every chunk as it is read (e.g. to check text while it is at hand); must not throw.
   * Without it, spooled data is spliced from the pipe and never enters JavaScript at all.
   */
  inspect?: (chunk: Buffer) => void;
}

/**
 * What can be written: bytes, or chunks produced one at a time (converted as the reader reads);
 * a chunk is only used until the next one is asked for, so a producer may reuse its buffer.
 */
export type Payload = Uint8Array | Iterable<Uint8Array> | Spool;

export { DEFAULT_TIMEOUT_MS };
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_SPOOL_BYTES = 1024 * 1024 * 1024;
/** Where inspected chunks are read on their way to a spool (used only within one call). */
const scratch = Buffer.allocUnsafeSlow(PIPE_CHUNK);

/**
 * Writes `data` into `fd` (a pipe a client gave us) without blocking the event loop, then
 * closes it. Takes ownership of `fd`. `data` is written from where it lies (no copy); chunks
 * are pulled from an iterable only when the pipe has room, so a converted payload never exists
 * whole. Resolves when everything was written; rejects when the reader went away, the time ran
 * out or the signal fired (the fd is closed either way).
 */
export function writeAllAndClose(fd: number, data: Payload, limits: TransferLimits = {}): Promise<void> {
  if (data instanceof Spool) return spliceAllAndClose(fd, data, limits);
  const chunks: Iterator<Uint8Array> | null = data instanceof Uint8Array ? null : data[Symbol.iterator]();
  let current: Uint8Array | null = data instanceof Uint8Array ? data : null;
  let off = 0;
  let written = 0;
  /** The chunk to write next, or null at the end. */
  const next = (): Uint8Array | null => {
    while (current === null || off >= current.byteLength) {
      const r = chunks?.next();
      if (!r || r.done) return null;
      current = r.value;
      off = 0;
    }
    return current;
  };
  return runPipeTransfer(fd, limits, {
    direction: 'write',
    pump(run) {
      for (let chunk = next(); chunk !== null; chunk = next()) {
        const n = writeFd(fd, chunk, off);
        if (n < 0) return run.wait(); // the pipe is full: wait until the reader made room
        off += n;
        written += n;
      }
      run.finish(null);
    },
    progress: () => `${written} bytes written`,
    result: () => undefined,
    cleanup: (err) => err && chunks?.return?.(), // a producer's cleanup (a spool it reads) runs now
  });
}

/**
 * writeAllAndClose for spooled data: splice(2) moves it from the file's page cache into the
 * pipe without a copy through JavaScript. The spool is held until the transfer ends.
 */
function spliceAllAndClose(fd: number, spool: Spool, limits: TransferLimits): Promise<void> {
  try {
    spool.retain();
  } catch (e) {
    closeFd(fd);
    return Promise.reject(e as Error);
  }
  let off = 0;
  return runPipeTransfer(fd, limits, {
    direction: 'write',
    pump(run) {
      while (off < spool.length) {
        const n = spliceFd(spool.fd, fd, Math.min(PIPE_CHUNK, spool.length - off), { fromOffset: off });
        if (n < 0) return run.wait();
        if (n === 0) throw new Error(`the spooled data ended at ${off} of ${spool.length} bytes`);
        off += n;
      }
      run.finish(null);
    },
    progress: () => `${off} bytes written`,
    result: () => undefined,
    cleanup: () => spool.release(),
  });
}

/**
 * Reads `fd` (the read end of a non-blocking pipe) to its end and closes it. Takes ownership of
 * `fd`. The bytes are read straight into one growing buffer (no chunk list joined at the end),
 * so reading N bytes costs N bytes of memory. Rejects when the writer sends more than
 * `maxBytes`, does not finish in time, or the signal fires.
 */
export async function readAllAndClose(fd: number, limits: TransferLimits = {}): Promise<Buffer> {
  return (await readBytesAndClose(fd, { ...limits, spoolAbove: undefined })) as Buffer;
}

/**
 * readAllAndClose, but past `spoolAbove` bytes what was read moves to a spool file and the rest
 * is spliced there from the pipe (never entering JavaScript memory): a Buffer for small data, a
 * Spool for large. `maxBytes` bounds the in-memory case, `maxSpoolBytes` the spooled one.
 */
export function readBytesAndClose(fd: number, limits: TransferLimits & SpoolLimits = {}): Promise<Bytes> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const spoolAbove = limits.spoolAbove === undefined ? null : Math.min(limits.spoolAbove, maxBytes);
  const maxSpool = limits.maxSpoolBytes ?? DEFAULT_MAX_SPOOL_BYTES;
  const memLimit = spoolAbove ?? maxBytes;
  const inspect = limits.inspect;
  // One byte over the limit tells "exactly the limit" from "too much".
  const out = new GrowableBuffer(memLimit + 1);
  let spool: SpoolWriter | null = null;
  const tooLarge = (max: number): Error => new Error(`the data is larger than ${max} bytes`);
  return runPipeTransfer<Bytes>(fd, limits, {
    direction: 'read',
    pump(run) {
      // In memory first; past `spoolAbove`, what was read moves to a spool and the rest follows.
      while (!spool) {
        const space = out.space(PIPE_CHUNK);
        const n = readFd(fd, space);
        if (n < 0) return run.wait(); // nothing more for now
        if (n === 0) return run.finish(null);
        inspect?.(space.subarray(0, n));
        out.commit(n);
        if (out.length <= memLimit) continue;
        if (spoolAbove === null) return run.finish(tooLarge(maxBytes));
        spool = new SpoolWriter();
        spool.write(out.finish());
      }
      for (;;) {
        let n: number;
        if (inspect) {
          // Read, look, write: cheaper than reading the file back to look afterwards.
          n = readFd(fd, scratch);
          if (n > 0) inspect(scratch.subarray(0, n));
          if (n > 0) spool.write(scratch.subarray(0, n));
        } else {
          n = spliceFd(fd, spool.fd, PIPE_CHUNK, { toOffset: spool.length });
          if (n > 0) spool.grew(n);
        }
        if (n < 0) return run.wait();
        if (n === 0) return run.finish(null);
        if (spool.length > maxSpool) return run.finish(tooLarge(maxSpool));
      }
    },
    progress: () => `${spool?.length ?? out.length} bytes read`,
    result: () => (spool ? spool.finish() : out.finish()),
    cleanup: (err) => err && spool?.abort(),
  });
}
