/**
 * Errors about guests, each with a stable code and a message that says what went wrong and
 * what to do. They cross gRPC as a status (see daemons/src/grpc/status.ts) and come back out of
 * `vmc` as the same text.
 */
export const GuestErrorCode = {
  /** No guest of that name. */
  unknown: 'TARTINE_ERR_GUEST_UNKNOWN',
  /** A guest of that name already exists. */
  exists: 'TARTINE_ERR_GUEST_EXISTS',
  /** The name is not a valid guest name. */
  badName: 'TARTINE_ERR_GUEST_NAME',
  /** The guest must be running for this (launch, share list...). */
  notRunning: 'TARTINE_ERR_GUEST_NOT_RUNNING',
  /** The guest must be stopped for this (export, destroy without stopping...). */
  running: 'TARTINE_ERR_GUEST_RUNNING',
  /** A program from a Debian package is missing. */
  missingPackage: 'TARTINE_ERR_MISSING_PACKAGE',
  /** An import file is not a guest archive (or is damaged). */
  badArchive: 'TARTINE_ERR_BAD_ARCHIVE',
  /** A file or folder argument is wrong (missing, not absolute, exists already...). */
  badPath: 'TARTINE_ERR_BAD_PATH',
  /** The guest did not start (its log says why). */
  startFailed: 'TARTINE_ERR_GUEST_START',
  /** Something the guest's agent (garcon) reported or could not do. */
  agent: 'TARTINE_ERR_GUEST_AGENT',
  /** No desktop is running or watching (apps or URLs have nowhere to show). */
  noDesktop: 'TARTINE_ERR_NO_DESKTOP',
  /** Anything else (a bug, or the host refused). */
  internal: 'TARTINE_ERR_INTERNAL',
} as const;

export type GuestErrorCode = (typeof GuestErrorCode)[keyof typeof GuestErrorCode];

export class GuestError extends Error {
  constructor(
    readonly code: GuestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GuestError';
  }
}

export function unknownGuest(name: string, known: string[]): GuestError {
  const list = known.length > 0 ? `guests: ${known.join(', ')}` : 'there are no guests yet';
  return new GuestError(
    GuestErrorCode.unknown,
    `there is no guest named '${name}' (${list}); create it with: vmc create ${name}`,
  );
}

export function guestNotRunning(name: string, wanted: string): GuestError {
  return new GuestError(
    GuestErrorCode.notRunning,
    `guest '${name}' is stopped, so it cannot ${wanted}; start it with: vmc start ${name}`,
  );
}

/** Keeps GuestErrors as they are; wraps anything else as an internal error with its message. */
export function asGuestError(e: unknown): GuestError {
  if (e instanceof GuestError) return e;
  return new GuestError(GuestErrorCode.internal, e instanceof Error ? e.message : String(e));
}
