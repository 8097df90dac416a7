import {
  AF_UNIX,
  c,
  check,
  EAGAIN,
  EINTR,
  errno,
  MSG_CMSG_CLOEXEC,
  MSG_CTRUNC,
  MSG_DONTWAIT,
  MSG_NOSIGNAL,
  SCM_RIGHTS,
  setNonBlocking,
  SO_PEERCRED,
  SO_RCVBUF,
  SO_SNDBUF,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  SOL_SOCKET,
  SysError,
} from './libc.js';
import { Arena, nativeAddressNumber, nativeBuffer } from './native-memory.js';

/** Most fds one sendmsg carries (libwayland's limit); the receive side makes room for the same. */
export const MAX_FDS_PER_MESSAGE = 28;

// One arena for the msghdr, its iovec, the control buffer and a sockaddr_un: calls are synchronous.
const MSGHDR = 0;
const IOVEC = 64;
const CONTROL = 128;
const CONTROL_SIZE = 16 + MAX_FDS_PER_MESSAGE * 4; // CMSG_SPACE(28 * sizeof(int))
const arena = new Arena(512);
let scratch: Buffer = Buffer.alloc(0);

const IOVEC_ADDRESS = Number(arena.address) + IOVEC;
const CONTROL_ADDRESS = Number(arena.address) + CONTROL;

/** Stores a 64-bit little-endian value from a number (exact below 2^53), without a BigInt. */
function setU64(v: DataView, at: number, value: number): void {
  v.setUint32(at, value >>> 0, true);
  v.setUint32(at + 4, Math.floor(value / 4294967296), true);
}

function fillMsghdr(dataAddress: number, len: number, controlLen: number): void {
  const v = arena.view;
  setU64(v, MSGHDR + 0, 0); // msg_name
  v.setUint32(MSGHDR + 8, 0, true); // msg_namelen
  setU64(v, MSGHDR + 16, IOVEC_ADDRESS); // msg_iov
  setU64(v, MSGHDR + 24, 1); // msg_iovlen
  setU64(v, MSGHDR + 32, controlLen ? CONTROL_ADDRESS : 0);
  setU64(v, MSGHDR + 40, controlLen);
  v.setInt32(MSGHDR + 48, 0, true); // msg_flags
  setU64(v, IOVEC + 0, dataAddress);
  setU64(v, IOVEC + 8, len);
}

/**
 * Native memory for a syscall to read or write: the Buffer itself when it is native, else
 * scratch (then `ioCopied` is set and the caller copies through it).
 */
let ioCopied = false;
function ioAddress(buf: Uint8Array, off: number, len: number): number {
  const a = nativeAddressNumber(buf);
  ioCopied = a < 0;
  if (a >= 0) return a + off;
  if (scratch.byteLength < len) scratch = nativeBuffer(Math.max(len, 65536));
  return nativeAddressNumber(scratch);
}

/**
 * Receives up to `len` bytes into `buf[off..]`, appending passed fds to `fds`. Returns the
 * byte count, 0 at end of stream, -1 when nothing is ready. Fds arrive CLOEXEC. A truncated
 * control message (more fds than we made room for) is an error: fds would be lost.
 */
export function recvMsg(fd: number, buf: Uint8Array, off: number, len: number, fds: number[]): number {
  const address = ioAddress(buf, off, len);
  const copied = ioCopied;
  for (;;) {
    fillMsghdr(address, len, CONTROL_SIZE);
    const n = c.recvmsg(fd, arena.ptr, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) as number;
    if (n < 0) {
      const e = errno();
      if (e === EINTR) continue;
      if (e === EAGAIN) return -1;
      throw new SysError('recvmsg', e);
    }
    const got = takeFds(fds);
    if ((arena.view.getInt32(MSGHDR + 48, true) & MSG_CTRUNC) !== 0) {
      for (let i = fds.length - got; i < fds.length; i++) c.close(fds[i]!);
      fds.length -= got;
      throw new SysError('recvmsg (control data truncated: too many fds)', 0);
    }
    if (copied && n > 0) buf.set(scratch.subarray(0, n), off);
    return n;
  }
}

/** Appends the fds of SCM_RIGHTS control messages to `out`; returns how many. */
function takeFds(out: number[]): number {
  const v = arena.view;
  // msg_controllen: at most CONTROL_SIZE, so its low word is the whole value.
  const controlLen = v.getUint32(MSGHDR + 40, true);
  let taken = 0;
  let at = 0;
  while (at + 16 <= controlLen) {
    const cmsgLen = v.getUint32(CONTROL + at, true);
    if (cmsgLen < 16) break;
    const level = v.getInt32(CONTROL + at + 8, true);
    const type = v.getInt32(CONTROL + at + 12, true);
    if (level === SOL_SOCKET && type === SCM_RIGHTS) {
      const count = (cmsgLen - 16) >>> 2;
      for (let i = 0; i < count; i++) out.push(v.getInt32(CONTROL + at + 16 + i * 4, true));
      taken += count;
    }
    at += (cmsgLen + 7) & ~7;
  }
  return taken;
}

