import { toUtf8 } from './charset.js';
import { toPng } from './image.js';
import { ACCEPTED_TYPES, candidatesByKind, HOST_TYPE, typeInfo, type DataKind } from './mime.js';
import { formatUriList, parseUriList, translateUriList } from './uri-list.js';

/**
 * Into the host set: one representation (from the host, or read from a guest) normalized to
 * its host type, text and HTML as exact UTF-8, images as PNG, file URLs as host paths; and a
 * guest's whole selection, trying the types it offers best first for each kind of data.
 */

export class UnsupportedTypeError extends Error {}

/** A type that could not be taken, and why. */
export interface DroppedType {
  mime: string;
  error: string;
}

export interface HostItems {
  /** Host type (HOST_TEXT...) → bytes. */
  items: Map<string, Buffer>;
  dropped: DroppedType[];
}

/**
 * `bytes` of type `mime` as the host keeps it. `guestToHost` translates the guest paths of a
 * uri-list (null: the list comes from the host and is only checked). Throws for a type the
 * clipboard does not take, bad text, an undecodable image, or a uri-list with nothing left.
 */
export async function toHostItem(
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
  list: ReadonlyArray<{ mime: string; bytes: Buffer }>,
): Promise<HostItems> {
  const out: HostItems = { items: new Map(), dropped: [] };
  for (const { mime, bytes } of list) {
    try {
      const item = await toHostItem(mime, bytes, null);
      if (!out.items.has(HOST_TYPE[item.kind])) out.items.set(HOST_TYPE[item.kind], item.bytes);
    } catch (e) {
      out.dropped.push({ mime, error: (e as Error).message });
    }
  }
  return out;
}

export interface GuestReader {
  /** Reads the selection as `mime` (bounded by the given time). */
  read(mime: string, timeoutMs: number): Promise<Buffer>;
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
      if (signal.aborted) return out;
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
  return out;
}
