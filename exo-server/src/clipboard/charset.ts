import { isAscii, isUtf8 } from 'node:buffer';
import { GrowableBuffer } from '../data-device/growable-buffer.js';
import { Spool, type Bytes } from '../data-device/spool.js';
import type { Charset } from './mime.js';

/**
 * Exact text conversions between the host's UTF-8 and what clients send or expect: every
 * input is either converted without loss or refused with the position of the first bad byte
 * (invalid UTF-8, a lone surrogate, an odd number of UTF-16 bytes), never patched with U+FFFD.
 * Large texts are converted a slice at a time into one reused output buffer, so a conversion
 * never holds the text twice over and leaves no garbage bigger than a slice: the chunks it
 * yields are valid only until the next one is asked for (a consumer that keeps them copies).
 *
 * Spooled text (see spool.ts) is read a slice at a time the same way, never whole.
 *
 * UTF-16 without a byte order mark is read as little-endian, and exo writes little-endian
 * without a mark, as Chrome's exo does (host order on x86 and ARM), so a round trip is exact.
 */

export class CharsetError extends Error {}

/**
 * Input is converted in slices of this many bytes (even, so UTF-16 slices hold whole units;
 * small, so each slice's string is a young object the scavenger frees at once).
 */
const SLICE = 32 * 1024;

/** `bytes` as UTF-8: the same Buffer when it already is, a converted copy otherwise. */
export function toUtf8(bytes: Buffer, charset: Charset | 'sniff-html'): Buffer {
  switch (charset) {
    case 'utf-8':
      if (!isUtf8(bytes)) throw new CharsetError(`not valid UTF-8 (${describeBadUtf8(bytes)})`);
      return bytes;
    case 'us-ascii': {
      if (isAscii(bytes)) return bytes;
      const at = bytes.findIndex((b) => b >= 0x80);
      throw new CharsetError(`not US-ASCII (byte 0x${bytes[at]!.toString(16)} at offset ${at})`);
    }
    case 'iso-8859-1':
      return isAscii(bytes) ? bytes : collect(latin1ToUtf8(bytes), bytes.length * 2);
    case 'sniff-html':
      return hasUtf16Bom(bytes) ? utf16ToUtf8(bytes, 'utf-16') : toUtf8(bytes, 'utf-8');
    default:
      return utf16ToUtf8(bytes, charset);
  }
}

function hasUtf16Bom(b: Buffer): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

function utf16ToUtf8(bytes: Buffer, charset: 'utf-16' | 'utf-16le' | 'utf-16be'): Buffer {
  if (bytes.length % 2 !== 0)
    throw new CharsetError(`not valid UTF-16: an odd number of bytes (${bytes.length})`);
  let le = charset !== 'utf-16be';
  let body = bytes;
  // Only the unlabelled form has a byte order mark; in UTF-16LE/BE a leading U+FEFF is text.
  if (charset === 'utf-16' && hasUtf16Bom(bytes)) {
    le = bytes[0] === 0xff;
    body = bytes.subarray(2);
  }
  const decoder = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: true });
  // UTF-8 takes at most 3 bytes per UTF-16 unit of 2 (4 per surrogate pair of 4).
  return collect(
    decodeSlices(slicesOf(body), decoder, 'utf8', (at) => describeBadUtf16(body, le, at)),
    body.length * 1.5,
  );
}

function* latin1ToUtf8(bytes: Buffer): Generator<Buffer> {
  const out = Buffer.allocUnsafe(SLICE * 2);
  for (let off = 0; off < bytes.length; off += SLICE)
    yield out.subarray(0, out.write(bytes.subarray(off, off + SLICE).toString('latin1'), 'utf8'));
}

/** The UTF-16LE form of valid UTF-8 text, a slice at a time (no byte order mark added). */
export function utf8ToUtf16le(utf8: Bytes): Iterable<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return decodeSlices(slicesOf(utf8), decoder, 'utf16le', () => 'not valid UTF-8');
}

/** The ISO-8859-1 form of valid UTF-8 text that `fitsLatin1`, a slice at a time. */
export function utf8ToLatin1(utf8: Bytes): Iterable<Buffer> {
  if (!(utf8 instanceof Spool) && isAscii(utf8)) return [utf8];
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return decodeSlices(slicesOf(utf8), decoder, 'latin1', () => 'not valid UTF-8');
}

/** Whether valid UTF-8 text has only code points up to U+00FF (lead bytes 0xC4 and up start larger ones). */
export function fitsLatin1(utf8: Bytes): boolean {
  for (const s of utf8 instanceof Spool ? utf8.chunks() : [utf8]) {
    if (isAscii(s)) continue;
    for (let i = 0; i < s.length; i++) if (s[i]! >= 0xc4) return false;
  }
  return true;
}

/** `b` in slices of SLICE bytes (a spool's in one reused buffer). */
export function slicesOf(b: Bytes): Iterable<Buffer> {
  if (b instanceof Spool) return b.chunks(SLICE);
  return (function* () {
    for (let off = 0; off < b.length || off === 0; off += SLICE) yield b.subarray(off, off + SLICE);
  })();
}

/**
 * Checks UTF-8 text that comes in pieces (a spool's slices, an upload's chunks): each piece is
 * cut before a character it would split (continuation bytes are 10xxxxxx), and that character
 * checked with the next piece's first bytes, so nothing but those few bytes is ever copied.
 */
export class Utf8Checker {
  private carry: Buffer | null = null;
  private at = 0;

