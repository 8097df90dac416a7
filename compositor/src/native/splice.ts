import koffi from 'koffi';
import { c, errno, SysError } from './libc.js';

/**
 * splice(2) and pipe sizing, for moving bulk data between pipes and files inside the kernel
 * (clipboard transfers): the bytes never enter JavaScript memory, and a pipe grown to 1 MiB
 * wakes its reader sixteen times less often than the default 64 KiB.
 */

const libc = koffi.load('libc.so.6');
const splice = libc.func(
  'long splice(int fdIn, _Inout_ int64_t *offIn, int fdOut, _Inout_ int64_t *offOut, ulong len, uint flags)',
);

/** Do not block on the pipe side (the fds' own O_NONBLOCK still matters for the other side). */
export const SPLICE_F_NONBLOCK = 2;
/** A hint that more data follows. */
export const SPLICE_F_MORE = 4;
const SPLICE_F_MOVE = 1;
const F_SETPIPE_SZ = 1031;
const F_GETPIPE_SZ = 1032;

/**
 * Moves up to `len` bytes from `from` to `to` (one of them a pipe). A file side is read or
 * written at `fromOffset`/`toOffset` when given (its file position untouched), else at its
 * position. Returns the bytes moved, 0 at end of input, or -1 when the pipe side would block.
 */
export function spliceFd(
  from: number,
  to: number,
  len: number,
  opts: { fromOffset?: number; toOffset?: number; more?: boolean } = {},
): number {
  const offIn = opts.fromOffset === undefined ? null : [opts.fromOffset];
  const offOut = opts.toOffset === undefined ? null : [opts.toOffset];
  const flags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK | (opts.more ? SPLICE_F_MORE : 0);
  for (;;) {
    const n = Number(splice(from, offIn, to, offOut, len, flags));
    if (n >= 0) return n;
    const e = errno();
    if (e === 4) continue;
    if (e === 11) return -1;
    throw new SysError('splice', e);
  }
}

/**
 * Asks for a pipe buffer of `bytes` (rounded up by the kernel); returns the size it has now.
 * Best effort: above the user's limit (/proc/sys/fs/pipe-max-size), or not a pipe, it keeps
 * the size it had (-1 for a non-pipe).
 */
export function setPipeSize(fd: number, bytes: number): number {
  c.fcntl(fd, F_SETPIPE_SZ, bytes);
  return c.fcntl(fd, F_GETPIPE_SZ, 0) as number;
}
