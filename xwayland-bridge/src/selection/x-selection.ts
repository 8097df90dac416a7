import { setSelectionOwner, type SelectionRequestEvent } from '../../../protos/gen/x11/xproto.js';
import { pipe } from '../../../compositor/src/native/shared-memory.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import type { AtomCache, Atoms } from '../x11/atoms.js';
import type { XConnection } from '../x11/x-connection.js';
import { FdWriter, readAll } from './fd-io.js';
import { mimeForTarget, mimesForTargets, targetForMime, targetsForMimes } from './mime-targets.js';
import type { SelectionHost, SelectionKind, WaylandOffer } from './selection-host.js';
import { IncrAnswer, INCR_CHUNK, notifyRequestor, writeReply } from './x-answer.js';
import { XReadTransfer } from './x-read-transfer.js';
import type { PropertyPool } from './property-pool.js';

const trace = debugEnabled('xsel');
const INTEGER = 19;

const latin1ToUtf8 = (b: Uint8Array): Uint8Array => Buffer.from(Buffer.from(b).toString('latin1'), 'utf8');
const utf8ToLatin1 = (b: Uint8Array): Uint8Array => Buffer.from(Buffer.from(b).toString('utf8'), 'latin1');

/**
 * One X selection (CLIPBOARD or PRIMARY) bridged both ways, with its own X window. When an X
 * client owns it, the Wayland side is offered its targets as MIME types and each paste
 * converts it (ConvertSelection, INCR for large data); when a Wayland client owns it, we own
 * it in X and answer SelectionRequests with data read from the Wayland source.
 */
export class XSelection {
  private offer: WaylandOffer | null = null;
  private weOwn = false;
  private ownedSince = 0;
  /** X-owned data handed to the host (null: the Wayland selection is not X's). */
  private xTargets: string[] | null = null;
  private readonly reads = new Map<number, XReadTransfer>();
  private readonly answers = new Map<string, IncrAnswer>();
  private ownerGeneration = 0;
  private readonly offWatch: () => void;
  private readChain: Promise<void> = Promise.resolve();
  private destroyed = false;

  constructor(
    private readonly c: XConnection,
    private readonly atoms: Atoms,
    private readonly cache: AtomCache,
    private readonly pool: PropertyPool,
    readonly kind: SelectionKind,
    readonly selection: number,
    readonly window: number,
    private readonly host: SelectionHost,
  ) {
    this.offWatch = host.watchSelection(kind, (offer) => this.waylandChanged(offer));
  }

  // --- Wayland → X -------------------------------------------------------------------------

  private waylandChanged(offer: WaylandOffer | null): void {
    if (trace)
      debugLog('xsel', `${this.kind}: Wayland offers ${offer ? offer.mimeTypes.join(', ') : 'nothing'}`);
    this.offer = offer;
    this.xTargets = null;
    if (offer) setSelectionOwner(this.c, { owner: this.window, selection: this.selection, time: 0 });
    else if (this.weOwn) setSelectionOwner(this.c, { owner: 0, selection: this.selection, time: 0 });
    this.c.flush();
  }

  /** XFIXES: the selection's owner changed (to us, to an X client, or to nobody). */
  ownerChanged(owner: number, timestamp: number): void {
    const gen = ++this.ownerGeneration;
    if (owner === this.window) {
      this.weOwn = true;
      this.ownedSince = timestamp;
      return;
    }
    this.weOwn = false;
    if (owner === 0) {
      if (this.xTargets) this.host.setSelection(this.kind, null);
      this.xTargets = null;
      return;
    }
    void this.fetchTargets().then((targets) => {
      if (gen !== this.ownerGeneration || !targets) return;
      this.xTargets = targets;
      const mimeTypes = mimesForTargets(targets);
      if (trace) debugLog('xsel', `${this.kind}: X offers ${targets.join(', ')}`);
      this.host.setSelection(this.kind, {
        mimeTypes,
        send: (mime, fd) => this.sendToWayland(gen, mime, fd),
        cancelled: () => {},
      });
    });
  }

  /** TARGETS of the X owner, as atom names (null if it did not answer). */
  private async fetchTargets(): Promise<string[] | null> {
    const prop = await this.pool.take();
    const [r, w] = pipe(true);
    const writer = new FdWriter(w);
    const got = readAll(r, 5000).catch(() => null);
    const t = new XReadTransfer(
      this.c,
      this.window,
      prop,
      writer,
      (b) => b,
      this.atoms.INCR,
      () => {
        this.reads.delete(prop);
        this.pool.give(prop);
      },
    );
    this.reads.set(prop, t);
    t.start(this.selection, this.atoms.TARGETS);
    this.c.flush();
    const bytes = await got;
    if (!bytes) return null;
    const atoms: number[] = [];
    for (let i = 0; i + 4 <= bytes.length; i += 4) atoms.push(bytes.readUInt32LE(i));
    return Promise.all(atoms.map((a) => this.cache.name(a)));
  }

