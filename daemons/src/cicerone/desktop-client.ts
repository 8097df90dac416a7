import type * as grpc from '@grpc/grpc-js';
import type { DesktopEvent, GetIconsRequest, GuestApps, Icon, LaunchAppRequest } from '../grpc/messages.js';
import { ciceroneClient } from '../concierge/concierge-client.js';
import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import { call } from '../grpc/unix-rpc.js';

/** An event for the desktop page, as the page gets it. */
export type DesktopPageEvent =
  { type: 'open-url'; guest: string; url: string } | { type: 'apps-changed'; guest: string };

/**
 * The desktop's (exo's) side of cicerone: app lists, launches, icons, and one shared
 * WatchDesktop stream fanned out to every page that listens, held only while one does.
 * Everything is null/empty when no concierge daemon runs (no guest can be running then).
 */
export class DesktopClient {
  private client: grpc.Client | null = null;
  private stream: grpc.ClientReadableStream<DesktopEvent> | null = null;
  private readonly listeners = new Set<(e: DesktopPageEvent) => void>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  private connect(): grpc.Client | null {
    if (!this.client) this.client = ciceroneClient(this.env);
    return this.client;
  }

  private need(): grpc.Client {
    const c = this.connect();
    if (!c)
      throw new GuestError(
        GuestErrorCode.notRunning,
        'no guest is running (the concierge daemon is not up); start one with: vmc start penguin',
      );
    return c;
  }

  /** Drops the connection after a failure, so the next call finds a restarted daemon. */
  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof GuestError && (e.code === GuestErrorCode.agent || e.code === GuestErrorCode.internal))
        this.reset();
      throw e;
    }
  }

  async listApps(): Promise<GuestApps[]> {
    const c = this.connect();
    if (!c) return [];
    try {
      return (await call<{ guests: GuestApps[] }>(c, 'listApps', { guest: '' }, 'cicerone', 5000)).guests;
    } catch {
      this.reset();
      return [];
    }
  }

  launch(guest: string, app: LaunchAppRequest): Promise<{ pid: number }> {
    return this.guard(call(this.need(), 'launchApp', { guest, app }, 'cicerone'));
  }

  async icon(guest: string, req: GetIconsRequest): Promise<Icon | null> {
    const r = await this.guard(
      call<{ icons: Icon[] }>(this.need(), 'getIcons', { guest, icons: req }, 'cicerone', 10_000),
    );
    return r.icons[0] ?? null;
  }

  /** Calls `fn` with every event until the returned function is called. */
  subscribe(fn: (e: DesktopPageEvent) => void): () => void {
    this.listeners.add(fn);
    this.ensureStream();
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) {
        this.stream?.cancel();
        this.stream = null;
      }
    };
  }

  private ensureStream(): void {
    if (this.stream || this.listeners.size === 0) return;
    const c = this.connect();
    if (!c) {
      // No daemon yet: look again shortly (a guest may be started while the page is open).
      setTimeout(() => this.ensureStream(), 2000).unref();
      return;
    }
    const stream = (
      c as unknown as { watchDesktop(r: object): grpc.ClientReadableStream<DesktopEvent> }
    ).watchDesktop({});
    this.stream = stream;
    stream.on('data', (e: DesktopEvent) => {
      const ev: DesktopPageEvent | null =
        e.event === 'openUrl' && e.openUrl
          ? { type: 'open-url', guest: e.guest, url: e.openUrl.url }
          : e.event === 'appsChanged'
            ? { type: 'apps-changed', guest: e.guest }
            : null;
      if (ev) for (const l of this.listeners) l(ev);
    });
    stream.on('error', () => {});
    stream.on('close', () => {
      if (this.stream !== stream) return;
      this.stream = null;
      this.reset();
      setTimeout(() => this.ensureStream(), 1000).unref();
    });
  }

  private reset(): void {
    this.stream?.cancel();
    this.stream = null;
    this.client?.close();
    this.client = null;
  }

  close(): void {
    this.listeners.clear();
    this.reset();
  }
}
