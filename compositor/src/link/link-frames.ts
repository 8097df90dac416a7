import { LinkProtocolError } from './link-error.js';
import { putVarint, varintSize } from './varint.js';

export { LinkProtocolError };

/**
 * The framed byte-stream link: Wayland connections plus virtual fds over one stream without fd
 * passing (a VM's serial port, TCP). Numbers are unsigned LEB128 varints (see varint.ts).
 *
 * Handshake, each side once, first thing: "TARTLINK" (8 bytes), version and role as u32
 * little-endian (role 0: the guest side, which opens channels; 1: the host side).
 * Then frames: type, length, then `length` bytes of payload:
 *   OPEN        channel                                 the guest opens a Wayland connection
 *   CLOSE       channel                                 either side ends one
 *   WAYLAND     channel, nfds, vfd[nfds], bytes         Wayland bytes; the fds ride on the first
 *   SHM_CREATE  vfd, size                               the receiver makes a memfd of `size`
 *   SHM_UPDATE  table length, table, data               table: vfd, count, (gap, length)[count]:
 *                                                       byte ranges (each gap counted from the end
 *                                                       of the previous range), their data follows
 *   SHM_COPY    from vfd, to vfd, count, (gap, length)[count]   the receiver copies those ranges
 *                                                       between its own mirrors (a shadow catching
 *                                                       up from the one shown before it)
 *   VFD_CLOSE   vfd                                     the sender forgets a region, or a pipe ends early
 *   PIPE_CREATE vfd, direction                          the receiver makes a pipe (see PipeDirection)
 *   PIPE_DATA   vfd, bytes                              at most the credit the other side gave
 *   PIPE_CREDIT vfd, bytes                              the sink wrote this many: send more
 *   PIPE_EOF    vfd                                     the source reached end of file
 *   ERROR       utf8 message                            the sender drops the link after this
 * Virtual fd ids are chosen by the side that creates them: even on the guest side, odd on the
 * host side, so both can name any vfd without a clash.
 */

export const LINK_MAGIC = Buffer.from('TARTLINK', 'latin1');
export const LINK_VERSION = 1;
export const HELLO_SIZE = 16;

export const enum LinkRole {
  Guest = 0,
  Host = 1,
}

export const enum FrameType {
  Open = 1,
  Close = 2,
  Wayland = 3,
  ShmCreate = 4,
  ShmUpdate = 5,
  VfdClose = 6,
  PipeCreate = 7,
  PipeData = 8,
  PipeCredit = 9,
  PipeEof = 10,
  Error = 11,
  ShmCopy = 12,
}

/** PIPE_CREATE direction: which way the bytes flow, seen from the frame's sender. */
export const enum PipeDirection {
  /** The sender passed a write end: the receiver reads its local pipe and sends the data back. */
  ToSender = 0,
  /** The sender passed a read end: it sends the data, the receiver writes it into its pipe. */
  FromSender = 1,
}

/** Largest payload of any frame but SHM_UPDATE (whose data is streamed, never buffered whole). */
export const MAX_FRAME = 1024 * 1024;
/** Most Wayland bytes per WAYLAND frame (a longer send is cut into several). */
export const MAX_WAYLAND_CHUNK = 256 * 1024;
/**
 * Most bytes per PIPE_DATA frame, so pipes never hold up other traffic for long. Also well under
 * a link read (256 KiB), so most frames arrive whole in one read and are handed on without
 * being gathered first.
 */
export const MAX_PIPE_CHUNK = 64 * 1024;
/**
 * Bytes a pipe source may send before the sink's credit: a stalled reader holds at most this.
 * It must cover the credit round trip, or the transfer waits on it: 2 MiB keeps a local link
 * busy (a quarter of it is credited at a time). A sink's ring of this size is allocated per
 * pipe, but only touched as far as data ever waits in it.
 */
export const PIPE_WINDOW = 2 * 1024 * 1024;
/** Most ranges per SHM_UPDATE frame. */
export const MAX_UPDATE_RANGES = 4096;

const FRAME_NAMES: Record<number, string> = {
  1: 'OPEN',
  2: 'CLOSE',
  3: 'WAYLAND',
  4: 'SHM_CREATE',
  5: 'SHM_UPDATE',
  6: 'VFD_CLOSE',
  7: 'PIPE_CREATE',
  8: 'PIPE_DATA',
  9: 'PIPE_CREDIT',
  10: 'PIPE_EOF',
  11: 'ERROR',
  12: 'SHM_COPY',
};

export function frameName(type: number): string {
  return FRAME_NAMES[type] ?? `unknown frame type ${type}`;
}

export function encodeHello(role: LinkRole): Buffer {
  const b = Buffer.alloc(HELLO_SIZE);
  LINK_MAGIC.copy(b, 0);
  b.writeUInt32LE(LINK_VERSION, 8);
  b.writeUInt32LE(role, 12);
  return b;
}

/** Checks the peer's handshake; returns its role, or throws a message a person can act on. */
export function checkHello(b: Buffer, ourRole: LinkRole): LinkRole {
  if (!b.subarray(0, 8).equals(LINK_MAGIC)) {
    const shown = JSON.stringify(b.subarray(0, 8).toString('latin1'));
    throw new LinkProtocolError(
      `the peer is not a Tartine link (its first bytes ${shown} are not the link handshake)`,
    );
  }
  const version = b.readUInt32LE(8);
  if (version !== LINK_VERSION)
    throw new LinkProtocolError(
      `the peer speaks link version ${version}, this side speaks version ${LINK_VERSION}: update both sides`,
    );
  const role = b.readUInt32LE(12);
  if (role !== LinkRole.Guest && role !== LinkRole.Host)
    throw new LinkProtocolError(`the peer sent an unknown link role ${role}`);
  if (role === ourRole)
    throw new LinkProtocolError(
      role === LinkRole.Host
        ? 'the peer is a host side too (two exo link endpoints connected to each other)'
        : 'the peer is a guest side too (two sommeliers connected to each other)',
    );
  return role;
}

/** A frame whose payload is `ints` (varints) followed by `tail` bytes, header included. */
export function encodeFrame(type: FrameType, ints: readonly number[], tail?: Uint8Array): Buffer {
  const tailLen = tail ? tail.byteLength : 0;
  const head = encodeFrameHead(type, ints, tailLen);
  if (!tail) return head;
  const b = Buffer.allocUnsafe(head.length + tailLen);
  head.copy(b, 0);
  b.set(tail, head.length);
  return b;
}

/** A frame's header and numbers, for a `tailLength`-byte tail written separately (no copy). */
export function encodeFrameHead(type: FrameType, ints: readonly number[], tailLength: number): Buffer {
  let len = tailLength;
  for (const n of ints) len += varintSize(n);
  const b = Buffer.allocUnsafe(varintSize(type) + varintSize(len) + len - tailLength);
  let at = putVarint(b, 0, type);
  at = putVarint(b, at, len);
  for (const n of ints) at = putVarint(b, at, n);
  return b;
}
