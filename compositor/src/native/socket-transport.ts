import type { Transport, TransportHandlers } from '../wire/transport.js';
import { FdWatcher } from './fd-watcher.js';
import { c, dupFd } from './libc.js';
import { nativeBuffer } from './native-memory.js';
import { MAX_FDS_PER_MESSAGE, recvMsg, sendMsg } from './unix-socket.js';

/** A Wayland transport over a connected unix stream socket, passing real fds with SCM_RIGHTS. */
export class SocketTransport implements Transport {
  readonly maxFdsPerSend = MAX_FDS_PER_MESSAGE;
  private watcher: FdWatcher | null = null;
  private closed = false;

  constructor(readonly fd: number) {}

  recv(buf: Buffer, off: number, len: number, fds: number[]): number {
    return recvMsg(this.fd, buf, off, len, fds);
  }

  send(buf: Buffer, off: number, len: number, fds: readonly number[]): number {
    return sendMsg(this.fd, buf, off, len, fds);
  }

  start(handlers: TransportHandlers): void {
    this.watcher = new FdWatcher(this.fd, (ev) => {
      if (this.closed) return;
      if (ev.readable) handlers.readable();
      if (this.closed) return;
      if (ev.writable) handlers.writable();
      // Read whatever is left before treating a hang-up as final.
      if (ev.disconnect && !this.closed) handlers.hangup();
    });
  }

  setWantWritable(on: boolean): void {
    this.watcher?.setWritable(on);
  }

  /** Lets the process exit while this connection is open (for optional connections). */
  unref(): void {
    this.watcher?.unref();
  }

  dupFd(fd: number): number {
    return dupFd(fd);
  }

  closeFd(fd: number): void {
    c.close(fd);
  }

  allocBuffer(size: number): Buffer {
    return nativeBuffer(size);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    c.close(this.fd);
  }
}
