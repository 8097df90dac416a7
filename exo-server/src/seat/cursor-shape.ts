import {
  WpCursorShapeDeviceV1Resource,
  WpCursorShapeManagerV1Resource,
} from '../../../protos/gen/server/cursor-shape-v1.js';
import type { WlPointerResource } from '../../../protos/gen/server/wayland.js';
import {
  WpCursorShapeDeviceV1Error,
  wpCursorShapeDeviceV1ShapeEnumSpec,
  wpCursorShapeDeviceV1ShapeValid,
} from '../../../protos/gen/spec/cursor-shape-v1.js';
import type { Exo } from '../exo.js';
import type { Seat } from './seat.js';

/**
 * The CSS cursor name of a wp_cursor_shape_device_v1 shape: the protocol's names are the CSS
 * ones with `_` for `-`, so the web desktop can use them as they are.
 */
export function cursorShapeName(shape: number): string | null {
  const entry = wpCursorShapeDeviceV1ShapeEnumSpec.entries.find((e) => e.value === shape);
  return entry ? entry.name.replace(/_/g, '-') : null;
}

/** wp_cursor_shape_manager_v1 (v1): named cursors instead of cursor surfaces. */
export function registerCursorShape(exo: Exo, seat: Seat): void {
  exo.display.createGlobal(WpCursorShapeManagerV1Resource, 1, (manager) => {
    manager.setHandler({
      getPointer: (_r, device, pointer) => setUpDevice(seat, device, pointer),
      // No tablets here: the device accepts valid shapes and ignores them.
      getTabletToolV2: (_r, device) => setUpDevice(seat, device, null),
    });
  });
}

function setUpDevice(
  seat: Seat,
  device: WpCursorShapeDeviceV1Resource,
  pointer: WlPointerResource | null,
): void {
  device.setHandler({
    setShape: (d, serial, shape) => {
      const name = wpCursorShapeDeviceV1ShapeValid(shape, d.version) ? cursorShapeName(shape) : null;
      if (name === null)
        throw d.error(WpCursorShapeDeviceV1Error.InvalidShape, `${shape} is not a cursor shape`);
      // Same rule as wl_pointer.set_cursor: only the client under the pointer, since its last enter.
      if (!pointer || pointer.destroyed || !seat.pointer.mayChangeCursor(d.client, serial)) return;
      seat.cursorState.setShape(name);
    },
  });
}
