import { setU32s, PROP_TYPES } from './xwm-setup.js';
import type { XConnection } from '../x11/x-connection.js';
import type { WmIdentity } from './xwm-setup.js';

/**
 * The root window's EWMH lists: _NET_CLIENT_LIST (managed windows in the order they were
 * mapped), _NET_CLIENT_LIST_STACKING (bottom to top) and _NET_ACTIVE_WINDOW, as wmctrl and
 * xdotool read them.
 */
export class ClientList {
  private mapped: number[] = [];
  private stacking: number[] = [];
  private active = 0;

  constructor(
    private readonly c: XConnection,
    private readonly id: WmIdentity,
  ) {}

  get activeWindow(): number {
    return this.active;
  }

  add(window: number): void {
    if (this.mapped.includes(window)) return;
    this.mapped.push(window);
    this.stacking.push(window);
    this.publish();
  }

  remove(window: number): void {
    if (!this.mapped.includes(window)) return;
    this.mapped = this.mapped.filter((w) => w !== window);
    this.stacking = this.stacking.filter((w) => w !== window);
    if (this.active === window) this.setActive(0);
    this.publish();
  }

  raise(window: number): void {
    if (!this.stacking.includes(window)) return;
    this.stacking = [...this.stacking.filter((w) => w !== window), window];
    this.publish();
  }

  setActive(window: number): void {
    if (this.active === window) return;
    this.active = window;
    setU32s(this.c, this.id.root, this.id.atoms._NET_ACTIVE_WINDOW, PROP_TYPES.WINDOW, [window]);
  }

  private publish(): void {
    const a = this.id.atoms;
    setU32s(this.c, this.id.root, a._NET_CLIENT_LIST, PROP_TYPES.WINDOW, this.mapped);
    setU32s(this.c, this.id.root, a._NET_CLIENT_LIST_STACKING, PROP_TYPES.WINDOW, this.stacking);
  }
}
