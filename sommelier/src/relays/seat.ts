import {
  WlSeatProxy,
  WlSurfaceProxy,
  type WlKeyboardProxy,
  type WlPointerProxy,
  type WlTouchProxy,
} from '../../../protos/gen/client/wayland.js';
import {
  WlSurfaceResource,
  type WlKeyboardResource,
  type WlPointerResource,
  type WlSeatResource,
  type WlTouchResource,
} from '../../../protos/gen/server/wayland.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Session } from '../session/session.js';
import { Scale } from '../session/scale.js';
import { guestSurfaceOf } from '../surface/guest-surface.js';
import { noteGuestPointer } from '../xwayland/guest-pointers.js';
import { setSurfaceScale, surfaceScale } from '../xwayland/x-surface-scale.js';

/**
 * Cursor surfaces are shown at their own size, whatever the app's scale: the pointer is the
 * user's, the same size over every window (24 host logical pixels with the default
 * XCURSOR_SIZE, see launch.ts). They are drawn at the output scale sommelier tells the app,
 * so at scale 2 a 24-pixel cursor comes as 48 pixels at buffer scale 2: sharp, not blown up.
 */
const CURSOR_SCALE = new Scale(1);

function unscaledCursor(cursor: WlSurfaceResource): void {
  const gs = guestSurfaceOf(cursor);
  if (!gs || surfaceScale(gs) === CURSOR_SCALE) return;
  setSurfaceScale(gs, CURSOR_SCALE);
  // Committed before it became the cursor: shown again at its own size.
  if (gs.buffer) gs.recommitTree();
}

/**
 * wl_seat and its devices. Serials pass unchanged (each guest client has its own host
 * connection, so host serials mean the same thing to it); surface-local coordinates of pointer
 * and touch events are divided by the scale the surface has on the host now (just after a scale
 * change, the old one until the surface is committed at the new one). Cursors are not scaled.
 */
export function bindSeat(s: Session, guest: WlSeatResource, g: HostGlobal): void {
  const host = s.link(guest, s.bindHost(g.name, WlSeatProxy, guest.version));
  guest.setHandler({
    getPointer: (_r, id) => relayPointer(s, id, host.getPointer()),
    getKeyboard: (_r, id) => relayKeyboard(s, id, host.getKeyboard()),
    getTouch: (_r, id) => relayTouch(s, id, host.getTouch()),
    release: () => host.release(),
  });
  host.on({
    capabilities: (caps) => guest.sendCapabilities(caps),
    name: (name) => {
      if (guest.version >= 2) guest.sendName(name);
    },
  });
}

function relayPointer(s: Session, guest: WlPointerResource, host: WlPointerProxy): void {
  s.link(guest, host);
  noteGuestPointer(s, guest);
  const sc = s.scale;
  const surface = (p: WlSurfaceProxy | null): WlSurfaceResource | null => s.guestOf(p, WlSurfaceResource);
  let focus: WlSurfaceResource | null = null;
  const k = (): number => (focus && guestSurfaceOf(focus)?.appliedFactor) || sc.factor;
  guest.setHandler({
    setCursor: (_r, serial, cursor, hx, hy) => {
      if (cursor) unscaledCursor(cursor);
      host.setCursor(serial, s.hostOfOrNull(cursor, WlSurfaceProxy), hx, hy);
    },
    release: () => host.release(),
  });
  host.on({
    enter: (serial, p, x, y) => {
      const sf = (focus = surface(p));
      if (sf) guest.sendEnter(serial, sf, x / k(), y / k());
    },
    leave: (serial, p) => {
      const sf = surface(p);
      focus = null;
      if (sf) guest.sendLeave(serial, sf);
    },
    motion: (time, x, y) => guest.sendMotion(time, x / k(), y / k()),
    button: (serial, time, button, state) => guest.sendButton(serial, time, button, state),
    // Scroll distances are in surface coordinates too; discrete steps and value120 are not.
    axis: (time, axis, value) => guest.sendAxis(time, axis, value / k()),
    frame: () => guest.version >= 5 && guest.sendFrame(),
    axisSource: (src) => guest.version >= 5 && guest.sendAxisSource(src),
    axisStop: (time, axis) => guest.version >= 5 && guest.sendAxisStop(time, axis),
    axisDiscrete: (axis, d) => guest.version >= 5 && guest.sendAxisDiscrete(axis, d),
    axisValue120: (axis, v) => guest.version >= 8 && guest.sendAxisValue120(axis, v),
  });
}

function relayKeyboard(s: Session, guest: WlKeyboardResource, host: WlKeyboardProxy): void {
  s.link(guest, host);
  const surface = (p: WlSurfaceProxy | null): WlSurfaceResource | null => s.guestOf(p, WlSurfaceResource);
  guest.setHandler({ release: () => host.release() });
  host.on({
    keymap: (format, fd, size) => {
      try {
        guest.sendKeymap(format, fd, size);
      } finally {
        closeFd(fd);
      }
    },
    enter: (serial, p, keys) => {
      const sf = surface(p);
      if (sf) guest.sendEnter(serial, sf, keys);
    },
    leave: (serial, p) => {
      const sf = surface(p);
      if (sf) guest.sendLeave(serial, sf);
    },
    key: (serial, time, key, state) => guest.sendKey(serial, time, key, state),
    modifiers: (serial, dep, lat, lock, group) => guest.sendModifiers(serial, dep, lat, lock, group),
    repeatInfo: (rate, delay) => guest.version >= 4 && guest.sendRepeatInfo(rate, delay),
  });
}

function relayTouch(s: Session, guest: WlTouchResource, host: WlTouchProxy): void {
  s.link(guest, host);
  const sc = s.scale;
  // Each touch point is divided by the scale of the surface it went down on.
  const points = new Map<number, number>();
  guest.setHandler({ release: () => host.release() });
  host.on({
    down: (serial, time, p, id, x, y) => {
      const sf = s.guestOf(p, WlSurfaceResource);
      if (!sf) return;
      const f = guestSurfaceOf(sf)?.appliedFactor ?? sc.factor;
      points.set(id, f);
      guest.sendDown(serial, time, sf, id, x / f, y / f);
    },
    up: (serial, time, id) => {
      points.delete(id);
      guest.sendUp(serial, time, id);
    },
    motion: (time, id, x, y) => {
      const f = points.get(id) ?? sc.factor;
      guest.sendMotion(time, id, x / f, y / f);
    },
    frame: () => guest.sendFrame(),
    cancel: () => {
      points.clear();
      guest.sendCancel();
    },
    shape: (id, major, minor) =>
      guest.version >= 6 && guest.sendShape(id, sc.fixedToGuest(major), sc.fixedToGuest(minor)),
    orientation: (id, o) => guest.version >= 6 && guest.sendOrientation(id, o),
  });
}
