import type * as net from 'node:net';
import { requestSocketBuffers } from '../native/unix-socket.js';

/**
 * Socket buffer size asked for link streams. A full-screen frame is 8 MB: with the default
 * 208 KB per direction it crosses in some 40 write/read wake-ups of both processes, each one a
 * chance to miss the compositor's next tick. The kernel caps the request at net.core.wmem_max
 * and rmem_max, so this asks for no privilege.
 */
const LINK_BUFFER_BYTES = 4 * 1024 * 1024;

/** Widens both socket buffers of a link stream, now or once it is connected. */
export function widenLinkBuffers(socket: net.Socket): void {
  const apply = (): void => {
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd !== 'number' || fd < 0) return;
    // Failure only leaves the default size: the link works the same, with more wake-ups.
    requestSocketBuffers(fd, LINK_BUFFER_BYTES);
  };
  if (socket.connecting) socket.once('connect', apply);
  else apply();
}
