import type { Payload } from '../data-device/fd-transfer.js';
import type { Selections, SelectionKind } from '../data-device/selections.js';
import { sameBytes, Spool, type Bytes } from '../data-device/spool.js';
import { Utf8Checker } from './charset.js';
import { findOffer, guestOffers, type GuestOffers } from './host-offers.js';
import {
  importGuestSelection,
  importHostItems,
  releaseAll,
  type DroppedType,
  type HostItems,
} from './import.js';
import { typeInfo } from './mime.js';
import type { PathMapper } from './uri-list.js';

/**
 * The host clipboard (or primary selection): what the host side holds, as the host set (one
 * representation per kind of data, see mime.ts), whoever put it there.
 *
 * - The host (the browser page on a paste, or PUT /api/clipboard) sets it with `set` or
 *   `pasteGesture`; it becomes exo's own selection, offered to the guest client with keyboard
 *   focus in every type that client may ask for (host-offers.ts).
 * - A guest client that sets the selection has it read at once, bounded in size and time, and
 *   the result kept here (`onChange` tells the page, which writes it to the browser clipboard).
 *
 * Data past `spoolAbove` bytes is kept in a spool file, not in memory (see spool.ts): this
 * object holds one reference to each spool of its current state, and releases it when the
 * state changes (a paste or GET still under way holds its own).
 *
 * The guest can read host data only through exo's selection, which only the focused client is
 * offered; and the host sets it only on a user's paste (or the automation API standing for one).
 */

export type ClipboardOwner = 'guest' | 'host' | 'none';

export interface ClipboardItem {
  mime: string;
  /** A spool given here becomes the clipboard's (see `set`). */
  bytes: Bytes;
}

export interface ClipboardSnapshot {
  readonly kind: SelectionKind;
  readonly owner: ClipboardOwner;
  /** The host set: host type (text/plain;charset=utf-8, text/html, ...) → bytes. */
  readonly items: ReadonlyMap<string, Bytes>;
  /** Types the guest offered (owner guest) or that exo offers the guest (owner host). */
  readonly offered: readonly string[];
  /** Types that could not be taken or offered, with why. */
  readonly dropped: readonly DroppedType[];
  /** Increases with every change. */
  readonly version: number;
  /** How long reading the guest's selection took (ms), once read. */
  readonly readMs?: number;
}

export interface HostClipboardOptions {
  /** Largest representation read from a guest into memory (bytes). */
  maxBytes: number;
  /** A guest's representation larger than this goes to a spool file (default: never). */
  spoolAbove?: number;
  /** Largest representation read from a guest into a spool file (bytes). */
  maxSpoolBytes?: number;
  /** Time for reading a guest's whole selection (ms). */
  timeoutMs: number;
  pathMapper(): PathMapper;
  log(message: string): void;
}

/** Nothing given could be taken; `unsupported` when no given type is one the clipboard takes. */
export class ClipboardError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

