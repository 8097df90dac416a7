import { closeFd } from '../../../compositor/src/native/libc.js';
import { DestroyListeners, type DataSource } from './data-source.js';
import { writeAllAndClose, type TransferLimits } from './fd-transfer.js';

/**
 * A selection exo serves itself: the host clipboard (the browser's, through the control API),
 * one Buffer per MIME type. A client that pastes gets the bytes written into its pipe without
 * blocking the event loop.
 */
export class HostDataSource implements DataSource {
  readonly client = null;
  readonly dndActions = 0;
  used: 'selection' | 'drag' | null = null;
  private readonly data: Map<string, Buffer>;
  private isDestroyed = false;
  private readonly listeners = new DestroyListeners();
  private readonly cancelListeners: Array<() => void> = [];

  constructor(
    data: Iterable<[string, Buffer | string]>,
    private readonly limits: TransferLimits = { timeoutMs: 30_000 },
  ) {
    this.data = new Map();
    for (const [mime, value] of data)
      this.data.set(mime, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  }

  get mimeTypes(): string[] {
    return [...this.data.keys()];
  }

  get destroyed(): boolean {
    return this.isDestroyed;
  }

  /** The bytes for one MIME type, without a round trip through a pipe. */
  get(mime: string): Buffer | undefined {
    return this.data.get(mime);
  }

  send(mime: string, fd: number): void {
    const bytes = this.data.get(mime);
    if (!bytes || this.isDestroyed) {
      closeFd(fd); // an empty answer: the reader sees end of file at once
      return;
    }
    // A reader that stops reading is cut off by the time limit; nothing else waits on it.
    writeAllAndClose(fd, bytes, this.limits).catch(() => {});
  }

  /** Replaced by another selection: this source is done. */
  cancel(): void {
    if (this.isDestroyed) return;
    for (const cb of this.cancelListeners) cb();
    this.destroy();
  }

  onCancel(cb: () => void): void {
    this.cancelListeners.push(cb);
  }

  target(): void {}
  action(): void {}
  dropPerformed(): void {}
  dndFinished(): void {}

  onDestroy(cb: () => void): () => void {
    return this.listeners.add(cb);
  }

  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.listeners.fire();
  }
}
