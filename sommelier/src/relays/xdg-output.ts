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
  host.on({
    logicalPosition: (x, y) => guest.sendLogicalPosition(s.scale.toGuest(x), s.scale.toGuest(y)),
    logicalSize: (w, h) => guest.sendLogicalSize(s.scale.sizeToGuest(w), s.scale.sizeToGuest(h)),
    done: () => guest.sendDone(),
    name: (name) => {
      if (guest.version >= 2) guest.sendName(name);
    },
    description: (d) => {
      if (guest.version >= 2) guest.sendDescription(d);
    },
  });
}
