import { internAtom } from '../../../protos/gen/x11/xproto.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import { sendClientMessage } from '../x11/client-message.js';
import type { XConnection } from '../x11/x-connection.js';
import { DND_ASK, DND_COPY, DND_MOVE, DND_NONE } from './drag-host.js';

/** The XDND version we speak (and announce in XdndAware). */
export const XDND_VERSION = 5;

const NAMES = [
  'XdndAware',
  'XdndProxy',
  'XdndSelection',
  'XdndEnter',
  'XdndPosition',
  'XdndStatus',
  'XdndLeave',
  'XdndDrop',
  'XdndFinished',
  'XdndTypeList',
  'XdndActionCopy',
  'XdndActionMove',
  'XdndActionAsk',
  'XdndActionPrivate',
] as const;

export type XdndAtoms = Record<(typeof NAMES)[number], number>;

/** `TARTINE_DEBUG=xdnd` traces every XDND message in and out. */
const trace = debugEnabled('xdnd');
const names = new Map<number, string>();

export function traceXdnd(dir: string, window: number, type: number, l: number[]): void {
  if (!trace) return;
  const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;
  debugLog('xdnd', `${dir} ${names.get(type) ?? type} window=${hex(window)} [${l.map(hex).join(' ')}]`);
}

export function xdndTrace(text: string): void {
  if (trace) debugLog('xdnd', text);
}

/** Interns the XDND atoms (pipelined: one round trip). */
export async function internXdndAtoms(c: XConnection): Promise<XdndAtoms> {
  const replies = await Promise.all(NAMES.map((name) => internAtom(c, { onlyIfExists: false, name })));
  const out = {} as XdndAtoms;
  NAMES.forEach((name, i) => {
    out[name] = replies[i]!.atom;
    names.set(out[name], name);
  });
  return out;
}

/** An XDND action atom as a dnd_action bit (private actions count as copy). */
export function actionFromAtom(a: XdndAtoms, atom: number): number {
  if (atom === a.XdndActionCopy || atom === a.XdndActionPrivate) return DND_COPY;
  if (atom === a.XdndActionMove) return DND_MOVE;
  if (atom === a.XdndActionAsk) return DND_ASK;
  return DND_NONE;
}

/** A dnd_action bit (the first of a mask: copy, move, ask) as an XDND action atom, 0 for none. */
export function atomFromAction(a: XdndAtoms, action: number): number {
  if (action & DND_COPY) return a.XdndActionCopy;
  if (action & DND_MOVE) return a.XdndActionMove;
  if (action & DND_ASK) return a.XdndActionAsk;
  return 0;
}

/** Root coordinates packed as XdndPosition carries them (x in the high 16 bits). */
export const packXY = (x: number, y: number): number =>
  (((Math.round(x) & 0xffff) << 16) | (Math.round(y) & 0xffff)) >>> 0;

export const unpackXY = (v: number): { x: number; y: number } => ({
  x: ((v >>> 16) << 16) >> 16,
  y: ((v & 0xffff) << 16) >> 16,
});

/**
 * Sends an XDND message: `window` is the window it is about (the target for Enter, Position,
 * Leave, Drop; the source for Status, Finished), `to` where it goes (a proxy per XdndProxy).
 */
export function sendXdnd(c: XConnection, window: number, type: number, values: number[], to = window): void {
  traceXdnd('→', window, type, values);
  sendClientMessage(c, window, type, values, 0, to);
}
