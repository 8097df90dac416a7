/**
 * What a Wayland connection runs over: bytes plus fds. A unix socket with SCM_RIGHTS is one
 * implementation; a framed byte stream carrying virtual fds (for VMs and TCP) is another.
 */
export interface TransportHandlers {
  readable(): void;
  writable(): void;
  hangup(): void;
}

export interface Transport {
  /** Reads into buf[off, off+len), appending received fds. Bytes read, 0 at end, -1 if nothing is ready. */
  recv(buf: Buffer, off: number, len: number, fds: number[]): number;
  /** Sends buf[off, off+len) with `fds` riding on the first byte. Bytes sent, or -1 when full (nothing sent). */
  send(buf: Buffer, off: number, len: number, fds: readonly number[]): number;
  /** Most fds one send can carry. */
  readonly maxFdsPerSend: number;
  /** Starts readiness callbacks. */
  start(handlers: TransportHandlers): void;
  /** Asks for a `writable` callback when the peer can take more (only while output is pending). */
  setWantWritable(on: boolean): void;
  /** Duplicates an fd to queue for sending (the caller keeps its own). */
  dupFd(fd: number): number;
  closeFd(fd: number): void;
  /** Allocates an I/O buffer the transport can use without copying. */
  allocBuffer(size: number): Buffer;
  close(): void;
}
