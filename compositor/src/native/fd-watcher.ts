import koffi from 'koffi';

export interface FdEvents {
  readable: boolean;
  writable: boolean;
  disconnect: boolean;
}

/**
 * Readiness callbacks for one fd on Node's own event loop (a libuv poll handle through koffi).
 * Level-triggered: a callback that does not drain the fd is called again. An exception thrown
 * by the handler is rethrown on the next tick, because one escaping into koffi stops all
 * further callbacks and leaves the poll spinning.
 */
export class FdWatcher {
  private handle: ReturnType<typeof koffi.node.poll> | null;
  private writable = false;
  private readonly callback: (status: number, ev: FdEvents) => void;

  constructor(
    readonly fd: number,
    onEvents: (ev: FdEvents) => void,
    opts: { readable?: boolean; writable?: boolean } = {},
  ) {
    this.writable = opts.writable ?? false;
    this.callback = (status: number, ev: FdEvents) => {
      try {
        // A negative status is a poll error (fd closed under us): report it as a hang-up.
        onEvents(status < 0 ? { readable: false, writable: false, disconnect: true } : ev);
      } catch (e) {
        process.nextTick(() => {
          throw e;
        });
      }
    };
    // koffi calls back with (status, events) although its typings say (events).
    this.handle = koffi.node.poll(fd, this.options(opts.readable ?? true), this.callback as never);
  }

  private options(readable: boolean): { readable: boolean; writable: boolean; disconnect: boolean } {
    return { readable, writable: this.writable, disconnect: true };
  }

  /** Asks for (or stops asking for) writability; stop once drained, or the poll spins. */
  setWritable(on: boolean): void {
    if (on === this.writable || !this.handle) return;
    this.writable = on;
    this.handle.start(this.options(true), this.callback as never);
  }

  /** Pauses all callbacks until `resume`. */
  pause(): void {
    this.handle?.stop();
  }

  resume(): void {
    this.handle?.start(this.options(true), this.callback as never);
  }

  /** Lets the process exit while this watcher is active. */
  unref(): void {
    this.handle?.unref();
  }

  /** Stops and releases the poll handle; call before closing the fd (fd numbers are reused). */
  close(): void {
    if (!this.handle) return;
    this.handle.close();
    this.handle = null;
  }
}
