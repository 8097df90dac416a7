import type { WlSurfaceResource } from '../../../protos/gen/server/wayland.js';
import type { PointerGrab, SeatApi } from '../seat/seat-api.js';
import { Surface, type SurfaceHost } from '../surface/surface.js';
import type { PopupHandle } from './popup.js';
import { WindowManager } from './window-manager.js';
import type { ToplevelHandle, Window } from './window.js';

/**
 * Drives the window manager's policy the way the xdg-shell modules do, with fake surfaces, a
 * fake seat and fake protocol objects that record what would be sent (for the policy tests).
 */

const surfaceHost: SurfaceHost = { damage() {}, wantFrame() {}, destroyed() {} };
export const clientA = { credentials: { pid: 100, uid: 0, gid: 0 } };
export const clientB = { credentials: { pid: 200, uid: 0, gid: 0 } };

export function fakeSurface(client: object = clientA): Surface {
  return new Surface({ client, id: 3 } as unknown as WlSurfaceResource, surfaceHost);
}

export class FakeToplevel implements ToplevelHandle {
  configures = 0;
  closes = 0;
  pings = 0;
  unresponsive = false;
  constructor(readonly surface: Surface) {}
  scheduleConfigure(): void {
    this.configures++;
  }
  sendClose(): void {
    this.closes++;
  }
  ping(): void {
    this.pings++;
  }
}

export class FakePopup implements PopupHandle {
  configures = 0;
  done = 0;
  constructor(readonly surface: Surface) {}
  scheduleConfigure(): void {
    this.configures++;
  }
  sendDone(): void {
    this.done++;
  }
}

export const GRAB_SERIAL = 42;

export class FakeSeat {
  pointerX = 0;
  pointerY = 0;
  buttonsDown = 0;
  get pressX(): number {
    return this.pointerX;
  }
  get pressY(): number {
    return this.pointerY;
  }
  keyboardFocus: Surface | null = null;
  grab: PointerGrab | null = null;
  refreshes = 0;
  setKeyboardFocus(s: Surface | null): void {
    this.keyboardFocus = s;
  }
  refreshPointerFocus(): void {
    this.refreshes++;
  }
  startPointerGrab(g: PointerGrab): void {
    this.grab = g;
  }
  endPointerGrab(g: PointerGrab): void {
    if (this.grab === g) this.grab = null;
  }
  validGrabSerial(_s: Surface, serial: number): boolean {
    return serial === GRAB_SERIAL;
  }
}

export function setup(width = 1000, height = 800) {
  const seat = new FakeSeat();
  const damage: Array<{ x: number; y: number }> = [];
  const output = { width, height };
  const wm = new WindowManager({
    output,
    damageTree: (_s, x, y) => damage.push({ x, y }),
    seat: () => seat as unknown as SeatApi,
  });
  /** Acks the configure the window would get now and commits at the size it asks (or `size`). */
  const commit = (win: Window, size?: { width: number; height: number }) => {
    const c = wm.configureFor(win);
    const w = size?.width ?? (c.width || win.geometry.width);
    const h = size?.height ?? (c.height || win.geometry.height);
    const state = {
      geometry: { x: 0, y: 0, width: w, height: h },
      minSize: win.minSize,
      maxSize: win.maxSize,
    };
    wm.windowCommitted(win, state, c);
  };
  /** A client that maps a window of `width`×`height`, as after the initial configure. */
  const open = (width: number, height: number, client: object = clientA, parent: Window | null = null) => {
    const handle = new FakeToplevel(fakeSurface(client));
    const win = wm.createWindow(handle);
    if (parent) wm.setParent(win, parent);
    commit(win, { width, height });
    wm.mapWindow(win);
    return { win, handle };
  };
  return { wm, seat, damage, output, commit, open };
}
