import { WlRegistryResource } from '../../../protos/gen/server/wayland.js';
import type { Client } from './client.js';
import type { Display } from './display.js';
import { Global } from './global.js';
import { DisplayError } from './protocol-error.js';
import type { Resource, ResourceClass } from './resource.js';

/** What the registry needs to know of a global of any interface. */
interface GlobalInfo {
  readonly name: number;
  visibleTo(client: Client): boolean;
}

/** The globals of a display and the wl_registry objects that advertise them. */
export class Registry {
  private readonly globals = new Map<number, Global>();
  private readonly registries = new Set<WlRegistryResource>();
  private nextName = 1;

  constructor(private readonly display: Display) {}

  create<T extends Resource>(
    cls: ResourceClass<T>,
    version: number,
    bind: (resource: T) => void,
    filter: ((client: Client) => boolean) | null = null,
  ): Global<T> {
    if (version < 1 || version > cls.spec.version)
      throw new Error(`${cls.spec.name}: version ${version} is not between 1 and ${cls.spec.version}`);
    const g = new Global<T>(this.display, this.nextName++, cls, version, bind, filter);
    this.globals.set(g.name, g as unknown as Global);
    for (const r of this.registries)
      if (g.visibleTo(r.client)) r.sendGlobal(g.name, g.interfaceName, g.version);
    this.display.scheduleFlush();
    return g;
  }

  /** All live globals, in the order they were created. */
  list(): Global[] {
    return [...this.globals.values()].filter((g) => !g.removed);
  }

  announceRemoval(g: GlobalInfo): void {
    for (const r of this.registries) if (g.visibleTo(r.client)) r.sendGlobalRemove(g.name);
    this.display.scheduleFlush();
  }

  forget(g: GlobalInfo): void {
    this.globals.delete(g.name);
  }

  bindRegistry(client: Client, registry: WlRegistryResource): void {
    this.registries.add(registry);
    registry.onDestroy(() => this.registries.delete(registry));
    registry.setHandler({
      bind: (r, name, iface, version, id) => this.bind(client, r, name, iface, version, id),
    });
    for (const g of this.globals.values())
      if (!g.removed && g.visibleTo(client)) registry.sendGlobal(g.name, g.interfaceName, g.version);
  }

  private bind(
    client: Client,
    registry: WlRegistryResource,
    name: number,
    iface: string,
    version: number,
    id: number,
  ): void {
    const g = this.globals.get(name);
    if (!g || !g.visibleTo(client)) {
      registry.postError(DisplayError.invalidObject, `invalid global ${iface} (${name})`);
      return;
    }
    if (iface !== g.interfaceName) {
      registry.postError(
        DisplayError.invalidObject,
        `invalid interface for global ${name}: have ${iface}, wanted ${g.interfaceName}`,
      );
      return;
    }
    if (version < 1 || version > g.version) {
      registry.postError(
        DisplayError.invalidObject,
        `invalid version for global ${iface} (${name}): have ${version}, wanted ${g.version}`,
      );
      return;
    }
    const resource = client.createResource(g.cls, id, version);
    if (!g.removed) g.bind(resource);
  }
}
