import { WlShmProxy, type WlRegistryProxy } from '../../../protos/gen/client/wayland.js';
import { Connection, type ConnectionError } from '../../../compositor/src/client/connection.js';
import type { Proxy, ProxyClass } from '../../../compositor/src/client/proxy.js';
import { connectHost, describeHost, type HostAddress } from './host-address.js';
import { closeHostLink, openHostLink } from './stream-host.js';

/** One global the host advertises. Global names are per compositor, so every connection can bind by them. */
export interface HostGlobal {
  name: number;
  iface: string;
  version: number;
}

/**
 * Sommelier's own connection to the host, kept for as long as it runs: it learns the host's
 * globals and shm formats once at start (the only round trips sommelier ever makes, before any
 * guest is served), follows globals coming and going, and tells when the host is gone.
 */
export class HostProbe {
  readonly globals = new Map<number, HostGlobal>();
  readonly shmFormats = new Set<number>();
  private added: Array<(g: HostGlobal) => void> = [];
  private removed: Array<(g: HostGlobal) => void> = [];
  private lost: Array<(reason: string) => void> = [];

  private constructor(
    readonly address: HostAddress,
    private readonly connection: Connection,
    private readonly registry: WlRegistryProxy,
  ) {}

  static async open(address: HostAddress): Promise<HostProbe> {
    if (address.kind === 'stream') {
      // A stream link is shared by every connection to the host: this one opens it.
      try {
        await openHostLink(address.link).ready;
      } catch (e) {
        closeHostLink(address.link);
        throw new Error(
          `cannot connect to the host compositor at ${describeHost(address)}: ${(e as Error).message}`,
        );
      }
    }
    let connection: Connection;
    try {
      connection = new Connection(connectHost(address));
    } catch (e) {
      throw new Error(
        `cannot connect to the host compositor at ${describeHost(address)}: ${(e as Error).message}`,
      );
    }
    const probe = new HostProbe(address, connection, connection.display.getRegistry());
    probe.registry.on({
      global: (name, iface, version) => probe.addGlobal({ name, iface, version }),
      globalRemove: (name) => probe.removeGlobal(name),
    });
    try {
      await connection.roundtrip();
      const shm = [...probe.globals.values()].find((g) => g.iface === 'wl_shm');
      if (shm) {
        probe.registry.bind(shm.name, WlShmProxy, 1).on({ format: (f) => probe.shmFormats.add(f) });
        await connection.roundtrip();
      }
    } catch (e) {
      connection.close();
      if (address.kind === 'stream') closeHostLink(address.link);
      throw new Error(`the host compositor at ${describeHost(address)} failed: ${(e as Error).message}`);
    }
    connection.onClose((err: ConnectionError | null) => {
      const reason = err ? err.message : 'it closed the connection';
      for (const cb of probe.lost) cb(reason);
    });
    return probe;
  }

  private addGlobal(g: HostGlobal): void {
    this.globals.set(g.name, g);
    for (const cb of this.added) cb(g);
  }

  private removeGlobal(name: number): void {
    const g = this.globals.get(name);
    if (!g) return;
    this.globals.delete(name);
    for (const cb of this.removed) cb(g);
  }

  /** The first global of an interface (for sommelier's own use of wl_shm, wp_viewporter...). */
  find(iface: string): HostGlobal | undefined {
    for (const g of this.globals.values()) if (g.iface === iface) return g;
    return undefined;
  }

  onGlobal(cb: (g: HostGlobal) => void): void {
    this.added.push(cb);
  }

  onGlobalRemove(cb: (g: HostGlobal) => void): void {
    this.removed.push(cb);
  }

  /** Binds a host global on this connection, for state sommelier itself follows (e.g. output scales). */
  bind<T extends Proxy>(g: HostGlobal, cls: ProxyClass<T>, version: number): T {
    return this.registry.bind(g.name, cls, version);
  }

  /** Called once if the host goes away (or breaks the connection). */
  onLost(cb: (reason: string) => void): void {
    this.lost.push(cb);
  }

  close(): void {
    this.lost = [];
    this.connection.close();
    if (this.address.kind === 'stream') closeHostLink(this.address.link);
  }
}
