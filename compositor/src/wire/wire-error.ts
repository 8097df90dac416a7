/** A malformed message: the peer that sent it gets a protocol error and is disconnected. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/** Largest message the wire protocol allows, header included (libwayland's limit). */
export const MAX_MESSAGE_SIZE = 4096;
/** At most this many fds travel in one sendmsg (the kernel's SCM_MAX_FD is 253, libwayland uses 28). */
export const MAX_FDS_PER_SEND = 28;
/** Ids at and above this are allocated by the server. */
export const SERVER_ID_START = 0xff000000;
