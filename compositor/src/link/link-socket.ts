import * as net from 'node:net';
import { dupFd } from '../native/libc.js';

/** Bytes per read of a link stream. */
const READ_SIZE = 256 * 1024;
/** Update data at least this long is read straight into the shared memory it updates. */
export const DIRECT_READ_MIN = 64 * 1024;

/**
 * Reads of a link stream into one reused buffer (Node's `onread`), so a link moving gigabytes
 * allocates nothing per read: memory stays flat instead of growing until the garbage collector
 * gets round to the read buffers. A chunk is valid only during the call.
 */
export class ChunkReads {
  target: ((chunk: Buffer) => void) | null = null;
  /**
   * Memory the next read may go straight into (shared memory being updated), or null; `direct`
   * is then told how many bytes landed there.
   */
  directTarget: (() => Buffer | null) | null = null;
  direct: ((n: number) => void) | null = null;
  private readonly buffer = Buffer.allocUnsafe(READ_SIZE);
  private lastDirect: Buffer | null = null;

  get onread(): { buffer: () => Buffer; callback: (n: number, buf: Buffer) => boolean } {
    return {
      buffer: () => {
        this.lastDirect = this.directTarget?.() ?? null;
        return this.lastDirect ?? this.buffer;
      },
      callback: (n, buf) => {
        if (buf === this.lastDirect) this.direct?.(n);
        else this.target?.(buf.subarray(0, n));
        return true;
      },
    };
  }
}

/** A link stream to `unix:`/`tcp:` address parts, reading through `reads`. */
export function connectWithReads(
  opts: { path: string } | { host: string; port: number },
  reads: ChunkReads,
): net.Socket {
  return net.connect({ ...opts, onread: reads.onread });
}

/** A socket over an fd (a socketpair end, an accepted connection), reading through `reads`. */
export function socketWithReads(fd: number, reads: ChunkReads): net.Socket {
  return new net.Socket({
    fd,
    readable: true,
    writable: true,
    onread: reads.onread,
  } as net.SocketConstructorOpts);
}

/**
 * Takes over a connection a net.Server accepted with `pauseOnConnect` (nothing read yet), as a
 * socket reading through `reads`; null when its fd is not reachable (then use it as it is).
 */
export function adoptAccepted(socket: net.Socket, reads: ChunkReads): net.Socket | null {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return null;
  const own = dupFd(fd);
  socket.destroy();
  return socketWithReads(own, reads);
}
