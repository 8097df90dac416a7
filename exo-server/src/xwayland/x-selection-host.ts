import type { Client } from '../../../compositor/src/server/client.js';
import type {
  SelectionHost,
  SelectionKind,
  WaylandOffer,
  XSelectionSource,
} from '../../../xwayland-bridge/src/selection/selection-host.js';
import { ServedDataSource, type DataSource } from '../data-device/data-source.js';
import { selectionsOf } from '../data-device/selections.js';
import type { Exo } from '../exo.js';

/** An X selection as exo's data device sees it: a source owned by the Xwayland client. */
class XDataSource extends ServedDataSource {
  readonly dndActions = 0;

  constructor(
    client: Client | null,
    private readonly x: XSelectionSource,
    private readonly flush: () => void,
  ) {
    super(client, 'selection');
  }

  get mimeTypes(): readonly string[] {
    return this.x.mimeTypes;
  }

  send(mime: string, fd: number): void {
    this.x.send(mime, fd);
  }

  cancel(): void {
    if (this.destroyed) return;
    this.x.cancelled();
    this.destroy();
  }

  protected override released(): void {
    this.flush();
  }
}

/**
 * Exo's side of the X selection seam: X selections become data sources of exo's clipboard and
 * primary selection; exo's selections are offered to X. Xwayland is a local client of exo
 * here, so X apps read the clipboard like any X client does (under sommelier, the guest's
 * Xwayland only sees it while one of its windows has focus).
 */
export class ExoXSelectionHost implements SelectionHost {
  private readonly ours = new Map<SelectionKind, XDataSource>();

  constructor(
    private readonly exo: Exo,
    private readonly xwaylandClient: () => Client | null,
  ) {}

  private selection(kind: SelectionKind) {
    const s = selectionsOf(this.exo);
    return kind === 'primary' ? s.primary : s.clipboard;
  }

  setSelection(kind: SelectionKind, source: XSelectionSource | null): void {
    const sel = this.selection(kind);
    if (!source) {
      const mine = this.ours.get(kind);
      if (mine && sel.source === mine) sel.set(null, this.exo.nextSerial());
      this.ours.delete(kind);
    } else {
      const ds = new XDataSource(this.xwaylandClient(), source, () => this.exo.flush());
      this.ours.set(kind, ds);
      sel.set(ds, this.exo.nextSerial());
    }
    this.exo.flush();
  }

  watchSelection(kind: SelectionKind, cb: (offer: WaylandOffer | null) => void): () => void {
    const report = (): void => {
      const src = this.selection(kind).source;
      if (src && src === this.ours.get(kind)) return; // X's own selection coming back
      cb(src ? this.offer(src) : null);
    };
    const off = selectionsOf(this.exo).onSelectionChanged((k) => {
      if (k === kind) report();
    });
    report();
    return off;
  }

  private offer(src: DataSource): WaylandOffer {
    return {
      mimeTypes: [...src.mimeTypes],
      receive: (mime, fd) => {
        src.send(mime, fd);
        this.exo.flush();
      },
    };
  }
}