  /** A Wayland client pastes the X selection: convert it into its pipe. */
  private sendToWayland(gen: number, mime: string, fd: number): void {
    const targets = this.xTargets;
    const target = gen === this.ownerGeneration && targets ? targetForMime(mime, targets) : null;
    const writer = new FdWriter(fd);
    if (!target) return writer.end();
    const convert = target === 'STRING' ? latin1ToUtf8 : (b: Uint8Array) => b;
    this.queueRead(async (done) => {
      const [targetAtom, prop] = await Promise.all([this.cache.atom(target), this.pool.take()]);
      if (this.destroyed || gen !== this.ownerGeneration) {
        // Gone, or another owner took the selection while this paste waited its turn.
        this.pool.give(prop);
        writer.abort();
        return done();
      }
      const t = new XReadTransfer(this.c, this.window, prop, writer, convert, this.atoms.INCR, () => {
        this.reads.delete(prop);
        this.pool.give(prop);
        done();
      });
      this.reads.set(prop, t);
      t.start(this.selection, targetAtom);
      this.c.flush();
    });
  }

  /**
   * Runs data conversions one at a time: owners such as xclip keep one INCR state per
   * requestor window, so two INCR transfers to our window at once (the host snapshotting the
   * clipboard while a client pastes) would stall one of them.
   */
  private queueRead(run: (done: () => void) => Promise<void>): void {
    this.readChain = this.readChain.then(
      () =>
        new Promise<void>((resolve) => {
          run(resolve).catch(() => resolve());
        }),
    );
  }

  /** SelectionNotify to our window: a conversion we asked for is ready. */
  selectionNotify(property: number, target: number): void {
    if (property !== 0) return this.reads.get(property)?.selectionNotify(property);
    // A refusal names no property: it answers the oldest conversion to that target.
    for (const t of this.reads.values()) if (!t.answered && t.target === target) return t.selectionNotify(0);
  }

  /** PropertyNotify: an INCR chunk for us (our window) or a requestor took one (its window). */
  propertyNotify(window: number, atom: number, deleted: boolean): void {
    if (window === this.window) {
      if (!deleted) this.reads.get(atom)?.newValue();
    } else if (deleted) this.answers.get(`${window}:${atom}`)?.deleted();
  }

  // --- X requestors ----------------------------------------------------------------------

  /** An X client asks for our (Wayland) selection in some target. */
  async selectionRequest(e: SelectionRequestEvent): Promise<void> {
    const property = e.property || e.target; // obsolete clients name no property
    const offer = this.offer;
    const a = this.atoms;
    if (!this.weOwn || !offer) return notifyRequestor(this.c, e, 0);
    if (e.target === a.TARGETS) {
      const names = targetsForMimes(offer.mimeTypes);
      const list = [a.TARGETS, a.TIMESTAMP, ...(await Promise.all(names.map((n) => this.cache.atom(n))))];
      writeReply(this.c, e.requestor, property, 4, list);
      return notifyRequestor(this.c, e, property);
    }
    if (e.target === a.TIMESTAMP) {
      writeReply(this.c, e.requestor, property, INTEGER, [this.ownedSince]);
      return notifyRequestor(this.c, e, property);
    }
    const target = await this.cache.name(e.target);
    const mime = mimeForTarget(target, offer.mimeTypes);
    if (!mime) return notifyRequestor(this.c, e, 0);
    const [r, w] = pipe(true);
    offer.receive(mime, w);
    let data: Uint8Array;
    try {
      data = await readAll(r);
    } catch {
      return notifyRequestor(this.c, e, 0);
    }
    if (target === 'STRING') data = utf8ToLatin1(data);
    const type = target === 'TEXT' ? a.UTF8_STRING : e.target;
    if (data.byteLength <= INCR_CHUNK) {
      writeReply(this.c, e.requestor, property, type, data);
      notifyRequestor(this.c, e, property);
    } else {
      const key = `${e.requestor}:${property}`;
      this.answers.get(key)?.finish();
      this.answers.set(
        key,
        new IncrAnswer(this.c, e, property, type, data, a.INCR, () => this.answers.delete(key)),
      );
    }
    this.c.flush();
  }

  destroy(): void {
    this.destroyed = true;
    this.offWatch();
    for (const t of [...this.reads.values()]) t.finish();
    for (const t of [...this.answers.values()]) t.finish();
    if (this.xTargets) this.host.setSelection(this.kind, null);
  }
}
