import { encodeClientMessageEvent, sendEvent } from '../../../protos/gen/x11/xproto.js';
import type { XConnection } from './x-connection.js';

/** The five 32-bit values of a ClientMessage (format 32). */
export function data32(data: Uint8Array): number[] {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return [0, 4, 8, 12, 16].map((o) => (o + 4 <= data.byteLength ? v.getUint32(o, true) : 0));
}

/** Sends a format-32 ClientMessage to `window` (no event mask: it goes to the window's owner). */
export function sendClientMessage(
  c: XConnection,
  window: number,
  type: number,
  values: number[],
  eventMask = 0,
  destination = window,
): void {
  const data = Buffer.alloc(20);
  values.slice(0, 5).forEach((v, i) => data.writeUInt32LE(v >>> 0, i * 4));
  const event = encodeClientMessageEvent({ format: 32, window, type, data });
  sendEvent(c, { propagate: false, destination, eventMask, event });
}
