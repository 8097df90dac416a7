import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuestShare } from '../guest-backend.js';
import type { GuestConfig } from '../guest-config.js';
import { GuestError, GuestErrorCode } from '../guest-error.js';
import { GuestPaths } from './guest-layout.js';

/**
 * Host folders shown in a guest at /mnt/shared/<name>, each granted by an explicit `vmc share`.
 * Shares take effect at the guest's next start (a running sandbox's mounts are fixed).
 */
export function addShare(c: GuestConfig, hostPath: string): GuestShare {
  if (!path.isAbsolute(hostPath))
    throw new GuestError(
      GuestErrorCode.badPath,
      `${hostPath} is not an absolute path; give the full path of the folder to share`,
    );
  let real: string;
  try {
    real = fs.realpathSync(hostPath);
  } catch {
    throw new GuestError(GuestErrorCode.badPath, `${hostPath} does not exist; give a folder that exists`);
  }
  if (!fs.statSync(real).isDirectory())
    throw new GuestError(
      GuestErrorCode.badPath,
      `${hostPath} is not a folder; share the folder that contains it`,
    );
  const existing = c.shares.find((s) => s.hostPath === real);
  if (existing) return existing;
  const base = (path.basename(real) || 'root').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  let name = base;
  for (let i = 2; c.shares.some((s) => s.name === name); i++) name = `${base}-${i}`;
  const share = { name, hostPath: real, guestPath: `${GuestPaths.shared}/${name}` };
  c.shares.push(share);
  return share;
}

/** Removes the share named by its name, guest path or host path. */
export function removeShare(c: GuestConfig, guest: string, which: string): GuestShare {
  const i = c.shares.findIndex((s) => s.name === which || s.guestPath === which || s.hostPath === which);
  if (i < 0) {
    const list = c.shares.map((s) => `${s.guestPath} (${s.hostPath})`).join(', ');
    throw new GuestError(
      GuestErrorCode.badPath,
      `guest '${guest}' has no share '${which}'; its shares: ${list || 'none'} (see vmc list)`,
    );
  }
  return c.shares.splice(i, 1)[0]!;
}

/** The host folder of the drop share Tartine makes, inside the guest's own state folder. */
export const DROP_FOLDER = 'dropped-files';

/**
 * Makes sure the guest has a drop share, the folder files dropped on its windows in the
 * desktop page go to: one the config marks (the user may mark another share), else Tartine's
 * own `<guest dir>/dropped-files`, shared like any `vmc share` (so the guest sees it at
 * /mnt/shared/dropped-files). Only this guest and the desktop write there. Returns true when
 * the config changed (the caller writes it), before the guest's mounts are set up.
 */
export function ensureDropShare(c: GuestConfig, guestDir: string): boolean {
  if (c.shares.some((s) => s.drop === true && fs.existsSync(s.hostPath))) return false;
  const folder = path.join(guestDir, DROP_FOLDER);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  markDropShare(c, addShare(c, folder));
  return true;
}

/** Makes `share` the guest's one drop share (`vmc share --drop`). */
export function markDropShare(c: GuestConfig, share: GuestShare): void {
  for (const s of c.shares) delete s.drop;
  share.drop = true;
}
