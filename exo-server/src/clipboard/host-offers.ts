import type { HostData } from '../data-device/host-source.js';
import { Spool, type Bytes } from '../data-device/spool.js';
import { fitsLatin1, utf8ToLatin1, utf8ToUtf16le } from './charset.js';
import { HOST_HTML, HOST_PNG, HOST_RTF, HOST_TEXT, HOST_URI_LIST, parseMime } from './mime.js';
import { translateUriList, type PathMapper } from './uri-list.js';

/**
 * Host → guest: the types exo offers a guest for what the host clipboard holds, as Chrome's exo
 * offers them. Text goes out as UTF-8 under every name clients look for (the stored Buffer
 * itself, or its spool file, not a copy), as UTF-16 converted while the guest reads, and as ISO-8859-1 `STRING`
 * for X clients when the text fits; HTML in UTF-8 and UTF-16; RTF, PNG as they are; file URLs
 * translated to the guest's paths, with unshared ones dropped.
 */

export interface GuestOffers {
  /** MIME type → data, in the order they are offered. */
  offers: Array<[string, HostData]>;
  /** What could not be offered (unshared paths...). */
  notes: string[];
}

export function guestOffers(items: ReadonlyMap<string, Bytes>, mapper: PathMapper): GuestOffers {
  const offers: Array<[string, HostData]> = [];
  const notes: string[] = [];
  const text = items.get(HOST_TEXT);
  if (text) {
    offers.push(
      [HOST_TEXT, text],
      ['UTF8_STRING', text],
      ['text/plain;charset=utf-16', () => utf8ToUtf16le(text)],
      ['text/plain', text],
      ['TEXT', text],
    );
    if (fitsLatin1(text)) offers.push(['STRING', () => utf8ToLatin1(text)]);
  }
  const html = items.get(HOST_HTML);
  if (html)
    offers.push(
      ['text/html;charset=utf-8', html],
      ['text/html;charset=utf-16', () => utf8ToUtf16le(html)],
      [HOST_HTML, html],
    );
  const rtf = items.get(HOST_RTF);
  if (rtf) offers.push([HOST_RTF, rtf]);
  const png = items.get(HOST_PNG);
  if (png) offers.push([HOST_PNG, png]);
  const uris = items.get(HOST_URI_LIST);
  if (uris) {
    const raw = uris instanceof Spool ? uris.toBuffer() : uris;
    const t = translateUriList(raw, (p) => mapper.toGuest(p));
    for (const d of t.dropped) notes.push(`text/uri-list: dropped ${d}`);
    // Translated again at each paste: the paths a client sees depend on who it is (the mapper
    // answers for the client exo offers the selection to now), and focus may have moved since.
    if (t.kept > 0 || mapper.perClient)
      offers.push([HOST_URI_LIST, () => [translateUriList(raw, (p) => mapper.toGuest(p)).bytes]]);
  }
  return { offers, notes };
}

/**
 * The offer a name stands for: the exact name, else the same type written differently
 * (`text/plain; charset=UTF-8`). Null when nothing offered matches.
 */
export function findOffer(offers: GuestOffers['offers'], mime: string): [string, HostData] | null {
  const exact = offers.find(([m]) => m === mime);
  if (exact) return exact;
  const key = normalizedKey(mime);
  return key === null ? null : (offers.find(([m]) => normalizedKey(m) === key) ?? null);
}

function normalizedKey(mime: string): string | null {
  const p = parseMime(mime);
  if (!p) return null;
  const charset = p.params
    .get('charset')
    ?.toLowerCase()
    .replace(/^utf8$/, 'utf-8');
  return charset ? `${p.essence};charset=${charset}` : p.essence;
}
