import {
  decodeXfixesEvent,
  queryVersion,
  selectSelectionInput,
  SelectionEventMask,
  XFIXES,
} from '../../../protos/gen/x11/xfixes.js';
import { createWindow, EventMask, WindowClass, type XprotoEvent } from '../../../protos/gen/x11/xproto.js';
import { AtomCache } from '../x11/atoms.js';
import type { XReader } from '../x11/x-codec.js';
import type { Xwm } from '../xwm/xwm.js';
import { PropertyPool } from './property-pool.js';
import type { SelectionHost, SelectionKind } from './selection-host.js';
import { XSelection } from './x-selection.js';

const PRIMARY = 1;
const PROPERTY_DELETE = 1;

/**
 * X selections ⇄ the Wayland clipboard and primary selection: one XSelection per selection,
 * each with its own window; XFIXES tells us when X owners change. Receives the X events the
 * window manager does not handle itself.
 */
export class SelectionBridge {
  private constructor(
    private readonly selections: XSelection[],
    private readonly xfixesEvent: number,
  ) {}

  static async start(xwm: Xwm, host: SelectionHost): Promise<SelectionBridge | null> {
    const c = xwm.c;
    const ext = c.extension(XFIXES) ?? (await c.initExtension(XFIXES));
    if (!ext) {
      process.stderr.write('xwayland-bridge: Xwayland has no XFIXES: X selections stay in X\n');
      return null;
    }
    // Not awaited: requests run in order, so the version is set before the selections below.
    queryVersion(c, { clientMajorVersion: 5, clientMinorVersion: 0 }).catch(() => {});
    const cache = new AtomCache(c);
    const pool = new PropertyPool(cache);
    const kinds: Array<[SelectionKind, number]> = [
      ['clipboard', xwm.atoms.CLIPBOARD],
      ['primary', PRIMARY],
    ];
    const selections = kinds.map(([kind, atom]) => {
      const window = c.generateId();
      createWindow(c, {
        depth: 0,
        wid: window,
        parent: xwm.id.root,
        x: -10,
        y: -10,
        width: 1,
        height: 1,
        borderWidth: 0,
        class: WindowClass.InputOnly,
        visual: 0,
        valueList: { eventMask: EventMask.PropertyChange },
      });
      selectSelectionInput(c, {
        window,
        selection: atom,
        eventMask:
          SelectionEventMask.SetSelectionOwner |
          SelectionEventMask.SelectionWindowDestroy |
          SelectionEventMask.SelectionClientClose,
      });
      return new XSelection(c, xwm.atoms, cache, pool, kind, atom, window, host);
    });
    const bridge = new SelectionBridge(selections, ext.firstEvent);
    xwm.onExtraEvent = (code, r, e) => bridge.event(code, r, e);
    return bridge;
  }

  private event(code: number, r: XReader, e: XprotoEvent | null): void {
    if (code === this.xfixesEvent) {
      const x = decodeXfixesEvent(0, r);
      if (x?.kind === 'SelectionNotify')
        this.selections.find((s) => s.selection === x.selection)?.ownerChanged(x.owner, x.selectionTimestamp);
      return;
    }
    switch (e?.kind) {
      case 'SelectionRequest':
        void this.selections.find((s) => s.selection === e.selection)?.selectionRequest(e);
        return;
      case 'SelectionNotify':
        this.selections.find((s) => s.window === e.requestor)?.selectionNotify(e.property, e.target);
        return;
      case 'PropertyNotify':
        for (const s of this.selections) s.propertyNotify(e.window, e.atom, e.state === PROPERTY_DELETE);
        return;
    }
  }

  destroy(): void {
    for (const s of this.selections) s.destroy();
  }
}
