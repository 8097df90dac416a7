import type { Client } from '../../compositor/src/server/client.js';
import { Display } from '../../compositor/src/server/display.js';
import type { Global } from '../../compositor/src/server/global.js';
import { DisplayError } from '../../compositor/src/server/protocol-error.js';
import { GLOBAL_RELAYS, relayedVersion } from './globals.js';
import { describeHost, type HostAddress } from './host/host-address.js';
import { HostProbe, type HostGlobal } from './host/host-probe.js';
import { Session, type SessionContext } from './session/session.js';

export interface SommelierConfig {
  host: HostAddress;
  scale: number;
  dpi: number[];
  guestName: string;
}

const SESSION = 'sommelier.session';

/**
 * The guest proxy compositor: a Wayland display for guest clients, each served by a Session
 * with its own host connection, offering the host globals sommelier has relays for.
 */
export class Sommelier implements SessionContext {
  readonly display = new Display();
  private readonly globals = new Map<number, Global>();
  private lostListeners: Array<(reason: string) => void> = [];
  private destroyed = false;

  private constructor(
    readonly config: SommelierConfig,
    readonly probe: HostProbe,
  ) {}

  /** Connects to the host, learns its globals, and starts offering them (no socket yet). */
  static async start(config: SommelierConfig): Promise<Sommelier> {
    const probe = await HostProbe.open(config.host);
    const s = new Sommelier(config, probe);
    for (const g of probe.globals.values()) s.addGlobal(g);
    probe.onGlobal((g) => s.addGlobal(g));
    probe.onGlobalRemove((g) => s.removeGlobal(g));
    probe.onLost((reason) => s.hostLost(reason));
    s.display.onClientCreated((client) => s.clientCreated(client));
    return s;
  }

  get address(): HostAddress {
    return this.config.host;
  }

  get guestName(): string {
    return this.config.guestName;
  }

  /**
   * The scale of one client. Today every client gets the configured scale; per-app settings
   * (keyed by app id) will decide here, per client rather than per sommelier.
   */
  scaleFor(_client: Client): number {
    return this.config.scale;
  }

  /** The DPI bucket nearest 96 × the client's scale (for X clients, later), or null without buckets. */
  dpiFor(client: Client): number | null {
    const buckets = this.config.dpi;
    if (buckets.length === 0) return null;
    const want = 96 * this.scaleFor(client);
    return buckets.reduce((best, d) => (Math.abs(d - want) < Math.abs(best - want) ? d : best));
  }

  /** Serves guests on `$XDG_RUNTIME_DIR/NAME` (or an absolute path); returns the socket path. */
  listen(name: string): string {
    return this.display.addSocket(name);
  }

  /** Called once if the host compositor goes away; sommelier has closed every client by then. */
  onHostLost(cb: (reason: string) => void): void {
    this.lostListeners.push(cb);
  }

  private addGlobal(g: HostGlobal): void {
    const version = relayedVersion(g);
    if (version === 0) return;
    const relay = GLOBAL_RELAYS.get(g.iface)!;
    const global = this.display.createGlobal(relay.cls, version, (resource) => {
      relay.bind(sessionOf(resource.client), resource, g);
    });
    this.globals.set(g.name, global);
  }

  private removeGlobal(g: HostGlobal): void {
    this.globals.get(g.name)?.remove();
    this.globals.delete(g.name);
  }

  private clientCreated(client: Client): void {
    try {
      client.data.set(SESSION, new Session(this, client));
    } catch (e) {
      const msg = `sommelier cannot reach the host compositor at ${describeHost(this.address)}: ${(e as Error).message}`;
      process.stderr.write(`sommelier: ${msg}\n`);
      // The client has not started yet: tell it once it has.
      setImmediate(() => client.postError(1, DisplayError.implementation, msg));
    }
  }

  private hostLost(reason: string): void {
    if (this.destroyed) return;
    process.stderr.write(`sommelier: lost the host compositor at ${describeHost(this.address)}: ${reason}\n`);
    for (const client of [...this.display.clients])
      client.postError(1, DisplayError.implementation, `sommelier lost the host compositor: ${reason}`);
    for (const cb of this.lostListeners) cb(reason);
  }

  /** Disconnects every guest client and the host, and removes the socket. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.display.destroy();
    this.probe.close();
  }
}

export function sessionOf(client: Client): Session {
  const s = client.data.get(SESSION);
  if (!(s instanceof Session)) throw new Error('this client has no host connection');
  return s;
}
