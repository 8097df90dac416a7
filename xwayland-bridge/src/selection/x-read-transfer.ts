import { convertSelection, deleteProperty, getProperty } from '../../../protos/gen/x11/xproto.js';
import type { XConnection } from '../x11/x-connection.js';
import type { FdWriter } from './fd-io.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';

const trace = debugEnabled('xsel');

/** Longest property value read at once (64 MiB in 32-bit units). */
const MAX_LONGS = 16 * 1024 * 1024;
/** An X owner that sends nothing for this long is given up on. */
export const STALL_MS = 15_000;

/**
 * One conversion of an X selection into a pipe a Wayland client reads: ConvertSelection to a
 * property on our window, then the property's value, or with INCR its chunks one by one (each
 * read deletes it, which asks the owner for the next; a zero-length chunk ends it). A slow
 * reader holds the next chunk back; an owner or reader that vanishes ends it by time-out or
 * pipe error, and `done` runs exactly once.
 */
export class XReadTransfer {
  private incr = false;
  /** A NewValue came while the first read (which finds INCR) was still on its way. */
  private early = false;
  private firstRead = false;
  private chunkWaiting = false;
  private finished = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly c: XConnection,
    private readonly window: number,
    readonly property: number,
    private readonly writer: FdWriter,
    /** Turns X bytes into what the reader asked for (Latin-1 STRING → UTF-8). */
    private readonly convert: (b: Uint8Array) => Uint8Array,
    private readonly incrAtom: number,
    private readonly done: () => void,
  ) {
    this.timer = setTimeout(() => this.finish(), STALL_MS);
    writer.onError = () => this.finish();
    writer.onDrain = () => {
      if (this.chunkWaiting) this.readChunk();
    };
  }

  /** The target asked for, and whether the owner answered yet (to match refusals). */
  target = 0;
  answered = false;

  start(selection: number, target: number): void {
    this.target = target;
    if (trace) debugLog('xsel', `convert target ${target} into property ${this.property}`);
    convertSelection(this.c, { requestor: this.window, selection, target, property: this.property, time: 0 });
  }

  /** The owner answered our ConvertSelection (property 0: it refused). */
  selectionNotify(property: number): void {
    if (trace) debugLog('xsel', `property ${this.property}: owner answered (${property})`);
    if (this.finished) return;
    this.answered = true;
    if (property === 0) return this.finish();
    this.timer.refresh();
    this.firstRead = true;
    this.takeProperty().then(
      (p) => {
        if (this.finished) return;
        if (p.type === this.incrAtom) {
          // Deleting the INCR property (done by this read) starts the transfer.
          this.incr = true;
          if (trace) debugLog('xsel', `property ${this.property}: INCR`);
          if (this.early) this.newValue();
          return;
        }
        this.writer.write(this.convert(p.value));
        this.writer.end();
        this.finish(false);
      },
      () => this.finish(),
    );
  }

  /** Reads and deletes our property (deleting asks an INCR owner for the next chunk). */
  private takeProperty() {
    return getProperty(this.c, {
      delete: true,
      window: this.window,
      property: this.property,
      type: 0,
      longOffset: 0,
      longLength: MAX_LONGS,
    });
  }

  /** A PropertyNotify NewValue of our property: the next INCR chunk is there. */
  newValue(): void {
    if (this.finished) return;
    if (!this.incr) {
      if (this.firstRead) this.early = true;
      return;
    }
    this.timer.refresh();
    if (this.writer.drained) this.readChunk();
    else this.chunkWaiting = true;
  }

  private readChunk(): void {
    this.chunkWaiting = false;
    this.takeProperty().then(
      (p) => {
        if (this.finished) return;
        if (p.value.byteLength === 0) {
          this.writer.end();
          this.finish(false);
          return;
        }
        this.writer.write(this.convert(p.value));
      },
      () => this.finish(),
    );
  }

  /** Ends the transfer; `abort` closes the pipe at once and clears our property. */
  finish(abort = true): void {
    if (this.finished) return;
    if (trace) debugLog('xsel', `property ${this.property}: ${abort ? 'aborted' : 'done'}`);
    this.finished = true;
    clearTimeout(this.timer);
    if (abort) {
      this.writer.abort();
      if (!this.c.isClosed) deleteProperty(this.c, { window: this.window, property: this.property });
    }
    this.done();
  }
}
