import type { Exo } from '../exo.js';
import { DataDevices } from './data-device.js';
import { PrimarySelectionDevices } from './primary-selection.js';
import { Selection } from './selection.js';
import { Selections } from './selections.js';

const dataDevicesRegistry = new WeakMap<Exo, DataDevices>();

/** The wl_data_device side of a running exo (for drags exo starts itself), or null. */
export function dataDevicesOf(exo: Exo): DataDevices | null {
  return dataDevicesRegistry.get(exo) ?? null;
}

/**
 * Installs wl_data_device_manager (selections and drag-and-drop) and primary selection, and
 * the host side of both selections (`selectionsOf(exo)`). Needs the seat (registerSeat first).
 */
export function registerDataDevice(exo: Exo): Selections {
  let dataDevices: DataDevices | null = null;
  let primaryDevices: PrimarySelectionDevices | null = null;
  const clipboard = new Selection('clipboard', exo.seat, (client) =>
    dataDevices!.devices.of(client).map((d) => dataDevices!.selectionDevice(d)),
  );
  const primary = new Selection('primary', exo.seat, (client) =>
    primaryDevices!.devices.of(client).map((d) => primaryDevices!.selectionDevice(d)),
  );
  dataDevices = new DataDevices(exo, clipboard);
  primaryDevices = new PrimarySelectionDevices(exo, primary);
  dataDevices.register();
  dataDevicesRegistry.set(exo, dataDevices);
  primaryDevices.register();
  return new Selections(exo, clipboard, primary);
}
