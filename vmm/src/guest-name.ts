import { GuestError, GuestErrorCode } from './guest-error.js';

/** The guest a command means when it names none, as in Crostini. */
export const DEFAULT_GUEST = 'penguin';

/**
 * Guest names are one word: they become a directory name, a hostname, and the prefix of app ids
 * on the host (`penguin:org.gnome.gedit`, split at the first `:`), so no `:`, `/` or dots first.
 */
const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function isGuestName(name: string): boolean {
  return NAME.test(name);
}

export function checkGuestName(name: string): string {
  if (!isGuestName(name))
    throw new GuestError(
      GuestErrorCode.badName,
      `'${name.slice(0, 80)}' is not a valid guest name: use 1-32 lowercase letters, digits, '-' or '_', starting with a letter or digit (e.g. penguin)`,
    );
  return name;
}
