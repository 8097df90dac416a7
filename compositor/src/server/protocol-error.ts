/** wl_display error codes (the core protocol's generic errors). */
export const DisplayError = {
  invalidObject: 0,
  invalidMethod: 1,
  noMemory: 2,
  implementation: 3,
} as const;

/**
 * Raised inside request handling to post a protocol error on `objectId` and disconnect the
 * client. Handlers throw it (or call `resource.postError`); the client's dispatch loop turns it
 * into `wl_display.error`.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly objectId: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
