import type { Client } from '../../compositor/src/server/client.js';
import { Display } from '../../compositor/src/server/display.js';
import type { Global } from '../../compositor/src/server/global.js';
import { DisplayError } from '../../compositor/src/server/protocol-error.js';
import { GLOBAL_RELAYS, relayedVersion } from './globals.js';
import { describeHost, type HostAddress } from './host/host-address.js';
import { HostProbe, type HostGlobal } from './host/host-probe.js';
import { Session, type SessionContext } from './session/session.js';
import { lookupApp, type AppEntry } from './settings/app-settings.js';
import { AppIdentity } from './settings/app-identity.js';
import { SettingsStore } from './settings/settings-store.js';

export interface SommelierConfig {
  host: HostAddress;
  scale: number;
  dpi: number[];
  guestName: string;
  /** The per-app settings file (settings/app-settings.ts), followed while sommelier runs; none if absent. */
  settingsFile?: string;
}

const SESSION = 'sommelier.session';
const EXECUTABLE = 'sommelier.executable';

/**
 * The guest proxy compositor: a Wayland display for guest clients, each served by a Session
 * with its own host connection, offering the host globals sommelier has relays for.
 */
export class Sommelier implements SessionContext {
  readonly display = new Display();
  private readonly globals = new Map<number, Global>();
  private lostListeners: Array<(reason: string) => void> = [];
  private destroyed = false;
  private readonly identity = new AppIdentity();
  private readonly settings: SettingsStore | null;
  /** The executable of the program `launchClient` is starting (its socketpair names us as the peer). */
  private launching: string | null = null;

  private constructor(
    readonly config: SommelierConfig,
    readonly probe: HostProbe,
  ) {
    this.settings = config.settingsFile ? new SettingsStore(config.settingsFile).watch() : null;
    // A changed setting reaches running clients that can follow it (Session.settingsChanged).
    this.settings?.onChange(() => {
      for (const client of [...this.display.clients]) {
        const session = client.data.get(SESSION);
        if (session instanceof Session) session.settingsChanged();
      }
    });
  }

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
   * The scale of one client, chosen when it connects: the per-app settings entry for its app
   * (settings/app-identity.ts: the app id its executable set before, then the executable's
   * name), else the file's default, else `--scale`. A changed setting reaches running clients
   * that can follow it (Session.settingsChanged), and the others at their next launch.
   */
  scaleFor(client: Client): number {
    return this.entryFor(client).scale ?? this.config.scale;
  }

  /** The scale a program with executable `exe` gets when launched (X apps: their Xwayland's DPI). */
  scaleForExecutable(exe: string | null): number {
    return this.entryOf(this.identity.keysFor(exe)).scale ?? this.config.scale;
  }

  /** The DPI bucket nearest 96 × the client's scale (for X clients, later), or null without buckets. */
  dpiFor(client: Client): number | null {
    const buckets = this.entryFor(client).dpi ?? this.config.dpi;
    if (buckets.length === 0) return null;
    const want = 96 * this.scaleFor(client);
    return buckets.reduce((best, d) => (Math.abs(d - want) < Math.abs(best - want) ? d : best));
  }

  /**
   * A client set its app id: later launches of the same executable are looked up by it.
   * Returns the scale the settings give the app (app id first, then executable).
   */
  appIdSet(client: Client, appId: string): number {
    const exe = this.executableOf(client);
    this.identity.learn(exe, appId);
    return this.entryOf([appId, exe ?? '']).scale ?? this.config.scale;
  }

  /** The scale the settings give a running client now: by its app id if it set one, else as at connect. */
  currentScaleFor(client: Client, appId: string | null): number {
    if (appId === null) return this.scaleFor(client);
    return this.entryOf([appId, this.executableOf(client) ?? '']).scale ?? this.config.scale;
  }

  /**
   * X apps cannot follow a scale change while they run: Xwayland gives them output scale 1 and
   * a DPI fixed at their start.
   */
  canFollowScale(client: Client): boolean {
    return this.executableOf(client) !== 'Xwayland';
  }

  /** `launchClient` is about to add the client of a program it started with this executable. */
  expectLaunch(exe: string | null): void {
    this.launching = exe;
  }

  private entryFor(client: Client): AppEntry {
    return this.entryOf(this.identity.keysFor(this.executableOf(client)));
  }

  private entryOf(keys: string[]): AppEntry {
    return this.settings ? lookupApp(this.settings.settings, keys) : {};
  }

  private executableOf(client: Client): string | null {
    if (client.data.has(EXECUTABLE)) return client.data.get(EXECUTABLE) as string | null;
    const pid = client.credentials?.pid;
    // A launched program's socketpair was made by us, so its peer pid is ours.
    const exe = pid === process.pid ? this.launching : AppIdentity.executableOf(pid);
    client.data.set(EXECUTABLE, exe);
    return exe;
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
    this.settings?.close();
    this.display.destroy();
    this.probe.close();
  }
}

export function sessionOf(client: Client): Session {
  const s = client.data.get(SESSION);
  if (!(s instanceof Session)) throw new Error('this client has no host connection');
  return s;
}
