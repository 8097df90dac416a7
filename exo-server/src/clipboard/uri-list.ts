import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CharsetError, toUtf8 } from './charset.js';

/**
 * text/uri-list (RFC 2483) between guest and host: CRLF-separated URIs, `#` lines are
 * comments. `file:` URLs name paths, and a path means something different on each side: it is
 * translated by a PathMapper, and a path the user did not share (the mapper answers null) is
 * dropped, so the guest never learns host paths it was not given, and the host never gets a
 * guest path that does not exist for it.
 */

/**
 * Translates file paths between the host and one guest's view of the folders shared with it
 * (the guests work plugs in its shared folders here). Both directions answer null for a path
 * outside what is shared.
 */
export interface PathMapper {
  /** The guest path a host path is shared as, or null when it is not shared. */
  toGuest(hostPath: string): string | null;
  /** The host path behind a guest path, or null when it is not in a shared folder. */
  toHost(guestPath: string): string | null;
  /** Answers depend on the client asking (then file URLs are offered even if none map now). */
  readonly perClient?: boolean;
}

/** The default: nothing is shared, so every file URL is dropped (other URLs pass). */
export const SHARE_NOTHING: PathMapper = { toGuest: () => null, toHost: () => null };

/** Schemes passed through untranslated: they name no local file on either side. */
const PASSED_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'mailto:']);

export interface UriListResult {
  /** The translated list, CRLF-separated (empty when nothing was kept). */
  bytes: Buffer;
  kept: number;
  /** URIs dropped, with why (unshared path, unknown scheme, malformed). */
  dropped: string[];
}

/** The URIs of a text/uri-list, without comments and blank lines. Throws CharsetError unless UTF-8. */
export function parseUriList(bytes: Buffer): string[] {
  let text: string;
  try {
    text = toUtf8(bytes, 'utf-8').toString('utf8');
  } catch (e) {
    throw new CharsetError(`text/uri-list is ${(e as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function formatUriList(uris: readonly string[]): Buffer {
  return Buffer.from(uris.map((u) => `${u}\r\n`).join(''), 'utf8');
}

/**
 * Rewrites the `file:` URLs of a uri-list with `map` (a PathMapper direction), dropping those it
 * answers null for, and URIs of schemes that could name something local (`smb:`, `trash:`...).
 */
export function translateUriList(bytes: Buffer, map: (path: string) => string | null): UriListResult {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const uri of parseUriList(bytes)) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      dropped.push(`${uri} (not a URI)`);
      continue;
    }
    if (url.protocol !== 'file:') {
      if (PASSED_SCHEMES.has(url.protocol)) kept.push(uri);
      else dropped.push(`${uri} (the ${url.protocol} scheme is not passed)`);
      continue;
    }
    let path: string;
    try {
      path = fileURLToPath(url); // refuses other hosts and encoded slashes
    } catch (e) {
      dropped.push(`${uri} (${(e as Error).message})`);
      continue;
    }
    const mapped = map(path);
    if (mapped === null) dropped.push(`${uri} (not shared)`);
    else kept.push(pathToFileURL(mapped).href);
  }
  return { bytes: formatUriList(kept), kept: kept.length, dropped };
}

/** A client running straight on exo sees exo's own files: every path is the same on both sides. */
export const SAME_FILES: PathMapper = { toGuest: (p) => p, toHost: (p) => p };

/** A host folder and where one guest sees it (a `vmc share`). */
export interface SharedFolder {
  hostPath: string;
  guestPath: string;
}

/** `p` relative to `dir` when it is `dir` itself or inside it, else null. */
function inside(dir: string, p: string): string | null {
  const rel = nodePath.relative(dir, p);
  if (rel === '') return '';
  if (rel.startsWith('..') || nodePath.isAbsolute(rel)) return null;
  return rel;
}

/** The path with symlinks resolved as far as it exists (the rest appended as written). */
function realish(p: string): string {
  const abs = nodePath.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = nodePath.dirname(abs);
    return parent === abs ? abs : nodePath.join(realish(parent), nodePath.basename(abs));
  }
}

/**
 * Paths as one guest sees its shared folders: a host path inside a share becomes the same file
 * under /mnt/shared/<name>, and back. A guest path whose host side leaves its share through a
 * symlink the guest made is not shared (the host would otherwise follow it to any host file).
 */
export function sharedFoldersMapper(shares: readonly SharedFolder[]): PathMapper {
  return {
    toGuest(hostPath) {
      const real = realish(hostPath);
      for (const s of shares) {
        const rel = inside(realish(s.hostPath), real);
        if (rel !== null) return rel === '' ? s.guestPath : nodePath.posix.join(s.guestPath, rel);
      }
      return null;
    },
    toHost(guestPath) {
      const p = nodePath.posix.resolve('/', guestPath);
      for (const s of shares) {
        const rel = inside(s.guestPath, p);
        if (rel === null) continue;
        const host = nodePath.join(s.hostPath, rel);
        return inside(realish(s.hostPath), realish(host)) === null ? null : host;
      }
      return null;
    },
  };
}
