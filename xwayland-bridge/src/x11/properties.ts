import { getProperty, type GetPropertyReply } from '../../../protos/gen/x11/xproto.js';
import type { XConnection } from './x-connection.js';

/**
 * Reading and decoding X window properties: text (STRING is Latin-1, UTF8_STRING and
 * COMPOUND_TEXT's ASCII subset as UTF-8), 32-bit lists (atoms, cardinals, windows), and the
 * ICCCM/Motif structures the window manager needs.
 */

/** Longest property value we read, in 32-bit units (1 MiB). */
const MAX_LONGS = 256 * 1024;

/** Fetches a whole property of any type; resolves with `format` 0 when it is not set. */
export function readProperty(c: XConnection, window: number, property: number): Promise<GetPropertyReply> {
  return getProperty(c, { delete: false, window, property, type: 0, longOffset: 0, longLength: MAX_LONGS });
}

/** A property value as 32-bit values (empty unless format is 32). */
export function u32s(p: GetPropertyReply): number[] {
  if (p.format !== 32) return [];
  const v = new DataView(p.value.buffer, p.value.byteOffset, p.value.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= p.value.byteLength; i += 4) out.push(v.getUint32(i, true));
  return out;
}

/** A text property: UTF8_STRING (`utf8Atom`) as UTF-8, STRING as Latin-1; null when unset. */
export function text(p: GetPropertyReply, utf8Atom: number): string | null {
  if (p.format !== 8) return null;
  const b = Buffer.from(p.value.buffer, p.value.byteOffset, p.value.byteLength);
  return p.type === utf8Atom ? b.toString('utf8') : b.toString('latin1');
}

/** WM_CLASS: instance and class, two NUL-terminated strings. */
export function wmClass(p: GetPropertyReply): { instance: string; cls: string } | null {
  if (p.format !== 8) return null;
  const parts = Buffer.from(p.value).toString('latin1').split('\0');
  return { instance: parts[0] ?? '', cls: parts[1] ?? '' };
}

/** ICCCM WM_HINTS: only the input model and urgency matter to us. */
export interface WmHints {
  /** The client wants keyboard focus set by the window manager (default true). */
  input: boolean;
  urgent: boolean;
}

const InputHint = 1;
const UrgencyHint = 1 << 8;

export function wmHints(p: GetPropertyReply): WmHints {
  const v = u32s(p);
  const flags = v[0] ?? 0;
  return { input: flags & InputHint ? v[1] !== 0 : true, urgent: (flags & UrgencyHint) !== 0 };
}

/** ICCCM WM_NORMAL_HINTS (WM_SIZE_HINTS): minimum and maximum size, 0 = none. */
export interface SizeHints {
  minWidth: number;
  minHeight: number;
  maxWidth: number;
  maxHeight: number;
}

const PMinSize = 1 << 4;
const PMaxSize = 1 << 5;
const PBaseSize = 1 << 8;

export function sizeHints(p: GetPropertyReply): SizeHints {
  const v = u32s(p).map((x) => x | 0);
  const flags = v[0] ?? 0;
  const out = { minWidth: 0, minHeight: 0, maxWidth: 0, maxHeight: 0 };
  if (flags & PMinSize) Object.assign(out, { minWidth: v[5] ?? 0, minHeight: v[6] ?? 0 });
  // A base size stands in for a missing minimum (ICCCM 4.1.2.3).
  else if (flags & PBaseSize) Object.assign(out, { minWidth: v[15] ?? 0, minHeight: v[16] ?? 0 });
  if (flags & PMaxSize) Object.assign(out, { maxWidth: v[7] ?? 0, maxHeight: v[8] ?? 0 });
  const clamp = (x: number) => Math.max(0, Math.min(x, 32767));
  return {
    minWidth: clamp(out.minWidth),
    minHeight: clamp(out.minHeight),
    maxWidth: clamp(out.maxWidth),
    maxHeight: clamp(out.maxHeight),
  };
}

/** _MOTIF_WM_HINTS: whether the client asks for no decorations. */
export function motifDecorated(p: GetPropertyReply): boolean {
  const v = u32s(p);
  const MWM_HINTS_DECORATIONS = 1 << 1;
  if (!((v[0] ?? 0) & MWM_HINTS_DECORATIONS)) return true;
  return (v[2] ?? 1) !== 0;
}
