import { pipe } from '../../../compositor/src/native/shared-memory.js';
import type { Exo } from '../exo.js';
import { readBytesAndClose, type SpoolLimits, type TransferLimits } from './fd-transfer.js';
import { HostDataSource, type HostData } from './host-source.js';
import type { Selection } from './selection.js';
import { Spool, type Bytes } from './spool.js';

export type SelectionKind = 'clipboard' | 'primary';

/** Where the current selection comes from. */
export type SelectionOwner = 'client' | 'host' | 'none';

const registry = new WeakMap<Exo, Selections>();

/** The Selections object of a running exo (installed by registerDataDevice). */
export function selectionsOf(exo: Exo): Selections {
  const s = registry.get(exo);
  if (!s) throw new Error('no data device installed (registerDataDevice was not called)');
  return s;
}

/**
 * The host side of the clipboard and the primary selection, for the browser bridge and the
 * control API: what the guest copied (MIME types, and the bytes for one of them, read through
 * a pipe with a size and time bound), and the host's own selection (bytes per MIME type that
 * exo serves to the guest itself). The guest only sees a selection while it has keyboard
 * focus, whoever set it.
 */
export class Selections {
  private readonly listeners: Array<(kind: SelectionKind) => void> = [];

  constructor(
    private readonly exo: Exo,
    readonly clipboard: Selection,
    readonly primary: Selection,
  ) {
    registry.set(exo, this);
    clipboard.onChange(() => this.changed('clipboard'));
    primary.onChange(() => this.changed('primary'));
  }

  /** MIME types of the current selection ([] when there is none). */
  mimeTypes(kind: SelectionKind = 'clipboard'): string[] {
    return [...(this.of(kind).source?.mimeTypes ?? [])];
  }

  owner(kind: SelectionKind = 'clipboard'): SelectionOwner {
    const s = this.of(kind).source;
    return s === null ? 'none' : s.client === null ? 'host' : 'client';
  }

  /**
   * Reads the current selection as `mime`. Rejects when there is no selection, it does not
   * offer `mime`, or its owner sends too much or too slowly (limits default to 64 MiB / 5 s).
   */
  async readSelection(mime: string, opts: TransferLimits & { kind?: SelectionKind } = {}): Promise<Buffer> {
    const b = await this.readSelectionBytes(mime, opts);
    if (!(b instanceof Spool)) return b;
    try {
      return b.toBuffer();
    } finally {
      b.release();
    }
  }

  /**
   * readSelection, spooling large data to a file (see SpoolLimits): a Spool answered is the
   * caller's to release.
   */
  readSelectionBytes(
    mime: string,
    opts: TransferLimits & SpoolLimits & { kind?: SelectionKind } = {},
  ): Promise<Bytes> {
    const kind = opts.kind ?? 'clipboard';
    const source = this.of(kind).source;
    if (!source) return Promise.reject(new Error(`the ${kind} is empty`));
    if (!source.mimeTypes.includes(mime))
      return Promise.reject(
        new Error(`the ${kind} has no ${mime} (it offers ${source.mimeTypes.join(', ') || 'nothing'})`),
      );
    if (source instanceof HostDataSource) {
      const data = source.get(mime)!;
      if (data instanceof Spool) return Promise.resolve(data.retain());
      return Promise.resolve(
        // Chunks may share one buffer: copy each before asking for the next.
        data instanceof Uint8Array
          ? Buffer.from(data)
          : Buffer.concat(Array.from(data, (b) => Buffer.from(b))),
      );
    }
    const [readEnd, writeEnd] = pipe(true);
    source.send(mime, writeEnd); // takes the write end: the owner gets its duplicate
    this.exo.flush();
    return readBytesAndClose(readEnd, opts);
  }

  /**
   * Makes the host the owner of the selection: `data` maps MIME types to bytes (strings are
   * UTF-8) or to chunk producers (see HostData). The guest's source, if any, is cancelled.
   */
  setHostSelection(
    data: Record<string, HostData> | Map<string, HostData> | Array<[string, HostData]>,
    kind: SelectionKind = 'clipboard',
  ): HostDataSource {
    const entries = data instanceof Map || Array.isArray(data) ? [...data] : Object.entries(data);
    if (entries.length === 0) throw new Error('a selection needs at least one MIME type');
    const source = new HostDataSource(entries);
    source.used = 'selection';
    this.of(kind).set(source, this.exo.nextSerial());
    this.exo.flush();
    return source;
  }

  clearSelection(kind: SelectionKind = 'clipboard'): void {
    this.of(kind).set(null, this.exo.nextSerial());
    this.exo.flush();
  }

  /** Runs `cb` when a selection changes (a guest copied, the host set it, or it was cleared). */
  onSelectionChanged(cb: (kind: SelectionKind) => void): () => void {
    this.listeners.push(cb);
    return () => {
      const i = this.listeners.indexOf(cb);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private of(kind: SelectionKind): Selection {
    return kind === 'primary' ? this.primary : this.clipboard;
  }

  private changed(kind: SelectionKind): void {
    for (const cb of [...this.listeners]) cb(kind);
  }
}
