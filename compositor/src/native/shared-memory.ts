import koffi from 'koffi';
import {
  c,
  check,
  errno,
  F_ADD_SEALS,
  F_GET_SEALS,
  F_SEAL_GROW,
  F_SEAL_SEAL,
  F_SEAL_SHRINK,
  MAP_SHARED,
  MFD_ALLOW_SEALING,
  MFD_CLOEXEC,
  PROT_READ,
  PROT_WRITE,
  SEEK_END,
  SysError,
} from './libc.js';
import { registerNativeView } from './native-memory.js';

/**
 * Shared memory: memfds with seals, mappings, and safe reads of memory a peer controls.
 * A mapping of a file the peer can shrink raises SIGBUS on access, which kills the process,
 * so a mapping is only made of files sealed against shrinking; others are read with pread.
 */

/** A new memfd of `size` bytes. With `seal`, it is sealed against shrinking, growing and resealing. */
export function createMemfd(name: string, size: number, seal = false): number {
  const fd = check('memfd_create', c.memfdCreate(name, MFD_CLOEXEC | MFD_ALLOW_SEALING) as number);
  try {
    check('ftruncate', c.ftruncate(fd, size) as number);
    if (seal)
      check(
        'fcntl(F_ADD_SEALS)',
        c.fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) as number,
      );
    return fd;
  } catch (e) {
    c.close(fd);
    throw e;
  }
}

/** Grows a memfd this process made (not sealed against growing). */
export function resizeMemfd(fd: number, size: number): void {
  check('ftruncate', c.ftruncate(fd, size) as number);
}

/** The seals of `fd`, or 0 when it cannot carry seals. */
export function getSeals(fd: number): number {
  const s = c.fcntl(fd, F_GET_SEALS, 0) as number;
  return s < 0 ? 0 : s;
}

/**
 * Makes sure `fd` cannot shrink below what we map: true when it is (or could now be) sealed
 * against shrinking. Sealing someone else's memfd is allowed when they created it sealable.
 */
export function ensureShrinkSeal(fd: number): boolean {
  if ((getSeals(fd) & F_SEAL_SHRINK) !== 0) return true;
  return (c.fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) as number) === 0;
}

/** The current size of the file behind `fd`. */
export function fileSize(fd: number): number {
  return check('lseek', c.lseek(fd, 0, SEEK_END) as number);
}

const unmapping = new FinalizationRegistry<{ ptr: unknown; size: number }>((m) => {
  c.munmap(m.ptr, m.size);
});

/**
 * Maps `size` bytes of `fd` shared. The Buffer stays valid as long as it is referenced; the
 * mapping is removed when it is collected (a koffi view cannot be detached, so an explicit
 * munmap would leave a Buffer that crashes the process when touched).
 */
export function mapShared(fd: number, size: number, writable: boolean): Buffer {
  if (size <= 0) return Buffer.alloc(0);
  const ptr = c.mmap(null, size, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
  const address = koffi.address(ptr) as bigint;
  if (address === 0xffffffffffffffffn) throw new SysError('mmap', errno());
  const ab = koffi.view(ptr, size) as ArrayBuffer;
  registerNativeView(ab, address);
  unmapping.register(ab, { ptr, size });
  return Buffer.from(ab, 0, size);
}

/** Reads up to `len` bytes at `position`; returns fewer (never faults) if the file is shorter. */
export function preadFd(fd: number, buf: Uint8Array, len: number, position: number): number {
  return check('pread', c.pread(fd, buf, len, position) as number);
}

/** A CLOEXEC pipe: [read end, write end]. */
export function pipe(nonBlocking = false): [number, number] {
  const fds = [0, 0];
  check('pipe2', c.pipe2(fds, 0o2000000 | (nonBlocking ? 0o4000 : 0)) as number);
  return [fds[0]!, fds[1]!];
}

/** read(2) into buf; -1 when it would block, 0 at end of file. */
export function readFd(fd: number, buf: Uint8Array, off = 0, len = buf.byteLength - off): number {
  const target = off === 0 ? buf : buf.subarray(off);
  for (;;) {
    const n = c.read(fd, target, len) as number;
    if (n >= 0) return n;
    const e = errno();
    if (e === 4) continue;
    if (e === 11) return -1;
    throw new SysError('read', e);
  }
}

/** write(2) from buf; -1 when it would block. */
export function writeFd(fd: number, buf: Uint8Array, off = 0, len = buf.byteLength - off): number {
  const source = off === 0 ? buf : buf.subarray(off);
  for (;;) {
    const n = c.write(fd, source, len) as number;
    if (n >= 0) return n;
    const e = errno();
    if (e === 4) continue;
    if (e === 11) return -1;
    throw new SysError('write', e);
  }
}
