import { sendFiltered } from './transfer-filter.js';
import {
  ZwpPrimarySelectionDeviceManagerV1Resource,
  type ZwpPrimarySelectionDeviceV1Resource,
  type ZwpPrimarySelectionOfferV1Resource,
  type ZwpPrimarySelectionSourceV1Resource,
} from '../../../protos/gen/server/primary-selection-unstable-v1.js';
import type { Client } from '../../../compositor/src/server/client.js';
import { closeFd } from '../../../compositor/src/native/libc.js';
import type { Exo } from '../exo.js';
import { ClientResources } from '../seat/client-resources.js';
import { DestroyListeners, MAX_MIME_TYPES, type DataSource } from './data-source.js';
import type { Selection, SelectionDevice, SelectionOffer } from './selection.js';

/**
 * zwp_primary_selection_device_manager_v1: the PRIMARY selection (select to copy, middle-click
 * to paste), the same model as the clipboard: one source, offered only to the client with
 * keyboard focus.
 */
export class PrimarySelectionDevices {
  readonly devices = new ClientResources<ZwpPrimarySelectionDeviceV1Resource>();
  private readonly sources = new WeakMap<ZwpPrimarySelectionSourceV1Resource, PrimarySource>();

  constructor(
    private readonly exo: Exo,
    private readonly primary: Selection,
  ) {}

  register(): void {
    this.exo.display.createGlobal(ZwpPrimarySelectionDeviceManagerV1Resource, 1, (m) =>
      m.setHandler({
        createSource: (_r, id) => void this.sources.set(id, new PrimarySource(id)),
        getDevice: (_r, id) => this.addDevice(id),
      }),
    );
  }

  selectionDevice(device: ZwpPrimarySelectionDeviceV1Resource): SelectionDevice {
    return {
      offerSelection: (source) => {
        if (device.destroyed) return null;
        const offer = source ? PrimaryOffer.create(device, source) : null;
        device.sendSelection(offer?.resource ?? null);
        return offer;
      },
    };
  }

  private addDevice(device: ZwpPrimarySelectionDeviceV1Resource): void {
    this.devices.add(device);
    device.setHandler({
      setSelection: (r, sourceRes, serial) => {
        const source = sourceRes ? (this.sources.get(sourceRes) ?? null) : null;
        if (source) source.used = 'selection';
        if (!this.exo.seat.validInputSerial(r.client, serial)) {
          source?.cancel();
          return;
        }
        this.primary.set(source, serial);
      },
    });
    this.primary.deviceAdded(device.client, this.selectionDevice(device));
  }
}

/** zwp_primary_selection_source_v1. */
class PrimarySource implements DataSource {
  readonly mimeTypes: string[] = [];
  readonly dndActions = 0;
  used: 'selection' | 'drag' | null = null;
  private readonly listeners = new DestroyListeners();

  constructor(readonly resource: ZwpPrimarySelectionSourceV1Resource) {
    resource.setHandler({
      offer: (_r, mime) => {
        if (this.mimeTypes.length < MAX_MIME_TYPES && !this.mimeTypes.includes(mime))
          this.mimeTypes.push(mime);
      },
    });
    resource.onDestroy(() => this.listeners.fire());
  }

  get client(): Client {
    return this.resource.client;
  }

  get destroyed(): boolean {
    return this.resource.destroyed;
  }

  send(mime: string, fd: number): void {
    try {
      if (!this.destroyed) this.resource.sendSend(mime, fd);
    } finally {
      closeFd(fd);
    }
  }

  cancel(): void {
    if (!this.destroyed) this.resource.sendCancelled();
  }

  target(): void {}
  action(): void {}
  dropPerformed(): void {}
  dndFinished(): void {}

  onDestroy(cb: () => void): () => void {
    return this.listeners.add(cb);
  }
}

/** zwp_primary_selection_offer_v1: dead once the selection or the focus moved on. */
class PrimaryOffer implements SelectionOffer {
  private active = true;

  private constructor(
    readonly resource: ZwpPrimarySelectionOfferV1Resource,
    source: DataSource,
  ) {
    resource.setHandler({
      receive: (r, mime, fd) => {
        if (this.active && !source.destroyed) sendFiltered(source, mime, fd, r.client);
        else closeFd(fd);
      },
    });
  }

  static create(device: ZwpPrimarySelectionDeviceV1Resource, source: DataSource): PrimaryOffer {
    const resource = device.sendDataOffer();
    const offer = new PrimaryOffer(resource, source);
    for (const mime of source.mimeTypes) resource.sendOffer(mime);
    return offer;
  }

  deactivate(): void {
    this.active = false;
  }
}
