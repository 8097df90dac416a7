import type { Client } from './client.js';
import type { Display } from './display.js';
import type { Resource, ResourceClass } from './resource.js';

/**
 * A global object advertised through wl_registry (libwayland's wl_global). `bind` is called
 * with the resource the client just created; a filter hides the global from some clients.
 */
export class Global<T extends Resource = Resource> {
  removed = false;

  constructor(
    private readonly display: Display,
    readonly name: number,
    readonly cls: ResourceClass<T>,
    readonly version: number,
    readonly bind: (resource: T) => void,
    readonly filter: ((client: Client) => boolean) | null,
  ) {}

  get interfaceName(): string {
    return this.cls.spec.name;
  }

  visibleTo(client: Client): boolean {
    return !this.filter || this.filter(client);
  }

  /**
   * Withdraws the global: registries get global_remove now; binds already in flight still
   * succeed with an inert object, and the name is dropped a little later.
   */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    this.display.registry.announceRemoval(this);
    setTimeout(() => this.display.registry.forget(this), 5000).unref();
  }
}
