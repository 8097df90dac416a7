import type { DesktopClient } from '../../../daemons/src/cicerone/desktop-client.js';
import type { AppEntry } from './app-match.js';

/**
 * The apps installed in each running guest (garcon's lists, through cicerone) and on the host
 * (its own desktop entries), kept for a few seconds: windows are matched to them for icons.
 */
const GUEST_MAX_AGE_MS = 3000;
const HOST_MAX_AGE_MS = 60_000;

let client: Promise<DesktopClient> | null = null;
let guestCache: { at: number; apps: Promise<Map<string, AppEntry[]>> } | null = null;
let hostCache: { at: number; apps: AppEntry[] } | null = null;

/** Every running guest's apps, by guest name (empty when no daemon runs). */
export function guestApps(): Promise<Map<string, AppEntry[]>> {
  if (guestCache && Date.now() - guestCache.at <= GUEST_MAX_AGE_MS) return guestCache.apps;
  client ??= import('../../../daemons/src/cicerone/desktop-client.js').then((m) => new m.DesktopClient());
  const apps = client.then(async (c) => new Map((await c.listApps()).map((g) => [g.guest, g.apps])));
  guestCache = { at: Date.now(), apps };
  return apps;
}

/** The host's own apps (clients straight on exo). */
export async function hostApps(): Promise<AppEntry[]> {
  if (hostCache && Date.now() - hostCache.at <= HOST_MAX_AGE_MS) return hostCache.apps;
  const { scanApps } = await import('../../../daemons/src/garcon/app-list.js');
  const apps = scanApps(process.env);
  hostCache = { at: Date.now(), apps };
  return apps;
}
