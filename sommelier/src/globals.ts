import { WpFractionalScaleManagerV1Resource } from '../../protos/gen/server/fractional-scale-v1.js';
import { WpPresentationResource } from '../../protos/gen/server/presentation-time.js';
import { ZwpPrimarySelectionDeviceManagerV1Resource } from '../../protos/gen/server/primary-selection-unstable-v1.js';
import { WpViewporterResource } from '../../protos/gen/server/viewporter.js';
import {
  WlCompositorResource,
  WlDataDeviceManagerResource,
  WlOutputResource,
  WlSeatResource,
  WlShmResource,
  WlSubcompositorResource,
} from '../../protos/gen/server/wayland.js';
import { ZxdgDecorationManagerV1Resource } from '../../protos/gen/server/xdg-decoration-unstable-v1.js';
import { ZxdgOutputManagerV1Resource } from '../../protos/gen/server/xdg-output-unstable-v1.js';
import { XdgWmBaseResource } from '../../protos/gen/server/xdg-shell.js';
import type { Resource, ResourceClass } from '../../compositor/src/server/resource.js';
import type { HostGlobal } from './host/host-probe.js';
import { bindCompositor } from './relays/compositor.js';
import { bindDataDeviceManager } from './relays/data-device.js';
import { bindOutput } from './relays/output.js';
import { bindPrimarySelectionManager } from './relays/primary-selection.js';
import { bindSeat } from './relays/seat.js';
import { bindShm } from './relays/shm.js';
import { bindSubcompositor } from './relays/subcompositor.js';
import {
  bindDecorationManager,
  bindFractionalScaleManager,
  bindPresentation,
} from './relays/surface-extensions.js';
import { bindViewporter } from './relays/viewporter.js';
import { bindXdgOutputManager } from './relays/xdg-output.js';
import { bindXdgWmBase } from './relays/xdg-wm-base.js';
import type { Session } from './session/session.js';
import { guestFormats } from './shadow/shm-formats.js';

/** How sommelier offers one kind of host global to guests. */
export interface GlobalRelay {
  cls: ResourceClass<Resource>;
  /** Sets up a guest's bind of the global that stands for host global `g`. */
  bind(s: Session, resource: Resource, g: HostGlobal): void;
  /** Served by sommelier itself (not bound on the host): offered at our own version. */
  local?: boolean;
}

function relay<R extends Resource>(
  cls: ResourceClass<R>,
  bind: (s: Session, r: R, g: HostGlobal) => void,
  local = false,
): GlobalRelay {
  return { cls, bind: bind as GlobalRelay['bind'], local };
}

/**
 * The host globals sommelier understands, by interface name. Each is offered to guests at the
 * lower of the host's version and ours; every other host global is hidden from guests.
 */
export const GLOBAL_RELAYS: ReadonlyMap<string, GlobalRelay> = new Map([
  ['wl_compositor', relay(WlCompositorResource, bindCompositor)],
  ['wl_subcompositor', relay(WlSubcompositorResource, bindSubcompositor)],
  ['wl_shm', relay(WlShmResource, (s, r) => bindShm(r, guestFormats(s.context.probe.shmFormats)), true)],
  ['wl_output', relay(WlOutputResource, bindOutput)],
  ['xdg_wm_base', relay(XdgWmBaseResource, bindXdgWmBase)],
  ['wl_seat', relay(WlSeatResource, bindSeat)],
  ['wl_data_device_manager', relay(WlDataDeviceManagerResource, bindDataDeviceManager)],
  ['zxdg_output_manager_v1', relay(ZxdgOutputManagerV1Resource, bindXdgOutputManager)],
  ['wp_viewporter', relay(WpViewporterResource, (_s, r) => bindViewporter(r), true)],
  ['wp_fractional_scale_manager_v1', relay(WpFractionalScaleManagerV1Resource, bindFractionalScaleManager)],
  ['zxdg_decoration_manager_v1', relay(ZxdgDecorationManagerV1Resource, bindDecorationManager)],
  ['wp_presentation', relay(WpPresentationResource, bindPresentation)],
  [
    'zwp_primary_selection_device_manager_v1',
    relay(ZwpPrimarySelectionDeviceManagerV1Resource, bindPrimarySelectionManager),
  ],
]);

/** The version guests are offered for a host global, or 0 when it is hidden. */
export function relayedVersion(g: HostGlobal): number {
  const r = GLOBAL_RELAYS.get(g.iface);
  if (!r) return 0;
  return r.local ? r.cls.spec.version : Math.min(g.version, r.cls.spec.version);
}
