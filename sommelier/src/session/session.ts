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
  /** True once the guest committed a buffer: from then on its scale stays (see appIdSet). */
  private drawn = false;
  private readonly rescaleListeners = new Set<{ order: number; cb: () => void }>();

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
   * The guest set a toplevel's app id (untagged). If the per-app settings give that app another
   * scale and the client has drawn nothing yet (apps set their app id before their first frame),
   * the scale switches now: every conversion at once, and the outputs and fractional scales are
   * sent again so the client renders for it. Once it has drawn, sizes, regions and positions it
   * sent are in use on the host at the old scale, so the new one waits for its next launch.
   */
  appIdSet(appId: string): void {
    const want = this.context.appIdSet?.(this.client, appId);
    if (want === undefined || want === this.scale.factor) return;
    if (this.drawn) {
      if (trace) debugLog('sommelier', `app ${appId}: scale ${want} applies at its next launch`);
      return;
    }
    if (trace) debugLog('sommelier', `app ${appId}: scale ${this.scale.factor} -> ${want}`);
    this.scale.change(want);
    const listeners = [...this.rescaleListeners].sort((a, b) => a.order - b.order);
    for (const l of listeners) l.cb();
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
