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
