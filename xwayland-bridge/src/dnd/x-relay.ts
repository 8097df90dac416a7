import { readProperty, u32s } from '../x11/properties.js';
import type { XConnection } from '../x11/x-connection.js';
import { sendXdnd, type XdndAtoms } from './xdnd.js';

/** An X window under an X drag at the proxy, told XDND messages by us on the source's behalf. */
export interface Relay {
  window: number;
  /** Where its messages go (its XdndProxy, else itself). */
  to: number;
  /** Its XDND version; 0 when it is not XdndAware. */
  version: number;
  entered: boolean;
}

/** XdndAware (and XdndProxy) of an X window under the drag, read once per drag (`seen`). */
export function relayFor(
  c: XConnection,
  a: XdndAtoms,
  seen: Map<number, Promise<Relay>>,
  window: number,
): Promise<Relay> {
  let r = seen.get(window);
  if (!r) {
    r = Promise.all([readProperty(c, window, a.XdndAware), readProperty(c, window, a.XdndProxy)]).then(
      ([aware, proxy]) => ({
        window,
        to: u32s(proxy)[0] ?? window,
        version: aware.format === 32 ? (u32s(aware)[0] ?? 0) : 0,
        entered: false,
      }),
      () => ({ window, to: window, version: 0, entered: false }),
    );
    seen.set(window, r);
  }
  return r;
}

/** XdndEnter from `from` (the proxy, standing in for the source) with the source's types. */
export function relayEnter(
  c: XConnection,
  a: XdndAtoms,
  from: number,
  version: number,
  types: readonly number[],
  r: Relay,
): void {
  const v = Math.min(version, r.version);
  const flags = ((v << 24) | (types.length > 3 ? 1 : 0)) >>> 0;
  sendXdnd(c, r.window, a.XdndEnter, [from, flags, types[0] ?? 0, types[1] ?? 0, types[2] ?? 0], r.to);
  r.entered = true;
}
