import type * as grpc from '@grpc/grpc-js';
import { GuestError, GuestErrorCode, guestNotRunning } from '../../../vmm/src/guest-error.js';
import type { DesktopEvent, GetIconsRequest, GuestApps, LaunchAppRequest } from '../grpc/messages.js';
import { call } from '../grpc/unix-rpc.js';
import { GuestLink } from './guest-link.js';

/** How long a call for a guest that is still starting waits for its garcon. */
const AGENT_WAIT_MS = 20_000;

/**
 * Cicerone: routes between the desktop and each running guest's garcon. Concierge attaches a
 * guest before starting it and detaches it when it stops; the desktop (exo) lists apps,
 * launches them, fetches icons and watches for open-URL requests through the Cicerone service.
 */
export class Cicerone {
  private readonly links = new Map<string, GuestLink>();
  private readonly watchers = new Set<grpc.ServerWritableStream<unknown, DesktopEvent>>();

  constructor(
    /** Whether a guest of that name exists (for the error that tells unknown from stopped). */
    private readonly guestExists: (name: string) => boolean,
    private readonly unknownGuest: (name: string) => GuestError,
  ) {}

  async attach(guest: string, linkDir: string): Promise<GuestLink> {
    this.detach(guest);
    const link = new GuestLink(guest, linkDir, {
      appsChanged: (g) => this.emit({ guest: g, appsChanged: {} }),
      openUrl: (g, url) => {
        if (this.watchers.size === 0)
          throw new GuestError(
            GuestErrorCode.noDesktop,
            `no desktop page is open to show ${url}; open the desktop in the browser (npm start prints its address)`,
          );
        this.emit({ guest: g, openUrl: { url } });
      },
    });
    this.links.set(guest, link);
    await link.listen();
    return link;
  }

  /** Forgets the guest's link (only `which`, when given: a restarted guest has a new one). */
  detach(guest: string, which?: GuestLink): void {
    const link = this.links.get(guest);
    if (!link || (which && link !== which)) return;
    link.close();
    this.links.delete(guest);
    this.emit({ guest, appsChanged: {} });
  }

  private emit(e: DesktopEvent): void {
    for (const w of this.watchers) w.write(e);
  }

  /** The guest's link once its garcon is ready (a guest that is still starting is waited for). */
  private async link(guest: string, wanted: string): Promise<GuestLink> {
    const link = this.links.get(guest);
    if (link && (link.ready || (await link.waitReady(AGENT_WAIT_MS)))) return link;
    if (link)
      throw new GuestError(
        GuestErrorCode.agent,
        `the agent (garcon) of guest '${guest}' is not answering, so it cannot ${wanted}; see why with: vmc logs ${guest}`,
      );
    if (!this.guestExists(guest)) throw this.unknownGuest(guest);
    throw guestNotRunning(guest, wanted);
  }

  async listApps(guest: string): Promise<{ guests: GuestApps[] }> {
    if (guest) return { guests: [{ guest, apps: (await this.link(guest, 'list its apps')).apps }] };
    const guests = [...this.links.values()]
      .filter((l) => l.ready)
      .map((l) => ({ guest: l.guest, apps: l.apps }));
    return { guests: guests.sort((a, b) => a.guest.localeCompare(b.guest)) };
  }

  async launchApp(guest: string, app: LaunchAppRequest): Promise<{ pid: number }> {
    const link = await this.link(guest, 'launch apps');
    return call(link.garcon(), 'launchApp', app, `garcon in guest '${guest}'`);
  }

  async getIcons(guest: string, req: GetIconsRequest): Promise<unknown> {
    const link = await this.link(guest, 'send icons');
    return call(link.garcon(), 'getIcons', req, `garcon in guest '${guest}'`);
  }

  /** A desktop watching for events until it hangs up. */
  watch(stream: grpc.ServerWritableStream<unknown, DesktopEvent>): void {
    this.watchers.add(stream);
    const drop = (): void => void this.watchers.delete(stream);
    stream.on('cancelled', drop);
    stream.on('close', drop);
    stream.on('error', drop);
  }

  close(): void {
    for (const g of [...this.links.keys()]) this.detach(g);
    for (const w of this.watchers) w.end();
    this.watchers.clear();
  }
}