  /** Throws CharsetError at the first invalid sequence. */
  push(chunk: Uint8Array): void {
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (this.carry) {
      while (start < b.length && start < 4 && (b[start]! & 0xc0) === 0x80) start++;
      const joined = Buffer.concat([this.carry, b.subarray(0, start)]);
      if (start === b.length && start < 4 && joined.length < 4 && !isUtf8(joined)) {
        this.carry = joined; // still waiting for the rest of the character
        return;
      }
      this.check(joined);
      this.carry = null;
    }
    let cut = b.length;
    for (let k = 0; k < 3 && cut > start && (b[cut - 1]! & 0xc0) === 0x80; k++) cut--;
    if (cut > start && b[cut - 1]! >= 0xc0) cut--; // a lead byte whose character may be cut
    this.check(b.subarray(start, cut));
    if (cut < b.length) this.carry = Buffer.from(b.subarray(cut));
  }

  /** The text ended: throws if it ends inside a character. */
  end(): void {
    if (this.carry && !isUtf8(this.carry))
      throw new CharsetError(`not valid UTF-8 (truncated at ${this.at})`);
  }

  private check(piece: Buffer): void {
    if (!isUtf8(piece))
      throw new CharsetError(`not valid UTF-8 (${describeBadUtf8(piece)}, in the piece at ${this.at})`);
    this.at += piece.length;
  }
}

/** Checks that spooled text is UTF-8 (at once when it was checked as it was written). */
export function checkSpooledUtf8(spool: Spool): void {
  if (spool.utf8 === true) return;
  const checker = new Utf8Checker();
  for (const chunk of spool.chunks()) checker.push(chunk);
  checker.end();
}

/** Checks that spooled text is US-ASCII. */
export function checkSpooledAscii(spool: Spool): void {
  let at = 0;
  for (const chunk of spool.chunks()) {
    if (!isAscii(chunk)) {
      const i = chunk.findIndex((b) => b >= 0x80);
      throw new CharsetError(`not US-ASCII (byte 0x${chunk[i]!.toString(16)} at offset ${at + i})`);
    }
    at += chunk.length;
  }
}

/**
 * Decodes `input` a slice at a time with a fatal decoder (a character cut by a slice boundary
 * is carried over by `stream`) and encodes each piece as `encoding` into one reused buffer.
 */
function* decodeSlices(
  input: Iterable<Buffer>,
  decoder: TextDecoder,
  encoding: 'utf8' | 'utf16le' | 'latin1',
  describe: (sliceStart: number) => string,
): Generator<Buffer> {
  // Each input byte makes at most 2 output bytes (UTF-8 → UTF-16: 1 → 2, 3 → 2, 4 → 4; UTF-16
  // → UTF-8: 2 → 3), plus a character carried over from the slice before.
  const out = Buffer.allocUnsafe(SLICE * 2 + 8);
  let off = 0;
  for (const slice of input) {
    let text: string;
    try {
      text = decoder.decode(slice, { stream: true });
    } catch {
      throw new CharsetError(describe(off));
    }
    if (text.length > 0) yield out.subarray(0, out.write(text, encoding));
    off += slice.length;
  }
  let rest: string;
  try {
    rest = decoder.decode(); // a character cut off at the end fails here
  } catch {
    throw new CharsetError(describe(Math.max(0, off - SLICE)));
  }
  if (rest.length > 0) yield out.subarray(0, out.write(rest, encoding));
}

function collect(chunks: Iterable<Buffer>, maxBytes: number): Buffer {
  const out = new GrowableBuffer(Math.ceil(maxBytes) + 8);
  for (const c of chunks)
    if (!out.append(c)) throw new CharsetError('the converted text is larger than expected');
  return out.finish();
}

function describeBadUtf16(body: Buffer, le: boolean, from: number): string {
  const unit = (i: number): number => (le ? body.readUInt16LE(i) : body.readUInt16BE(i));
  // A surrogate cut off by the slice boundary starts one unit before the slice.
  for (let i = Math.max(0, from - 2); i + 1 < body.length; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return `not valid UTF-16: a lone low surrogate at offset ${i}`;
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 3 < body.length ? unit(i + 2) : -1;
      if (next < 0xdc00 || next > 0xdfff) return `not valid UTF-16: a lone high surrogate at offset ${i}`;
      i += 2;
    }
  }
  return 'not valid UTF-16';
}

/**
 * Where the first invalid UTF-8 sequence starts (only computed for the error message): whole
 * slices are checked natively, then the first bad slice a character at a time, so a large
 * invalid text costs no more than a valid one.
 */
function describeBadUtf8(b: Buffer): string {
  let start = 0;
  while (start < b.length) {
    let end = Math.min(start + SLICE, b.length);
    // Cut before a character the slice end would split (continuation bytes are 10xxxxxx).
    while (end < b.length && end > start && (b[end]! & 0xc0) === 0x80) end--;
    if (end === start || !isUtf8(b.subarray(start, end))) return firstBadSequence(b, start);
    start = end;
  }
  return 'truncated';
}

function firstBadSequence(b: Buffer, from: number): string {
  for (let i = from; i < b.length;) {
    const lead = b[i]!;
    const len =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (len === 0) return `byte 0x${lead.toString(16)} at offset ${i}`;
    if (!isUtf8(b.subarray(i, i + len))) return `sequence at offset ${i}`;
    i += len;
  }
  return 'truncated';
}
