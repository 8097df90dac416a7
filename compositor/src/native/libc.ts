import koffi from 'koffi';

/**
 * The libc calls Tartine needs, bound once through koffi. This folder is the only place that
 * touches native code; everything above it sees plain functions over numbers and Buffers.
 */
const libc = koffi.load('libc.so.6');

export const c = {
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  socketpair: libc.func('int socketpair(int domain, int type, int protocol, _Out_ int *sv)'),
  bind: libc.func('int bind(int fd, const void *addr, uint32 len)'),
  listen: libc.func('int listen(int fd, int backlog)'),
  accept4: libc.func('int accept4(int fd, void *addr, void *len, int flags)'),
  connect: libc.func('int connect(int fd, const void *addr, uint32 len)'),
  sendmsg: libc.func('long sendmsg(int fd, void *msg, int flags)'),
  recvmsg: libc.func('long recvmsg(int fd, void *msg, int flags)'),
  getsockopt: libc.func('int getsockopt(int fd, int level, int name, _Out_ void *val, _Inout_ uint32 *len)'),
  shutdown: libc.func('int shutdown(int fd, int how)'),
  close: libc.func('int close(int fd)'),
  read: libc.func('long read(int fd, _Out_ void *buf, ulong count)'),
  write: libc.func('long write(int fd, const void *buf, ulong count)'),
  pread: libc.func('long pread(int fd, _Out_ void *buf, ulong count, long offset)'),
  pipe2: libc.func('int pipe2(_Out_ int *fds, int flags)'),
  fcntl: libc.func('int fcntl(int fd, int cmd, int arg)'),
  lseek: libc.func('long lseek(int fd, long offset, int whence)'),
  ftruncate: libc.func('int ftruncate(int fd, long length)'),
  memfdCreate: libc.func('int memfd_create(const char *name, uint flags)'),
  mmap: libc.func('void *mmap(void *addr, ulong length, int prot, int flags, int fd, long offset)'),
  munmap: libc.func('int munmap(void *addr, ulong length)'),
  // mmap at a numeric address (MAP_FIXED over a range we mapped: see release-pages.ts).
  mmapAt: libc.func('uintptr_t mmap(uintptr_t addr, ulong length, int prot, int flags, int fd, long offset)'),
  setsockopt: libc.func('int setsockopt(int fd, int level, int name, const void *val, uint32 len)'),
  flock: libc.func('int flock(int fd, int op)'),
  strerror: libc.func('const char *strerror(int errnum)'),
};

export const AF_UNIX = 1;
export const SOCK_STREAM = 1;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const SOL_SOCKET = 1;
export const SO_PEERCRED = 17;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SCM_RIGHTS = 1;
export const MSG_DONTWAIT = 0x40;
export const MSG_CTRUNC = 0x8;
export const MSG_NOSIGNAL = 0x4000;
export const MSG_CMSG_CLOEXEC = 0x40000000;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_DUPFD_CLOEXEC = 1030;
export const F_ADD_SEALS = 1033;
export const F_GET_SEALS = 1034;
export const F_SEAL_SEAL = 1;
export const F_SEAL_SHRINK = 2;
export const F_SEAL_GROW = 4;
export const F_SEAL_WRITE = 8;
export const MFD_CLOEXEC = 1;
export const MFD_ALLOW_SEALING = 2;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 1;
export const MAP_PRIVATE = 2;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const SEEK_END = 2;
export const LOCK_EX = 2;
export const LOCK_NB = 4;

export const EINTR = 4;
export const EAGAIN = 11;
export const EPIPE = 32;
export const ECONNRESET = 104;

/** A failed system call, with its errno and libc's text. */
export class SysError extends Error {
  override readonly name = 'SysError';
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    super(`${call}: ${c.strerror(errno) as string} (errno ${errno})`);
  }
}

/** Reads errno right after a failed call (koffi keeps it per thread until the next call). */
export function errno(): number {
  return koffi.errno();
}

/** Throws a SysError for a negative result, reading errno before anything else runs. */
export function check(call: string, result: number): number {
  if (result < 0) throw new SysError(call, koffi.errno());
  return result;
}

export function closeFd(fd: number): void {
  if (fd >= 0) c.close(fd);
}

/** A CLOEXEC duplicate of `fd`. */
export function dupFd(fd: number): number {
  return check('fcntl(F_DUPFD_CLOEXEC)', c.fcntl(fd, F_DUPFD_CLOEXEC, 0) as number);
}

export function setNonBlocking(fd: number, on: boolean): void {
  const flags = check('fcntl(F_GETFL)', c.fcntl(fd, F_GETFL, 0) as number);
  check('fcntl(F_SETFL)', c.fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) as number);
}
