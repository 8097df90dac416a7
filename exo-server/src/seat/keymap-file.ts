import {
  c,
  check,
  closeFd,
  F_ADD_SEALS,
  F_SEAL_GROW,
  F_SEAL_SEAL,
  F_SEAL_SHRINK,
  F_SEAL_WRITE,
} from '../../../compositor/src/native/libc.js';
import { createMemfd, writeFd } from '../../../compositor/src/native/shared-memory.js';

/**
 * The keymap text as wl_keyboard.keymap wants it: a NUL-terminated string in a memfd sealed
 * against every change, so a client can map it (MAP_PRIVATE, as the spec asks since v7) but
 * no client can alter what another one reads.
 */
export class KeymapFile {
  readonly bytes: Buffer;

  constructor(text: string) {
    this.bytes = Buffer.from(`${text}\0`, 'utf8');
  }

  get size(): number {
    return this.bytes.length;
  }

  /**
   * A fresh sealed memfd holding the keymap; the caller sends it and closes it. One per
   * wl_keyboard, because clients that read() rather than mmap() would share a file offset.
   */
  createFd(): number {
    const fd = createMemfd('tartine-keymap', this.bytes.length, false);
    try {
      let off = 0;
      while (off < this.bytes.length) {
        const n = writeFd(fd, this.bytes, off);
        if (n <= 0) throw new Error('short write to the keymap memfd');
        off += n;
      }
      c.lseek(fd, 0, 0);
      // F_SEAL_WRITE needs no writable mapping to exist: we wrote with write(2), never mmap.
      check(
        'fcntl(F_ADD_SEALS)',
        c.fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) as number,
      );
      return fd;
    } catch (e) {
      closeFd(fd);
      throw e;
    }
  }
}
