import { DEFAULT_MAX_BYTES } from '../data-device/fd-transfer.js';
import { Spool, type Bytes } from '../data-device/spool.js';
import { checkSpooledAscii, checkSpooledUtf8, toUtf8 } from './charset.js';
import { toPng } from './image.js';
import { ACCEPTED_TYPES, candidatesByKind, HOST_TYPE, typeInfo, type DataKind } from './mime.js';
import { formatUriList, parseUriList, translateUriList } from './uri-list.js';

/**
 * Into the host set: one representation (from the host, or read from a guest) normalized to
 * its host type, text and HTML as exact UTF-8, images as PNG, file URLs as host paths; and a
 * guest's whole selection, trying the types it offers best first for each kind of data.
 *
 * Large data may come spooled to a file (see spool.ts). UTF-8 text and HTML, and RTF, are kept
 * so, checked a slice at a time; what needs converting (UTF-16 and Latin-1 text, images, file
 * lists) is brought into memory first, up to DEFAULT_MAX_BYTES. Ownership: these functions take
 * the spools they are given, and what they answer holds one reference to each spool in it.
 */

export class UnsupportedTypeError extends Error {}

/** A type that could not be taken, and why. */
export interface DroppedType {
  mime: string;
  error: string;
}

export interface HostItems {
  /** Host type (HOST_TEXT...) → bytes. */
  items: Map<string, Bytes>;
  dropped: DroppedType[];
}

/**
 * `bytes` of type `mime` as the host keeps it. `guestToHost` translates the guest paths of a
 * uri-list (null: the list comes from the host and is only checked). Throws for a type the
 * clipboard does not take, bad text, an undecodable image, or a uri-list with nothing left.
 */
export function toHostItem(
  mime: string,
  bytes: Buffer,
  guestToHost: ((path: string) => string | null) | null,
): Promise<{ kind: DataKind; bytes: Buffer }>;
export function toHostItem(
  mime: string,
  bytes: Bytes,
  guestToHost: ((path: string) => string | null) | null,
): Promise<{ kind: DataKind; bytes: Bytes }>;
export async function toHostItem(
  mime: string,
  bytes: Bytes,
  guestToHost: ((path: string) => string | null) | null,
): Promise<{ kind: DataKind; bytes: Bytes }> {
  if (!(bytes instanceof Spool)) return toHostItemInMemory(mime, bytes, guestToHost);
  try {
    const kept = keepSpooled(mime, bytes);
    if (kept) return { kind: kept, bytes };
    if (bytes.length > DEFAULT_MAX_BYTES)
      throw new Error(
        `${bytes.length} bytes of ${mime} are too many to convert (at most ${DEFAULT_MAX_BYTES})`,
      );
    const item = await toHostItemInMemory(mime, bytes.toBuffer(), guestToHost);
    bytes.release();
    return item;
  } catch (e) {
    bytes.release();
    throw e;
  }
}

/** The kind of spooled data that is kept as it is (after checking it), or null when it needs converting. */
function keepSpooled(mime: string, spool: Spool): DataKind | null {
  const info = typeInfo(mime);
  if (!info) throw new UnsupportedTypeError(`not a type the clipboard takes; it takes ${ACCEPTED_TYPES}`);
  if (info.kind === 'rtf') return 'rtf';
  if (info.kind !== 'text' && info.kind !== 'html') return null;
  const head = spool.head(2);
  const bom =
    head.length === 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (info.charset === 'utf-8' || (info.charset === 'sniff-html' && !bom)) checkSpooledUtf8(spool);
  else if (info.charset === 'us-ascii') checkSpooledAscii(spool);
  else return null;
  return info.kind;
}

async function toHostItemInMemory(
  mime: string,
  bytes: Buffer,
  guestToHost: ((path: string) => string | null) | null,
): Promise<{ kind: DataKind; bytes: Buffer }> {
  const info = typeInfo(mime);
  if (!info) throw new UnsupportedTypeError(`not a type the clipboard takes; it takes ${ACCEPTED_TYPES}`);
  switch (info.kind) {
    case 'text':
    case 'html':
      return { kind: info.kind, bytes: toUtf8(bytes, info.charset!) };
    case 'rtf':
      return { kind: 'rtf', bytes };
    case 'image':
      return { kind: 'image', bytes: await toPng(bytes, mime) };
    case 'uri-list': {
      if (guestToHost === null) return { kind: 'uri-list', bytes: formatUriList(parseUriList(bytes)) };
      const t = translateUriList(bytes, guestToHost);
      if (t.kept === 0)
        throw new Error(`no URI left to pass${t.dropped.length ? `: dropped ${t.dropped.join('; ')}` : ''}`);
      return { kind: 'uri-list', bytes: t.bytes };
    }
  }
}

/** Host-provided representations in the host set; the first of each kind wins. */
export async function importHostItems(
  list: ReadonlyArray<{ mime: string; bytes: Bytes }>,
): Promise<HostItems> {
  const out: HostItems = { items: new Map(), dropped: [] };
  for (const { mime, bytes } of list) {
    try {
      const item = await toHostItem(mime, bytes, null);
      if (!out.items.has(HOST_TYPE[item.kind])) out.items.set(HOST_TYPE[item.kind], item.bytes);
      else if (item.bytes instanceof Spool) item.bytes.release();
    } catch (e) {
      out.dropped.push({ mime, error: (e as Error).message });
    }
  }
  return out;
}

export interface GuestReader {
  /** Reads the selection as `mime` (bounded by the given time); a spool answered is ours. */
  read(mime: string, timeoutMs: number): Promise<Bytes>;
  guestToHost(path: string): string | null;
}

/**
 * Reads a guest's selection into the host set: for each kind of data, the best offered type
 * that converts cleanly (a type that fails is dropped with its error and the next one is
 * tried). All reads share one deadline, so a slow guest cannot hold the clipboard for long.
 */
export async function importGuestSelection(
  offered: readonly string[],
  reader: GuestReader,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HostItems> {
  const out: HostItems = { items: new Map(), dropped: [] };
  const deadline = Date.now() + timeoutMs;
  for (const [kind, candidates] of candidatesByKind(offered)) {
    for (const mime of candidates) {
      if (signal.aborted) return releaseAll(out);
      const left = deadline - Date.now();
      if (left <= 0) {
        out.dropped.push({ mime, error: `not read: the ${timeoutMs} ms for reading the selection ran out` });
        continue;
      }
      try {
        const item = await toHostItem(mime, await reader.read(mime, left), (p) => reader.guestToHost(p));
        out.items.set(HOST_TYPE[kind], item.bytes);
        break;
      } catch (e) {
        out.dropped.push({ mime, error: (e as Error).message });
      }
    }
  }
  if (signal.aborted) return releaseAll(out);
  return out;
}

/** Drops the spools of `host` (nobody will keep them); answers it, emptied. */
export function releaseAll(host: HostItems): HostItems {
  for (const b of host.items.values()) if (b instanceof Spool) b.release();
  host.items.clear();
  return host;
}
