import {
  WlDataDeviceManagerProxy,
  WlDataSourceProxy,
  WlSeatProxy,
  WlSurfaceProxy,
  type WlDataDeviceProxy,
  type WlDataOfferProxy,
} from '../../../protos/gen/client/wayland.js';
import {
  WlDataOfferResource,
  WlSurfaceResource,
  type WlDataDeviceManagerResource,
  type WlDataDeviceResource,
  type WlDataSourceResource,
} from '../../../protos/gen/server/wayland.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';

/**
 * wl_data_device_manager (clipboard and drag-and-drop). Data itself never passes through
 * sommelier: the pipe fds of receive/send go straight to the other side. Drag coordinates are
 * surface-local, so they are divided by the client's scale.
 */
export function bindDataDeviceManager(s: Session, guest: WlDataDeviceManagerResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, WlDataDeviceManagerProxy, guest.version));
  guest.setHandler({
    createDataSource: (_r, id) => relaySource(s, id, host.createDataSource()),
    getDataDevice: (_r, id, seat) => relayDevice(s, id, host.getDataDevice(s.hostOf(seat, WlSeatProxy))),
  });
}

function relaySource(s: Session, guest: WlDataSourceResource, host: WlDataSourceProxy): void {
  s.link(guest, host);
  guest.setHandler({
    offer: (_r, mime) => host.offer(mime),
    destroy: () => host.destroy(),
    setActions: (_r, actions) => host.setActions(actions),
  });
  host.on({
    target: (mime) => guest.sendTarget(mime),
    send: (mime, fd) => {
      try {
        guest.sendSend(mime, fd);
      } finally {
        closeFd(fd);
      }
    },
    cancelled: () => guest.sendCancelled(),
    dndDropPerformed: () => guest.version >= 3 && guest.sendDndDropPerformed(),
    dndFinished: () => guest.version >= 3 && guest.sendDndFinished(),
    action: (a) => guest.version >= 3 && guest.sendAction(a),
  });
}

function relayDevice(s: Session, guest: WlDataDeviceResource, host: WlDataDeviceProxy): void {
  s.link(guest, host);
  const sc = s.scale;
  const offer = (p: WlDataOfferProxy | null): WlDataOfferResource | null => s.guestOf(p, WlDataOfferResource);
  guest.setHandler({
    startDrag: (_r, source, origin, icon, serial) =>
      host.startDrag(
        s.hostOfOrNull(source, WlDataSourceProxy),
        s.hostOf(origin, WlSurfaceProxy),
        s.hostOfOrNull(icon, WlSurfaceProxy),
        serial,
      ),
    setSelection: (_r, source, serial) =>
      host.setSelection(s.hostOfOrNull(source, WlDataSourceProxy), serial),
    release: () => host.release(),
  });
  host.on({
    dataOffer: (hostOffer) => relayOffer(s, guest.sendDataOffer(), hostOffer),
    enter: (serial, surface, x, y, o) => {
      const sf = s.guestOf(surface, WlSurfaceResource);
      if (sf) guest.sendEnter(serial, sf, sc.fixedToGuest(x), sc.fixedToGuest(y), offer(o));
    },
    leave: () => guest.sendLeave(),
    motion: (time, x, y) => guest.sendMotion(time, sc.fixedToGuest(x), sc.fixedToGuest(y)),
    drop: () => guest.sendDrop(),
    selection: (o) => guest.sendSelection(offer(o)),
  });
}

function relayOffer(s: Session, guest: WlDataOfferResource, host: WlDataOfferProxy): void {
  s.link(guest, host);
  guest.setHandler({
    accept: (_r, serial, mime) => host.accept(serial, mime),
    receive: (_r, mime, fd) => {
      try {
        host.receive(mime, fd);
      } finally {
        closeFd(fd);
      }
    },
    destroy: () => host.destroy(),
    finish: () => host.finish(),
    setActions: (_r, actions, preferred) => host.setActions(actions, preferred),
  });
  host.on({
    offer: (mime) => guest.sendOffer(mime),
    sourceActions: (a) => guest.version >= 3 && guest.sendSourceActions(a),
    action: (a) => guest.version >= 3 && guest.sendAction(a),
  });
}
