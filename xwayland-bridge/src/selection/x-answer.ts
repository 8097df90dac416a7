import {
  changeProperty,
  changeWindowAttributes,
  encodeSelectionNotifyEvent,
  EventMask,
  PropMode,
  sendEvent,
  type SelectionRequestEvent,
} from '../../../protos/gen/x11/xproto.js';
import type { XConnection } from '../x11/x-connection.js';
import { STALL_MS } from './x-read-transfer.js';

/**
 * Largest property we write at once: a core request holds at most 262140 bytes, and
 * ChangeProperty's header takes 24. Larger answers go by INCR in chunks of this size.
 */
export const INCR_CHUNK = 262140 - 24 - 36;

/** Tells a requestor its conversion is done (property) or refused (property 0). */
export function notifyRequestor(c: XConnection, e: SelectionRequestEvent, property: number): void {
  const event = encodeSelectionNotifyEvent({
    time: e.time,
    requestor: e.requestor,
    selection: e.selection,
    target: e.target,
    property,
  });
  sendEvent(c, { propagate: false, destination: e.requestor, eventMask: 0, event });
}

/** Writes a property of 8-bit (bytes) or 32-bit (numbers) values on the requestor's window. */
export function writeReply(
  c: XConnection,
  window: number,
  property: number,
  type: number,
  value: Uint8Array | number[],
): void {
  if (Array.isArray(value)) {
    const data = Buffer.alloc(value.length * 4);
    value.forEach((v, i) => data.writeUInt32LE(v >>> 0, i * 4));
    changeProperty(c, {
      mode: PropMode.Replace,
      window,
      property,
      type,
      format: 32,
      dataLen: value.length,
      data,
    });
  } else
    changeProperty(c, {
      mode: PropMode.Replace,
      window,
      property,
      type,
      format: 8,
      dataLen: value.byteLength,
      data: value,
    });
}

/**
 * One answer to a SelectionRequest that is too large for one property: INCR. We announce the
 * size with an INCR property, then each time the requestor deletes the property (it read the
 * chunk) the next chunk goes in, and a zero-length one ends it. A requestor that goes away
 * stops deleting: the time-out drops the transfer and its data.
 */
export class IncrAnswer {
  private offset = 0;
  private finished = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly c: XConnection,
    private readonly e: SelectionRequestEvent,
    readonly property: number,
    private readonly type: number,
    private readonly data: Uint8Array,
    incrAtom: number,
    private readonly done: () => void,
  ) {
    this.timer = setTimeout(() => this.finish(), STALL_MS);
    // We hear of the requestor's deletions through PropertyNotify on its window.
    changeWindowAttributes(c, {
      window: e.requestor,
      valueList: { eventMask: EventMask.PropertyChange | EventMask.FocusChange },
    });
    writeReply(c, e.requestor, property, incrAtom, [data.byteLength]);
    notifyRequestor(c, e, property);
  }

  /** The requestor deleted the property: the next chunk (or the empty end marker). */
  deleted(): void {
    if (this.finished) return;
    this.timer.refresh();
    const chunk = this.data.subarray(this.offset, this.offset + INCR_CHUNK);
    writeReply(this.c, this.e.requestor, this.property, this.type, chunk);
    this.offset += chunk.byteLength;
    if (chunk.byteLength === 0) this.finish();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timer);
    this.done();
  }
}
