import { WlRegistryProxy } from '../../../protos/gen/client/wayland.js';
import type { ConnectionError } from '../../../compositor/src/client/connection.js';
import type { Proxy, ProxyClass } from '../../../compositor/src/client/proxy.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import type { Client } from '../../../compositor/src/server/client.js';
import { DisplayError } from '../../../compositor/src/server/protocol-error.js';
import type { Resource, ResourceClass } from '../../../compositor/src/server/resource.js';
import { connectHost, type HostAddress } from '../host/host-address.js';
import { HostConnection } from '../host/host-connection.js';
import type { HostProbe } from '../host/host-probe.js';
import { ShadowAllocator } from '../shadow/shadow-allocator.js';
import { Scale } from './scale.js';

const trace = debugEnabled('sommelier');

/** What a session needs from the sommelier that serves it. */
export interface SessionContext {
  readonly address: HostAddress;
  readonly probe: HostProbe;
  readonly guestName: string;
  scaleFor(client: Client): number;
  /**
   * The client set a toplevel's app id: per-app settings learn which app an executable is.
   * Returns the scale the settings give that app.
   */
  appIdSet?(client: Client, appId: string): number;
  /** The scale the settings give the client now (its app id, if it set one, then its executable). */
  currentScaleFor?(client: Client, appId: string | null): number;
  /** False for clients that cannot follow a scale change while they run (Xwayland's X apps). */
  canFollowScale?(client: Client): boolean;
}

/** A guest surface as the session's live rescale sees it (surface/guest-surface.ts). */
export interface RescalableSurface {
  /** Sends its state again at the new scale and commits it on the host, if it is safe now. */
  recommitTree(): void;
  readonly isRoot: boolean;
}

/**
 * One guest client and the host connection that serves it alone: so a client that misbehaves
 * or dies never disturbs the others, and a host protocol error lands on the guest object that
 * caused it. Holds the two-way map between guest resources and host proxies.
 */
export class Session {
  readonly host: HostConnection;
  readonly scale: Scale;
  readonly shadows: ShadowAllocator;
  private readonly registry: WlRegistryProxy;
  private readonly toHost = new WeakMap<Resource, Proxy>();
  private readonly toGuest = new WeakMap<Proxy, Resource>();
  private readonly byHostId = new Map<number, Resource>();
  /** Host objects sommelier binds for itself (wl_shm for shadow buffers, wp_viewporter for scale). */
  private readonly internal = new Map<string, Proxy>();
  private closing = false;
  /** True once the guest committed a buffer: from then on a new scale applies live or never. */
  private drawn = false;
  private appId: string | null = null;
  /** The guest bound something that tells it its scale (wl_output 2+, fractional scale, wl_surface 6+). */
  private scaleAware = false;
  /** The guest made its own windows (xdg_wm_base): Xwayland's windows are made by our X window manager. */
  private hasShell = false;
  private readonly rescaleListeners = new Set<{ order: number; cb: () => void }>();
  /** Counts scale changes: a surface whose host state is from an older epoch sends it again. */
  epoch = 0;
  readonly surfaces = new Set<RescalableSurface>();

  constructor(
    readonly context: SessionContext,
    readonly client: Client,
  ) {
    this.scale = new Scale(context.scaleFor(client));
    this.host = new HostConnection(connectHost(context.address));
    this.host.onListenerError = (e) => this.listenerFailed(e);
    this.host.onBatchDone = () => client.display.flushClients();
    this.host.onClose((err) => this.hostClosed(err));
    this.registry = this.host.display.getRegistry();
    this.shadows = new ShadowAllocator(this);
    client.onDestroy(() => this.close());
    // wl_display.sync is a barrier: the guest expects every event caused by its earlier requests
    // before `done`. Those events come from the host, so the barrier is the host's own sync.
    client.displayResource.setHandler({
      sync: (_r, callback) => {
        this.host.display.sync().on({ done: (data) => callback.destroyed || callback.sendDone(data) });
      },
      getRegistry: (_r, registry) => client.display.registry.bindRegistry(client, registry),
    });
    if (trace) debugLog('sommelier', `client ${client.credentials?.pid ?? '?'}: scale ${this.scale.factor}`);
  }

  get guestName(): string {
    return this.context.guestName;
  }

  /**
   * The guest set a toplevel's app id (untagged): the settings entry for that app may give it
   * another scale (see applyScale).
   */
  appIdSet(appId: string): void {
    this.appId = appId;
    const want = this.context.appIdSet?.(this.client, appId);
    if (want !== undefined) this.applyScale(want, `app ${appId}`);
  }

  /** The per-app settings changed: the client's entry may give it another scale. */
  settingsChanged(): void {
    const want = this.context.currentScaleFor?.(this.client, this.appId);
    if (want !== undefined) this.applyScale(want, 'settings');
  }

  /** True when a new scale reaches this client while it runs (see applyScale). */
  get followsScale(): boolean {
    if (!this.drawn) return true;
    return this.scaleAware && this.hasShell && (this.context.canFollowScale?.(this.client) ?? true);
  }

