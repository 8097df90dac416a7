/** A peer that broke the link protocol: the link is dropped with this message. */
export class LinkProtocolError extends Error {
  override readonly name = 'LinkProtocolError';
}
