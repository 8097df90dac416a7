import type * as fs from 'node:fs';

/** A peer that broke the link protocol: the link is dropped with this message. */
export class LinkProtocolError extends Error {
  override readonly name = 'LinkProtocolError';
}

/** The error for an fd a stream link cannot carry (it fails the connection that sent it). */
export function unsupportedFd(st: fs.Stats): Error {
  const kind = st.isSocket()
    ? 'a socket'
    : st.isCharacterDevice()
      ? 'a device (a dmabuf or a GPU buffer?)'
      : st.isDirectory()
        ? 'a directory'
        : 'an fd of an unknown kind';
  return new Error(`cannot pass ${kind} over a stream link: only shared memory files and pipes can cross it`);
}
