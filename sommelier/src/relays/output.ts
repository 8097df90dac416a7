import { WlOutputProxy } from '../../../protos/gen/client/wayland.js';
import type { WlOutputResource } from '../../../protos/gen/server/wayland.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';

type Geometry = [number, number, number, number, number, string, string, number];
type Mode = [number, number, number, number];

/**
 * wl_output as the guest sees it: the host output divided by the client's scale. Its position
 * is in guest logical pixels, its scale is the density a guest pixel has on the host (so
 * rendering at it is sharp), and its mode is the guest logical size at that density. Geometry,
 * modes and scale arrive separately and depend on each other, so they are held until the host's
 * `done` and sent again together (version 1 has no `done`, and no scale: sent as they come).
 */
export function bindOutput(s: Session, guest: WlOutputResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, WlOutputProxy, guest.version));
  // From version 2 the client is told the output's scale, and may follow its changes.
  if (guest.version >= 2) s.noteScaleAware();
  let geometry: Geometry | null = null;
  let modes: Mode[] = [];
  let batchModes: Mode[] = [];
  let hostScale = 1;

  const guestMode = (m: Mode): Mode => {
    const k = s.scale.outputScale(hostScale) / (hostScale * s.scale.factor);
    return [m[0], Math.max(1, Math.round(m[1] * k)), Math.max(1, Math.round(m[2] * k)), m[3]];
  };
  const sendGeometry = (geo: Geometry): void => {
    const [x, y, ...rest] = geo;
    guest.sendGeometry(s.scale.toGuest(x), s.scale.toGuest(y), ...rest);
  };
  const sendAll = (): void => {
    if (geometry) sendGeometry(geometry);
    for (const m of modes) guest.sendMode(...guestMode(m));
    if (guest.version >= 2) guest.sendScale(s.scale.outputScale(hostScale));
  };

  guest.setHandler({ release: () => host.release() });
  // The client's scale changed (per-app settings): the same host output, divided anew.
  s.onRescale(
    guest,
    () => {
      sendAll();
      if (guest.version >= 2) guest.sendDone();
    },
    1,
  );
  host.on({
    geometry: (...args) => {
      geometry = args;
      if (guest.version < 2) sendGeometry(args);
    },
    mode: (...args) => {
      if (guest.version < 2) guest.sendMode(...guestMode(args));
      else batchModes.push(args);
    },
    scale: (factor) => {
      hostScale = Math.max(1, factor);
    },
    name: (name) => {
      if (guest.version >= 4) guest.sendName(name);
    },
    description: (description) => {
      if (guest.version >= 4) guest.sendDescription(description);
    },
    done: () => {
      if (batchModes.length > 0) modes = batchModes;
      batchModes = [];
      sendAll();
      guest.sendDone();
    },
  });
}
