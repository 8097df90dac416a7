import { closeFd } from '../../../compositor/src/native/libc.js';
import { ServedDataSource } from './data-source.js';
import { writeAllAndClose, type Payload, type TransferLimits } from './fd-transfer.js';
import type { Spool } from './spool.js';

/**
 * What the host serves for one MIME type: bytes (strings are UTF-8), a spool file (spliced into
 * the reader's pipe; its holder keeps it alive), or a function that makes the chunks anew for
 * each paste (a conversion done as the reader reads, so it never exists whole). A chunk may be
 * reused for the next one: consumers copy what they keep.
 */
export type HostData = Buffer | string | Spool | (() => Iterable<Uint8Array>);

/**
 * A selection exo serves itself: the host clipboard (the browser's, through the control API),
 * bytes or a chunk producer per MIME type. A client that pastes gets the data written into its
 * pipe from where it lies, without blocking the event loop.
 */
export class HostDataSource extends ServedDataSource {
  readonly dndActions: number = 0;
  private readonly data: Map<string, Exclude<HostData, string>>;
  private readonly cancelListeners: Array<() => void> = [];

  constructor(
    data: Iterable<[string, HostData]>,
    private readonly limits: TransferLimits = { timeoutMs: 30_000 },
  ) {
    super(null, null);
    this.data = new Map();
    for (const [mime, value] of data)
      this.data.set(mime, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  }

  get mimeTypes(): string[] {
    return [...this.data.keys()];
  }

  /** The data for one MIME type, without a round trip through a pipe (shared, not copied). */
  get(mime: string): Payload | undefined {
    const d = this.data.get(mime);
    return typeof d === 'function' ? d() : d;
  }

  send(mime: string, fd: number): void {
    const payload = this.destroyed ? undefined : this.get(mime);
    if (!payload) {
      closeFd(fd); // an empty answer: the reader sees end of file at once
      return;
    }
    // A reader that stops reading is cut off by the time limit; nothing else waits on it.
    writeAllAndClose(fd, payload, this.limits).catch(() => {});
  }

  /** Replaced by another selection: this source is done. */
  cancel(): void {
    if (this.destroyed) return;
    for (const cb of this.cancelListeners) cb();
    this.destroy();
  }

  onCancel(cb: () => void): void {
    this.cancelListeners.push(cb);
  }
}