  /**
   * Switches the client to scale `want`. Before its first frame (apps set their app id before
   * drawing) nothing it sent is in use on the host yet. After it, the switch is live for clients
   * that learn their scale from us (they bound wl_output, fractional scale or wl_surface 6+):
   * outputs, preferred scales and size-locked configures are sent again, every surface sends
   * its sizes, regions and positions again at its next commit, and surfaces whose state is
   * complete are committed on the host at once, so the host never shows old and new scale
   * together. Other clients (X apps, clients that know of no output) keep their scale until
   * their next launch.
   */
  private applyScale(want: number, why: string): void {
    if (want === this.scale.factor || this.closing) return;
    if (!this.followsScale) {
      if (trace) debugLog('sommelier', `${why}: scale ${want} applies at the next launch`);
      return;
    }
    if (trace) debugLog('sommelier', `${why}: scale ${this.scale.factor} -> ${want}`);
    this.scale.change(want);
    this.epoch++;
    const listeners = [...this.rescaleListeners].sort((a, b) => a.order - b.order);
    for (const l of listeners) l.cb();
    if (this.drawn) for (const gs of [...this.surfaces]) if (gs.isRoot) gs.recommitTree();
    this.host.flush();
    this.client.display.flushClients();
  }

  /** The guest bound an object through which it learns its scale. */
  noteScaleAware(): void {
    this.scaleAware = true;
  }

  /** The guest bound xdg_wm_base: its windows are its own. */
  noteShell(): void {
    this.hasShell = true;
  }

  /** The guest committed a buffer (surface/surface-commit.ts). */
  noteDrawn(): void {
    this.drawn = true;
  }

  /**
   * Calls `cb` after the scale changes, while `guest` lives, to send again what depends on it.
   * Lower `order` first: xdg_output before wl_output, whose `done` applies both.
   */
  onRescale(guest: Resource, cb: () => void, order = 0): void {
    const entry = { order, cb };
    this.rescaleListeners.add(entry);
    guest.onDestroy(() => this.rescaleListeners.delete(entry));
  }

  /** Binds a host global on this client's connection, at the version the guest bound ours. */
  bindHost<T extends Proxy>(name: number, cls: ProxyClass<T>, version: number): T {
    return this.registry.bind(name, cls, version);
  }

  /** A host global sommelier uses for itself, bound on first use; null when the host lacks it. */
  internalGlobal<T extends Proxy>(cls: ProxyClass<T>, version: number): T | null {
    const have = this.internal.get(cls.spec.name);
    if (have) return have as T;
    const g = this.context.probe.find(cls.spec.name);
    if (!g) return null;
    const p = this.registry.bind(g.name, cls, Math.min(version, g.version));
    this.internal.set(cls.spec.name, p);
    return p;
  }

  // --- the object map ----------------------------------------------------------------------

  /** Pairs a guest resource with the host proxy that stands for it, until the guest one dies. */
  link<P extends Proxy>(guest: Resource, host: P): P {
    this.toHost.set(guest, host);
    this.toGuest.set(host, guest);
    this.byHostId.set(host.id, guest);
    guest.onDestroy(() => {
      if (this.byHostId.get(host.id) === guest) this.byHostId.delete(host.id);
    });
    return host;
  }

  /** The host proxy of a guest resource (every relayed guest object has one). */
  hostOf<P extends Proxy>(guest: Resource, cls: ProxyClass<P>): P {
    const p = this.toHost.get(guest);
    if (p instanceof cls) return p;
    throw new Error(`${guest} has no host ${cls.spec.name}`);
  }

  hostOfOrNull<P extends Proxy>(guest: Resource | null, cls: ProxyClass<P>): P | null {
    return guest === null ? null : this.hostOf(guest, cls);
  }

  /** The live guest resource of a host proxy, or null (unknown, or already gone in the guest). */
  guestOf<R extends Resource>(host: Proxy | null, cls: ResourceClass<R>): R | null {
    if (!host) return null;
    const r = this.toGuest.get(host);
    return r instanceof cls && !r.destroyed ? r : null;
  }

  // --- lifetime ----------------------------------------------------------------------------

  /** The guest client is gone: its host connection (and every host object on it) goes too. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.shadows.destroy();
    this.host.close();
  }

  get closed(): boolean {
    return this.closing;
  }

  /** The host ended this connection: tell the guest why, on the object that caused it if known. */
  private hostClosed(err: ConnectionError | null): void {
    if (this.closing) return;
    this.closing = true;
    this.shadows.destroy();
    const client = this.client;
    if (client.destroyed) return;
    const pid = client.credentials?.pid ?? '?';
    if (err && err.code >= 0) {
      const guest = this.byHostId.get(err.objectId);
      process.stderr.write(`sommelier: client ${pid}: the host rejected a request: ${err.message}\n`);
      if (guest && !guest.destroyed) client.postError(guest.id, err.code, `host compositor: ${err.message}`);
      else client.postError(1, DisplayError.implementation, `host compositor: ${err.message}`);
      return;
    }
    const why = err ? `: ${err.message}` : '';
    client.postError(1, DisplayError.implementation, `sommelier lost its host compositor connection${why}`);
  }

  /** A relay threw while handling a host event: a bug on our side, so only this client is cut off. */
  private listenerFailed(e: unknown): void {
    const err = e as Error;
    process.stderr.write(`sommelier: internal error relaying a host event: ${err.stack ?? String(err)}\n`);
    if (!this.client.destroyed)
      this.client.postError(1, DisplayError.implementation, `sommelier internal error: ${err.message}`);
    this.close();
  }
}
