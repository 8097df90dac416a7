import { WlOutputProxy } from '../../../protos/gen/client/wayland.js';
import {
  ZxdgOutputManagerV1Proxy,
  type ZxdgOutputV1Proxy,
} from '../../../protos/gen/client/xdg-output-unstable-v1.js';
import type {
  ZxdgOutputManagerV1Resource,
  ZxdgOutputV1Resource,
} from '../../../protos/gen/server/xdg-output-unstable-v1.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';

/** zxdg_output_manager_v1: the logical position and size of outputs, divided by the client's scale. */
export function bindXdgOutputManager(s: Session, guest: ZxdgOutputManagerV1Resource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, ZxdgOutputManagerV1Proxy, guest.version));
  guest.setHandler({
    destroy: () => host.destroy(),
    getXdgOutput: (_r, id, output) =>
      relayXdgOutput(s, id, host.getXdgOutput(s.hostOf(output, WlOutputProxy))),
  });
}

function relayXdgOutput(s: Session, guest: ZxdgOutputV1Resource, host: ZxdgOutputV1Proxy): void {
  s.link(guest, host);
  guest.setHandler({ destroy: () => host.destroy() });
  let position: [number, number] | null = null;
  let size: [number, number] | null = null;
  const sendPosition = ([x, y]: [number, number]): void =>
    guest.sendLogicalPosition(s.scale.toGuest(x), s.scale.toGuest(y));
  const sendSize = ([w, h]: [number, number]): void =>
    guest.sendLogicalSize(s.scale.sizeToGuest(w), s.scale.sizeToGuest(h));
  // The client's scale changed: sent before wl_output's `done`, which applies them (version 3+).
  s.onRescale(guest, () => {
    if (position) sendPosition(position);
    if (size) sendSize(size);
    if (guest.version < 3) guest.sendDone();
  });
  host.on({
    logicalPosition: (x, y) => sendPosition((position = [x, y])),
    logicalSize: (w, h) => sendSize((size = [w, h])),
    done: () => guest.sendDone(),
    name: (name) => {
      if (guest.version >= 2) guest.sendName(name);
    },
    description: (d) => {
      if (guest.version >= 2) guest.sendDescription(d);
    },
  });
}
