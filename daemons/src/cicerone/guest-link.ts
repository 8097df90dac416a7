import type * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import type { App } from '../grpc/messages.js';
import { services } from '../grpc/protos.js';
import { clientFor, serveUnix, unaryHandlers } from '../grpc/unix-rpc.js';

/** What a guest's garcon tells cicerone, as cicerone's events. */
export interface GuestLinkEvents {
  appsChanged(guest: string): void;
  openUrl(guest: string, url: string): void;
}

/** Longest URL a guest may ask to open. */
const MAX_URL = 8192;
/** Schemes a guest may open in the desktop's browser: never javascript:, data:, file: or the like. */
const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** Checks a URL from a guest (untrusted): a well-formed http(s) or mailto URL, or a GuestError. */
export function checkGuestUrl(url: string): string {
  let u: URL;
  try {
    if (url.length > MAX_URL) throw new Error('too long');
    u = new URL(url);
  } catch {
    throw new GuestError(GuestErrorCode.badPath, `'${url.slice(0, 100)}' is not a URL the desktop can open`);
  }
  if (!SCHEMES.has(u.protocol))
    throw new GuestError(
      GuestErrorCode.badPath,
      `the desktop opens only http, https and mailto URLs from guests, not ${u.protocol}`,
    );
  return u.href;
}

/**
 * Cicerone's side of one running guest: the GuestHost service on the guest's own socket (the
 * socket a call comes in on is the guest's identity, which the guest cannot forge), the guest's
 * latest app list, and a client of its garcon.
 */
export class GuestLink {
  apps: App[] = [];
  user = '';
  private server: grpc.Server | null = null;
  private garconClient: grpc.Client | null = null;
  private readyWaiters: Array<() => void> = [];
  ready = false;

  constructor(
    readonly guest: string,
    readonly linkDir: string,
    private readonly events: GuestLinkEvents,
  ) {}

  async listen(): Promise<void> {
    this.server = await serveUnix(path.join(this.linkDir, 'cicerone.sock'), (s) =>
      s.addService(
        services().GuestHost.service,
        unaryHandlers({
          garconReady: (r: { user: string }) => {
            this.user = r.user;
            this.ready = true;
            for (const w of this.readyWaiters.splice(0)) w();
            return {};
          },
          updateApps: (r: { apps: App[] }) => {
            this.apps = r.apps.slice(0, 5000);
            this.events.appsChanged(this.guest);
            return {};
          },
          openUrl: (r: { url: string }) => {
            this.events.openUrl(this.guest, checkGuestUrl(r.url));
            return {};
          },
        }),
      ),
    );
  }

  /** Resolves true once garcon said it is ready, false after `timeoutMs`. */
  waitReady(timeoutMs: number): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        // Also woken when the link closes: then it is not ready.
        resolve(this.ready);
      });
    });
  }

  /**
   * A client of the guest's garcon. The link folder is writable by the guest, so its socket is
   * checked to be a socket, not a link the guest planted to point cicerone at another host socket.
   */
  garcon(): grpc.Client {
    const sock = path.join(this.linkDir, 'garcon.sock');
    if (!fs.lstatSync(sock, { throwIfNoEntry: false })?.isSocket())
      throw new GuestError(
        GuestErrorCode.agent,
        `guest '${this.guest}' has no garcon socket; restart it: vmc stop ${this.guest} && vmc start ${this.guest}`,
      );
    this.garconClient ??= clientFor(services().Garcon, sock);
    return this.garconClient;
  }

  close(): void {
    this.server?.forceShutdown();
    this.garconClient?.close();
    this.server = null;
    this.garconClient = null;
    this.ready = false;
    for (const w of this.readyWaiters.splice(0)) w();
  }
}
