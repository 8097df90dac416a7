import { Connection } from '../../../compositor/src/client/connection.js';
import type { WireReader } from '../../../compositor/src/wire/wire-reader.js';

/**
 * A client connection to the host compositor whose event listeners (the relays) cannot take
 * sommelier down: an exception in one is reported through `onListenerError`, so the session
 * that owns this connection is cut off and every other guest client goes on.
 */
export class HostConnection extends Connection {
  onListenerError: (e: unknown) => void = (e) => {
    throw e;
  };
  /** After each batch of host events: the relayed guest events go out now, not a turn later. */
  onBatchDone: () => void = () => {};

  override message(senderId: number, opcode: number, size: number, reader: WireReader): void {
    try {
      super.message(senderId, opcode, size, reader);
    } catch (e) {
      this.onListenerError(e);
    }
  }

  override batchDone(): void {
    super.batchDone();
    this.onBatchDone();
  }
}
