import {
  WlDataDeviceManagerResource,
  type WlDataDeviceResource,
  type WlDataSourceResource,
  type WlSurfaceResource,
} from '../../../protos/gen/server/wayland.js';
import { WlDataDeviceError, WlDataSourceError } from '../../../protos/gen/spec/wayland.js';
import type { Exo } from '../exo.js';
import { surfaceFromResource } from '../protocols/compositor.js';
import { ClientResources } from '../seat/client-resources.js';
import { DataOffer } from './data-offer.js';
import { ClientDataSource, dataSourceFromResource } from './data-source.js';
import { Drag } from './drag.js';
import { DragIconRole } from './drag-icon.js';
import type { Selection, SelectionDevice } from './selection.js';

export const DATA_DEVICE_MANAGER_VERSION = 3;

/**
 * wl_data_device_manager and wl_data_device: sources, the clipboard selection (focus-gated by
 * Selection) and drag-and-drop (Drag). One seat, so get_data_device's seat argument only has
 * to be a wl_seat.
 */
export class DataDevices {
  readonly devices = new ClientResources<WlDataDeviceResource>();

  constructor(
    private readonly exo: Exo,
    private readonly clipboard: Selection,
  ) {}

  register(): void {
    this.exo.display.createGlobal(WlDataDeviceManagerResource, DATA_DEVICE_MANAGER_VERSION, (m) =>
      m.setHandler({
        createDataSource: (_r, id) => void new ClientDataSource(id),
        getDataDevice: (_r, id) => this.addDevice(id),
      }),
    );
  }

  /** The selection side of a wl_data_device: a fresh wl_data_offer, then selection. */
  selectionDevice(device: WlDataDeviceResource): SelectionDevice {
    return {
      offerSelection: (source) => {
        if (device.destroyed) return null;
        const offer = source ? DataOffer.create(device, source, null) : null;
        device.sendSelection(offer?.resource ?? null);
        return offer;
      },
    };
  }

  private addDevice(device: WlDataDeviceResource): void {
    this.devices.add(device);
    device.setHandler({
      setSelection: (r, source, serial) => this.setSelection(r, source, serial),
      startDrag: (r, source, origin, icon, serial) => this.startDrag(r, source, origin, icon, serial),
    });
    this.clipboard.deviceAdded(device.client, this.selectionDevice(device));
  }

  private setSelection(
    r: WlDataDeviceResource,
    sourceRes: WlDataSourceResource | null,
    serial: number,
  ): void {
    const source = sourceRes ? dataSourceFromResource(sourceRes) : null;
    if (source && sourceRes) {
      if (source.actionsSet || source.used === 'drag')
        throw sourceRes.error(
          WlDataSourceError.InvalidSource,
          'a drag-and-drop source cannot be the selection',
        );
      source.used = 'selection';
    }
    // Only a client acting on user input may replace the clipboard; a refused source is cancelled.
    if (!this.exo.seat.validInputSerial(r.client, serial)) {
      source?.cancel();
      return;
    }
    this.clipboard.set(source, serial);
  }

  private startDrag(
    r: WlDataDeviceResource,
    sourceRes: WlDataSourceResource | null,
    originRes: WlSurfaceResource,
    iconRes: WlSurfaceResource | null,
    serial: number,
  ): void {
    const source = sourceRes ? dataSourceFromResource(sourceRes) : null;
    if (source && sourceRes) {
      if (source.used)
        throw sourceRes.error(
          WlDataSourceError.InvalidSource,
          `the source is already used for a ${source.used}`,
        );
      source.used = 'drag';
    }
    const origin = surfaceFromResource(originRes);
    let icon: DragIconRole | null = null;
    if (iconRes) {
      const iconSurface = surfaceFromResource(iconRes);
      icon = DragIconRole.claim(this.exo, iconSurface);
      if (!icon)
        throw r.error(
          WlDataDeviceError.Role,
          `wl_surface#${iconRes.id} already has the ${iconSurface.roleName} role`,
        );
    }
    // The client must hold an implicit pointer grab that began with this serial on its surface.
    const seat = this.exo.seat;
    const focus = seat.pointerFocus;
    const grabbing =
      seat.buttonsDown > 0 &&
      focus !== null &&
      focus.resource.client === r.client &&
      seat.validGrabSerial(origin, serial);
    if (!grabbing) {
      source?.cancel();
      return;
    }
    new Drag(this.exo, (c) => this.devices.of(c), source, r.client, icon).start();
  }
}
