import * as grpc from '@grpc/grpc-js';
import { asGuestError, GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';

/** Metadata key that carries the TARTINE_ERR_* code of a failed call. */
const ERROR_KEY = 'tartine-error';

const GRPC_CODE: Record<string, grpc.status> = {
  [GuestErrorCode.unknown]: grpc.status.NOT_FOUND,
  [GuestErrorCode.exists]: grpc.status.ALREADY_EXISTS,
  [GuestErrorCode.badName]: grpc.status.INVALID_ARGUMENT,
  [GuestErrorCode.badPath]: grpc.status.INVALID_ARGUMENT,
  [GuestErrorCode.badArchive]: grpc.status.INVALID_ARGUMENT,
  [GuestErrorCode.notRunning]: grpc.status.FAILED_PRECONDITION,
  [GuestErrorCode.running]: grpc.status.FAILED_PRECONDITION,
  [GuestErrorCode.noDesktop]: grpc.status.FAILED_PRECONDITION,
  [GuestErrorCode.missingPackage]: grpc.status.FAILED_PRECONDITION,
  [GuestErrorCode.startFailed]: grpc.status.ABORTED,
  [GuestErrorCode.agent]: grpc.status.UNAVAILABLE,
  [GuestErrorCode.internal]: grpc.status.INTERNAL,
};

/** A gRPC error status carrying a GuestError (its message as details, its code as metadata). */
export function toStatus(e: unknown): Partial<grpc.StatusObject> {
  const g = asGuestError(e);
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_KEY, g.code);
  return { code: GRPC_CODE[g.code] ?? grpc.status.INTERNAL, details: g.message, metadata };
}

/** The GuestError a failed call carried, or one that says the daemon could not be reached. */
export function fromStatus(e: unknown, what: string): GuestError {
  const s = e as Partial<grpc.ServiceError>;
  const code = s.metadata?.get(ERROR_KEY)[0];
  if (typeof code === 'string' && Object.values(GuestErrorCode).includes(code as GuestErrorCode))
    return new GuestError(code as GuestErrorCode, s.details ?? String(e));
  if (s.code === grpc.status.UNAVAILABLE || s.code === grpc.status.DEADLINE_EXCEEDED)
    return new GuestError(GuestErrorCode.agent, `${what} did not answer (${s.details ?? s.message})`);
  return new GuestError(GuestErrorCode.internal, `${what}: ${s.details ?? (e as Error).message}`);
}
