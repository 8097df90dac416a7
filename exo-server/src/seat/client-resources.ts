import type { Client } from '../../../compositor/src/server/client.js';
import type { Resource } from '../../../compositor/src/server/resource.js';

/**
 * The resources of one kind (wl_pointer, wl_keyboard, wl_data_device...) grouped by client:
 * events go to every resource of the client that has focus. A resource leaves the set when it
 * is destroyed, by request or with its client.
 */
export class ClientResources<T extends Resource> {
  private readonly byClient = new Map<Client, Set<T>>();

  add(resource: T): void {
    let set = this.byClient.get(resource.client);
    if (!set) this.byClient.set(resource.client, (set = new Set()));
    set.add(resource);
    resource.onDestroy(() => {
      const s = this.byClient.get(resource.client);
      if (!s) return;
      s.delete(resource);
      if (s.size === 0) this.byClient.delete(resource.client);
    });
  }

  /** A snapshot of the live resources of `client` (safe to send events while iterating). */
  of(client: Client | null | undefined): T[] {
    if (!client) return [];
    const set = this.byClient.get(client);
    return set ? [...set].filter((r) => !r.destroyed) : [];
  }

  /** Every live resource of every client. */
  all(): T[] {
    const out: T[] = [];
    for (const set of this.byClient.values()) for (const r of set) if (!r.destroyed) out.push(r);
    return out;
  }

  has(client: Client | null | undefined): boolean {
    return !!client && this.byClient.has(client);
  }

  clients(): Client[] {
    return [...this.byClient.keys()];
  }
}
