import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuestError, GuestErrorCode } from './guest-error.js';
import type { GuestShare } from './guest-backend.js';

/** What a guest keeps about itself in `<guest dir>/guest.json`. */
export interface GuestConfig {
  /** Format version of this file. */
  version: 1;
  kind: string;
  user: string;
  uid: number;
  network: boolean;
  createdMs: number;
  shares: GuestShare[];
}

export const CONFIG_FILE = 'guest.json';

export function readGuestConfig(dir: string): GuestConfig {
  const file = path.join(dir, CONFIG_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new GuestError(
      GuestErrorCode.badArchive,
      `${file} is missing or not JSON (${(e as Error).message}); the guest's settings are damaged`,
    );
  }
  return checkConfig(raw, file);
}

/** Validates a parsed config (it may come from an untrusted import file). */
export function checkConfig(raw: unknown, from: string): GuestConfig {
  const bad = (what: string): never => {
    throw new GuestError(
      GuestErrorCode.badArchive,
      `${from}: ${what}; this is not a Tartine guest's settings file`,
    );
  };
  if (typeof raw !== 'object' || raw === null) return bad('not an object');
  const c = raw as Record<string, unknown>;
  if (c['version'] !== 1) bad(`unknown version ${JSON.stringify(c['version'])}`);
  if (typeof c['kind'] !== 'string') bad('no kind');
  if (typeof c['user'] !== 'string' || !/^[a-z_][a-z0-9_-]{0,31}$/.test(c['user'])) bad('bad user name');
  if (!Number.isInteger(c['uid']) || (c['uid'] as number) < 1 || (c['uid'] as number) > 60000) bad('bad uid');
  if (!Array.isArray(c['shares'])) bad('no shares list');
  const shares: GuestShare[] = [];
  for (const s of c['shares'] as unknown[]) {
    const o = s as Record<string, unknown>;
    if (
      typeof o?.['name'] !== 'string' ||
      typeof o['hostPath'] !== 'string' ||
      typeof o['guestPath'] !== 'string'
    )
      bad('bad share entry');
    shares.push({
      name: o['name'] as string,
      hostPath: o['hostPath'] as string,
      guestPath: o['guestPath'] as string,
      ...(o['drop'] === true ? { drop: true } : {}),
    });
  }
  return {
    version: 1,
    kind: c['kind'] as string,
    user: c['user'] as string,
    uid: c['uid'] as number,
    network: c['network'] === true,
    createdMs: typeof c['createdMs'] === 'number' ? c['createdMs'] : Date.now(),
    shares,
  };
}

export function writeGuestConfig(dir: string, config: GuestConfig): void {
  const file = path.join(dir, CONFIG_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}