export class HostClipboard {
  private state: ClipboardSnapshot;
  private offers: GuestOffers = { offers: [], notes: [] };
  /** What the host last set, as imported (re-offered by a paste gesture). */
  private hostItems: HostItems | null = null;
  private pending: Promise<void> | null = null;
  private reading: AbortController | null = null;
  /** Set while exo installs its own selection, whose change notice is not a guest's. */
  private settingHost = false;
  private readonly listeners: Array<(s: ClipboardSnapshot) => void> = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly selections: Selections,
    readonly kind: SelectionKind,
    private readonly opts: HostClipboardOptions,
  ) {
    this.state = { kind, owner: 'none', items: new Map(), offered: [], dropped: [], version: 0 };
    this.unsubscribe = selections.onSelectionChanged((k) => {
      if (k === kind && !this.settingHost) this.selectionChanged();
    });
  }

  /** The state now; a guest's selection may still be being read (see `settled`). */
  get current(): ClipboardSnapshot {
    return this.state;
  }

  /** The state once the guest's selection, if one is being read, has been read. */
  async settled(): Promise<ClipboardSnapshot> {
    while (this.pending) await this.pending;
    return this.state;
  }

  /**
   * Makes `items` the host clipboard and offers it to the focused guest client (this is a
   * paste gesture). Representations that cannot be taken are dropped (see the snapshot);
   * throws ClipboardError when none can. Spools among `items` become the clipboard's.
   */
  async set(items: readonly ClipboardItem[]): Promise<ClipboardSnapshot> {
    const host = await importHostItems(items);
    if (host.items.size === 0)
      throw new ClipboardError(
        host.dropped.map((d) => `${d.mime}: ${d.error}`).join('; ') ||
          'there is nothing to put on the clipboard',
        items.length > 0 && items.every((i) => typeInfo(i.mime) === null),
      );
    this.offerHost(host);
    return this.state;
  }

  /**
   * The user pasted into a guest window: offers the host clipboard to the focused guest client
   * again (with `items`, the browser clipboard's contents, it first becomes that). Call it
   * before forwarding the paste keystroke, so the client has the offer when the key arrives.
   * When `items` are what the guest itself copied, the guest's selection (with its own richer
   * types) is left in place.
   */
  async pasteGesture(items?: readonly ClipboardItem[]): Promise<ClipboardSnapshot> {
    if (items && items.length > 0) {
      const host = await importHostItems(items);
      await this.settled();
      if (
        host.items.size === 0 ||
        (this.state.owner === 'guest' && sameItems(host.items, this.state.items))
      ) {
        releaseAll(host);
        return this.state;
      }
      this.offerHost(host);
    } else if (this.state.owner === 'host' && this.hostItems) {
      this.offerHost(this.hostItems);
    }
    return this.state;
  }

  /** Empties the host clipboard (and exo's selection, whoever owned it). */
  clear(): void {
    this.selections.clearSelection(this.kind); // the change notice resets the state
  }

  /**
   * The data for one type: a host-set type, or any type exo offers guests for it (UTF-16,
   * UTF8_STRING...). Null when there is none.
   */
  payload(mime: string): { mime: string; data: Payload } | null {
    const direct = this.state.items.get(mime);
    if (direct) return { mime, data: direct };
    const offers =
      this.state.owner === 'host' ? this.offers : guestOffers(this.state.items, this.opts.pathMapper());
    const hit = findOffer(offers.offers, mime);
    if (!hit) return null;
    const [name, d] = hit;
    return { mime: name, data: typeof d === 'function' ? d() : typeof d === 'string' ? Buffer.from(d) : d };
  }

  /** Runs `cb` after every change: a guest's selection read, a host set, a clear. */
  onChange(cb: (s: ClipboardSnapshot) => void): () => void {
    this.listeners.push(cb);
    return () => {
      const i = this.listeners.indexOf(cb);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  destroy(): void {
    this.unsubscribe();
    this.stopReading();
    this.listeners.length = 0;
    releaseSpools(this.state.items, new Map());
  }

  private offerHost(host: HostItems): void {
    this.stopReading();
    this.hostItems = host;
    this.offers = guestOffers(host.items, this.opts.pathMapper());
    this.settingHost = true;
    try {
      if (this.offers.offers.length > 0) this.selections.setHostSelection(this.offers.offers, this.kind);
      else this.selections.clearSelection(this.kind); // nothing the guest may see (unshared files)
    } finally {
      this.settingHost = false;
    }
    const dropped = [...host.dropped, ...this.offers.notes.map((n) => ({ mime: 'text/uri-list', error: n }))];
    this.update(
      'host',
      host.items,
      this.offers.offers.map(([m]) => m),
      dropped,
    );
  }

  private selectionChanged(): void {
    this.stopReading();
    this.hostItems = null;
    this.offers = { offers: [], notes: [] };
    const owner = this.selections.owner(this.kind);
    if (owner === 'none') {
      this.update('none', new Map(), [], []);
      return;
    }
    // A guest client's selection (or a host one set past this object): read it now.
    const offered = this.selections.mimeTypes(this.kind);
    const who: ClipboardOwner = owner === 'client' ? 'guest' : 'host';
    releaseSpools(this.state.items, new Map());
    this.state = { ...this.state, owner: who, items: new Map(), offered, dropped: [] };
    const reading = new AbortController();
    this.reading = reading;
    const { maxBytes, timeoutMs, spoolAbove, maxSpoolBytes } = this.opts;
    const reader = {
      read: async (mime: string, left: number) => {
        // Text is checked as UTF-8 while it is read, so a spool need not be read back for it.
        let utf8: Utf8Checker | null = new Utf8Checker();
        const bytes = await this.selections.readSelectionBytes(mime, {
          kind: this.kind,
          maxBytes,
          spoolAbove,
          maxSpoolBytes,
          timeoutMs: left,
          signal: reading.signal,
          inspect: (chunk) => {
            try {
              utf8?.push(chunk);
            } catch {
              utf8 = null;
            }
          },
        });
        if (bytes instanceof Spool) bytes.utf8 = utf8 !== null && endsWhole(utf8);
        return bytes;
      },
      guestToHost: (p: string) => this.opts.pathMapper().toHost(p),
    };
    const start = performance.now();
    this.pending = importGuestSelection(offered, reader, timeoutMs, reading.signal)
      .then((r) => {
        if (reading.signal.aborted) return void releaseAll(r);
        for (const d of r.dropped)
          this.opts.log(`the ${this.kind} from the guest: dropped ${d.mime}: ${d.error}`);
        this.update(who, r.items, offered, r.dropped, performance.now() - start);
      })
      .catch((e: unknown) => this.opts.log(`reading the ${this.kind} failed: ${(e as Error).message}`))
      .finally(() => {
        if (this.reading === reading) {
          this.reading = null;
          this.pending = null;
        }
      });
  }

  private stopReading(): void {
    this.reading?.abort();
    this.reading = null;
    this.pending = null;
  }

  private update(
    owner: ClipboardOwner,
    items: ReadonlyMap<string, Bytes>,
    offered: readonly string[],
    dropped: readonly DroppedType[],
    readMs?: number,
  ): void {
    releaseSpools(this.state.items, items);
    this.state = { kind: this.kind, owner, items, offered, dropped, version: this.state.version + 1, readMs };
    for (const cb of [...this.listeners]) cb(this.state);
  }
}

function sameItems(a: ReadonlyMap<string, Bytes>, b: ReadonlyMap<string, Bytes>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || !sameBytes(v, w)) return false;
  }
  return true;
}

/** Whether checked text ends on a whole character. */
function endsWhole(c: Utf8Checker): boolean {
  try {
    c.end();
    return true;
  } catch {
    return false;
  }
}

/** Releases the spools of `old` that `next` does not keep. */
function releaseSpools(old: ReadonlyMap<string, Bytes>, next: ReadonlyMap<string, Bytes>): void {
  const kept = new Set(next.values());
  for (const b of old.values()) if (b instanceof Spool && !kept.has(b)) b.release();
}
