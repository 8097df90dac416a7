import { WlSeatProxy } from '../../../protos/gen/client/wayland.js';
import {
  ZwpPrimarySelectionDeviceManagerV1Proxy,
  ZwpPrimarySelectionSourceV1Proxy,
  type ZwpPrimarySelectionDeviceV1Proxy,
  type ZwpPrimarySelectionOfferV1Proxy,
} from '../../../protos/gen/client/primary-selection-unstable-v1.js';
import {
  ZwpPrimarySelectionOfferV1Resource,
  type ZwpPrimarySelectionDeviceManagerV1Resource,
  type ZwpPrimarySelectionDeviceV1Resource,
  type ZwpPrimarySelectionSourceV1Resource,
} from '../../../protos/gen/server/primary-selection-unstable-v1.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';

/** zwp_primary_selection_device_manager_v1 (middle-click paste): like the clipboard, pipes pass through. */
export function bindPrimarySelectionManager(
  s: Session,
  guest: ZwpPrimarySelectionDeviceManagerV1Resource,
  g: HostGlobal,
): void {
  const host = s.link(guest, s.bindHost(g.name, ZwpPrimarySelectionDeviceManagerV1Proxy, guest.version));
  guest.setHandler({
    createSource: (_r, id) => relaySource(s, id, host.createSource()),
    getDevice: (_r, id, seat) => relayDevice(s, id, host.getDevice(s.hostOf(seat, WlSeatProxy))),
    destroy: () => host.destroy(),
  });
}

function relaySource(
  s: Session,
  guest: ZwpPrimarySelectionSourceV1Resource,
  host: ZwpPrimarySelectionSourceV1Proxy,
): void {
  s.link(guest, host);
  guest.setHandler({
    offer: (_r, mime) => host.offer(mime),
    destroy: () => host.destroy(),
  });
  host.on({
    send: (mime, fd) => {
      try {
        guest.sendSend(mime, fd);
      } finally {
        closeFd(fd);
      }
    },
    cancelled: () => guest.sendCancelled(),
  });
}

function relayDevice(
  s: Session,
  guest: ZwpPrimarySelectionDeviceV1Resource,
  host: ZwpPrimarySelectionDeviceV1Proxy,
): void {
  s.link(guest, host);
  guest.setHandler({
    setSelection: (_r, source, serial) =>
      host.setSelection(s.hostOfOrNull(source, ZwpPrimarySelectionSourceV1Proxy), serial),
    destroy: () => host.destroy(),
  });
  host.on({
    dataOffer: (hostOffer) => relayOffer(s, guest.sendDataOffer(), hostOffer),
    selection: (o) => guest.sendSelection(s.guestOf(o, ZwpPrimarySelectionOfferV1Resource)),
  });
}

function relayOffer(
  s: Session,
  guest: ZwpPrimarySelectionOfferV1Resource,
  host: ZwpPrimarySelectionOfferV1Proxy,
): void {
  s.link(guest, host);
  guest.setHandler({
    receive: (_r, mime, fd) => {
      try {
        host.receive(mime, fd);
      } finally {
        closeFd(fd);
      }
    },
    destroy: () => host.destroy(),
  });
  host.on({ offer: (mime) => guest.sendOffer(mime) });
}
