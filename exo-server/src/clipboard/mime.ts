/**
 * The clipboard's MIME vocabulary: the host set (what the host clipboard holds, one
 * representation per kind of data) and how any type a guest offers or the host is given maps
 * onto it. Wayland clients name types freely ("text/plain;charset=UTF-8", "UTF8_STRING"), so
 * types are parsed, not compared as strings.
 */

/** The host set: the one name each kind of data is kept under on the host. */
export const HOST_TEXT = 'text/plain;charset=utf-8';
export const HOST_HTML = 'text/html';
export const HOST_RTF = 'text/rtf';
export const HOST_PNG = 'image/png';
export const HOST_URI_LIST = 'text/uri-list';

export type DataKind = 'text' | 'html' | 'rtf' | 'image' | 'uri-list';

/** Host-set name of each kind, in the order offers list them. */
export const HOST_TYPE: Record<DataKind, string> = {
  text: HOST_TEXT,
  html: HOST_HTML,
  rtf: HOST_RTF,
  image: HOST_PNG,
  'uri-list': HOST_URI_LIST,
};

export const HOST_TYPES: readonly string[] = Object.values(HOST_TYPE);

/** Text encodings the clipboard converts exactly; `utf-16` means "BOM, else little-endian". */
export type Charset = 'utf-8' | 'utf-16' | 'utf-16le' | 'utf-16be' | 'us-ascii' | 'iso-8859-1';

/** How to read one offered type into the host set. */
export interface TypeInfo {
  kind: DataKind;
  /** For text and HTML: the encoding of the bytes ('sniff-html': UTF-16 with a BOM, else UTF-8). */
  charset?: Charset | 'sniff-html';
  /** Lower is preferred among the types of one kind. */
  rank: number;
}

const CHARSETS: Record<string, Charset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16',
  utf16: 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  'ansi_x3.4-1968': 'us-ascii',
  'iso-8859-1': 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
};

/** Image types converted to PNG for the host (sharp reads them). */
const CONVERTIBLE_IMAGES = new Set([
  'image/jpeg',
  'image/jpg',
  'image/gif',
  'image/bmp',
  'image/x-bmp',
  'image/webp',
  'image/tiff',
  'image/avif',
]);

export interface ParsedMime {
  /** `type/subtype`, lower-cased (X atoms such as UTF8_STRING kept as they are). */
  essence: string;
  /** Parameters by lower-cased name; values unquoted. */
  params: Map<string, string>;
}

/** Parses `type/subtype; name=value...`; null when it is not a MIME type or an X atom. */
export function parseMime(mime: string): ParsedMime | null {
  if (mime.length > 256) return null;
  const [head, ...rest] = mime.split(';');
  const essence = head!.trim();
  if (/^[A-Z0-9_]+$/.test(essence) && rest.length === 0) return { essence, params: new Map() };
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(essence)) return null;
  const params = new Map<string, string>();
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    const value = p
      .slice(i + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    params.set(p.slice(0, i).trim().toLowerCase(), value);
  }
  return { essence: essence.toLowerCase(), params };
}

/** The charset a `charset=` value names, null for one we do not convert. */
export function charsetOf(name: string): Charset | null {
  return CHARSETS[name.toLowerCase()] ?? null;
}

const TEXT_RANK: Record<Charset, number> = {
  'utf-8': 0,
  'utf-16': 2,
  'utf-16le': 2,
  'utf-16be': 2,
  'us-ascii': 4,
  'iso-8859-1': 6,
};

/**
 * What an offered type holds and how to decode it, or null when the host clipboard does not
 * take it. Bare `text/plain` is US-ASCII by RFC 2046, but real clients put UTF-8 there: it is
 * read as UTF-8 (which accepts all of ASCII). `TEXT` is read as UTF-8 as GTK and wl-clipboard
 * send it; `STRING` is ISO-8859-1 as the ICCCM says, and ranks last, after every UTF type.
 */
export function typeInfo(mime: string): TypeInfo | null {
  const m = parseMime(mime);
  if (!m) return null;
  const charsetParam = m.params.get('charset');
  const charset = charsetParam === undefined ? undefined : charsetOf(charsetParam);
  if (charset === null) return null; // a charset we cannot convert exactly
  switch (m.essence) {
    case 'UTF8_STRING':
      return { kind: 'text', charset: 'utf-8', rank: 1 };
    case 'TEXT':
      return { kind: 'text', charset: 'utf-8', rank: 5 };
    case 'STRING':
      return { kind: 'text', charset: 'iso-8859-1', rank: 7 };
    case 'text/plain':
      return charset
        ? { kind: 'text', charset, rank: TEXT_RANK[charset] }
        : { kind: 'text', charset: 'utf-8', rank: 3 };
    case 'text/html':
      return { kind: 'html', charset: charset ?? 'sniff-html', rank: charset ? TEXT_RANK[charset] : 1 };
    case 'text/rtf':
    case 'application/rtf':
      return { kind: 'rtf', rank: 0 };
    case 'image/png':
      return { kind: 'image', rank: 0 };
    case 'text/uri-list':
      return { kind: 'uri-list', rank: 0 };
    default:
      return CONVERTIBLE_IMAGES.has(m.essence) ? { kind: 'image', rank: 1 } : null;
  }
}

/**
 * For each kind, the offered types that can fill it, best first (ties keep the offer order):
 * the order in which an import tries them.
 */
export function candidatesByKind(offered: readonly string[]): Map<DataKind, string[]> {
  const ranked = offered
    .map((mime, i) => ({ mime, i, info: typeInfo(mime) }))
    .filter((x): x is { mime: string; i: number; info: TypeInfo } => x.info !== null)
    .sort((a, b) => a.info.rank - b.info.rank || a.i - b.i);
  const out = new Map<DataKind, string[]>();
  for (const kind of Object.keys(HOST_TYPE) as DataKind[]) {
    const list = ranked.filter((x) => x.info.kind === kind).map((x) => x.mime);
    if (list.length > 0) out.set(kind, list);
  }
  return out;
}

/** The types the host clipboard accepts, for error messages. */
export const ACCEPTED_TYPES =
  'text/plain (charset utf-8, utf-16, utf-16le, utf-16be, us-ascii or iso-8859-1), text/html, text/rtf, ' +
  'image/png (or image/jpeg, gif, bmp, webp, tiff, avif: converted to PNG), text/uri-list';