/**
 * Sends `buf[off, off+len)` with `fds` (at most 28) riding on the first byte. Returns bytes
 * sent, or -1 when the socket is full (then nothing, fds included, was sent).
 */
export function sendMsg(
  fd: number,
  buf: Uint8Array,
  off: number,
  len: number,
  fds: readonly number[],
): number {
  if (fds.length > MAX_FDS_PER_MESSAGE) throw new Error(`sendMsg: ${fds.length} fds, at most 28`);
  const address = ioAddress(buf, off, len);
  if (ioCopied) scratch.set(buf.subarray(off, off + len), 0);
  let controlLen = 0;
  if (fds.length > 0) {
    const v = arena.view;
    controlLen = 16 + ((fds.length * 4 + 7) & ~7);
    setU64(v, CONTROL, 16 + fds.length * 4);
    v.setInt32(CONTROL + 8, SOL_SOCKET, true);
    v.setInt32(CONTROL + 12, SCM_RIGHTS, true);
    for (let i = 0; i < fds.length; i++) v.setInt32(CONTROL + 16 + i * 4, fds[i]!, true);
  }
  for (;;) {
    fillMsghdr(address, len, controlLen);
    const n = c.sendmsg(fd, arena.ptr, MSG_DONTWAIT | MSG_NOSIGNAL) as number;
    if (n >= 0) return n;
    const e = errno();
    if (e === EINTR) continue;
    if (e === EAGAIN) return -1;
    throw new SysError('sendmsg', e);
  }
}

/** A sockaddr_un for `path`. */
function sockaddr(path: string): Buffer {
  const bytes = Buffer.from(path, 'utf8');
  if (bytes.length > 107)
    throw new Error(`socket path too long (${bytes.length} bytes, at most 107): ${path}`);
  const addr = Buffer.alloc(2 + bytes.length + 1);
  addr.writeUInt16LE(AF_UNIX, 0);
  bytes.copy(addr, 2);
  return addr;
}

/** A listening, non-blocking unix stream socket bound at `path` (which must not exist). */
export function listenUnix(path: string, backlog = 128): number {
  const fd = check('socket', c.socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) as number);
  try {
    const addr = sockaddr(path);
    check(`bind(${path})`, c.bind(fd, addr, addr.length) as number);
    check('listen', c.listen(fd, backlog) as number);
    return fd;
  } catch (e) {
    c.close(fd);
    throw e;
  }
}

/** Accepts one pending connection (non-blocking, CLOEXEC), or -1 when none is waiting. */
export function acceptUnix(listenFd: number): number {
  for (;;) {
    const fd = c.accept4(listenFd, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC) as number;
    if (fd >= 0) return fd;
    const e = errno();
    if (e === EINTR) continue;
    if (e === EAGAIN) return -1;
    throw new SysError('accept4', e);
  }
}

/** Connects to a unix stream socket; the returned fd is non-blocking and CLOEXEC. */
export function connectUnix(path: string): number {
  const fd = check('socket', c.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0) as number);
  try {
    const addr = sockaddr(path);
    for (;;) {
      if ((c.connect(fd, addr, addr.length) as number) === 0) break;
      const e = errno();
      if (e !== EINTR) throw new SysError(`connect(${path})`, e);
    }
    setNonBlocking(fd, true);
    return fd;
  } catch (e) {
    c.close(fd);
    throw e;
  }
}

/** A connected pair of non-blocking, CLOEXEC unix stream sockets. */
export function socketPair(): [number, number] {
  const sv = [0, 0];
  check('socketpair', c.socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) as number);
  return [sv[0]!, sv[1]!];
}

/** The pid, uid and gid of the peer of a connected unix socket. */
export function peerCredentials(fd: number): { pid: number; uid: number; gid: number } {
  const out = Buffer.alloc(12);
  const len = [12];
  check('getsockopt(SO_PEERCRED)', c.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, out, len) as number);
  return { pid: out.readInt32LE(0), uid: out.readUInt32LE(4), gid: out.readUInt32LE(8) };
}

/**
 * Asks for send and receive buffers of `bytes` on any socket (unix or TCP). The kernel caps the
 * request at net.core.wmem_max/rmem_max without privilege; a refusal just keeps the default.
 */
export function requestSocketBuffers(fd: number, bytes: number): void {
  const v = Buffer.alloc(4);
  v.writeInt32LE(bytes);
  c.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, v, 4);
  c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, v, 4);
}
