import type { WlDataSourceResource } from '../../../protos/gen/server/wayland.js';
import { WlDataDeviceManagerDndAction, WlDataSourceError } from '../../../protos/gen/spec/wayland.js';
import type { Client } from '../../../compositor/src/server/client.js';
import { closeFd } from '../../../compositor/src/native/libc.js';

/** All wl_data_device_manager.dnd_action bits. */
export const ALL_DND_ACTIONS =
  WlDataDeviceManagerDndAction.Copy | WlDataDeviceManagerDndAction.Move | WlDataDeviceManagerDndAction.Ask;

/** More MIME types than any real client offers; the rest are ignored rather than stored. */
export const MAX_MIME_TYPES = 256;

/**
 * Data a selection or a drag offers: a client's wl_data_source, a primary selection source,
 * or a source exo serves itself (the host clipboard). Offers talk to sources only through this.
 */
export interface DataSource {
  /** The owning client; null for a source exo serves (host side). */
  readonly client: Client | null;
  readonly mimeTypes: readonly string[];
  /** Drag-and-drop actions it supports (dnd_action mask), as negotiation should see them. */
  readonly dndActions: number;
  readonly destroyed: boolean;
  /** What the source was used for: a source serves one selection or one drag, once. */
  used: 'selection' | 'drag' | null;
  /** Asks the owner to write `mime` into `fd`. Takes ownership of `fd` (closes it). */
  send(mime: string, fd: number): void;
  /** The source is no longer the selection, or its drag failed. */
  cancel(): void;
  // Drag-and-drop feedback (no-ops for sources that cannot be dragged).
  target(mime: string | null): void;
  action(action: number): void;
  dropPerformed(): void;
  dndFinished(): void;
  onDestroy(cb: () => void): () => void;
}

/** Listener lists with unsubscribe, shared by the source kinds. */
export class DestroyListeners {
  private list: Array<() => void> = [];

  add(cb: () => void): () => void {
    this.list.push(cb);
    return () => {
      const i = this.list.indexOf(cb);
      if (i >= 0) this.list.splice(i, 1);
    };
  }

  fire(): void {
    const l = this.list;
    this.list = [];
    for (const cb of l) cb();
  }
}

/**
 * A source exo serves itself, not a client's protocol object (the host clipboard, an X
 * selection or drag): its lifetime and listeners, and drag feedback it ignores unless a
 * subclass wants it. `released()` runs once, after the listeners.
 */
export abstract class ServedDataSource implements DataSource {
  abstract readonly mimeTypes: readonly string[];
  abstract readonly dndActions: number;
  private isDestroyed = false;
  private readonly listeners = new DestroyListeners();

  constructor(
    readonly client: Client | null,
    public used: 'selection' | 'drag' | null,
  ) {}

  get destroyed(): boolean {
    return this.isDestroyed;
  }

  abstract send(mime: string, fd: number): void;
  abstract cancel(): void;

  target(_mime: string | null): void {}
  action(_action: number): void {}
  dropPerformed(): void {}
  dndFinished(): void {}

  onDestroy(cb: () => void): () => void {
    return this.listeners.add(cb);
  }

  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.listeners.fire();
    this.released();
  }

  /** What a subclass lets go of when it is destroyed. */
  protected released(): void {}
}

const sources = new WeakMap<WlDataSourceResource, ClientDataSource>();

export function dataSourceFromResource(r: WlDataSourceResource): ClientDataSource {
  const s = sources.get(r);
  if (!s) throw new Error(`wl_data_source#${r.id} has no source`); // every one is created by createDataSource
  return s;
}

/** wl_data_source: a client's data for the clipboard or a drag. */
export class ClientDataSource implements DataSource {
  readonly mimeTypes: string[] = [];
  used: 'selection' | 'drag' | null = null;
  /** set_actions was called (makes it a drag-only source). */
  actionsSet = false;
  private actions = 0;
  private readonly listeners = new DestroyListeners();

  constructor(readonly resource: WlDataSourceResource) {
    sources.set(resource, this);
    resource.setHandler({
      offer: (_r, mime) => {
        if (this.mimeTypes.length < MAX_MIME_TYPES && !this.mimeTypes.includes(mime))
          this.mimeTypes.push(mime);
      },
      setActions: (r, actions) => {
        if ((actions & ~ALL_DND_ACTIONS) !== 0)
          throw r.error(
            WlDataSourceError.InvalidActionMask,
            `0x${actions.toString(16)} is not a dnd_action mask`,
          );
        if (this.actionsSet)
          throw r.error(WlDataSourceError.InvalidActionMask, 'set_actions may be sent once only');
        if (this.used)
          throw r.error(
            WlDataSourceError.InvalidSource,
            `set_actions after the source was used for a ${this.used}`,
          );
        this.actionsSet = true;
        this.actions = actions;
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

  /** Sources older than v3 know no actions: they take part as copy, as the spec's v2 behaviour was. */
  get dndActions(): number {
    return this.resource.version < 3 ? WlDataDeviceManagerDndAction.Copy : this.actions;
  }

  send(mime: string, fd: number): void {
    try {
      if (!this.destroyed) this.resource.sendSend(mime, fd);
    } finally {
      closeFd(fd); // the event carries its own duplicate
    }
  }

  cancel(): void {
    if (!this.destroyed) this.resource.sendCancelled();
  }

  target(mime: string | null): void {
    if (!this.destroyed) this.resource.sendTarget(mime);
  }

  action(action: number): void {
    if (!this.destroyed && this.resource.version >= 3) this.resource.sendAction(action);
  }

  dropPerformed(): void {
    if (!this.destroyed && this.resource.version >= 3) this.resource.sendDndDropPerformed();
  }

  dndFinished(): void {
    if (!this.destroyed && this.resource.version >= 3) this.resource.sendDndFinished();
  }

  onDestroy(cb: () => void): () => void {
    return this.listeners.add(cb);
  }
}
