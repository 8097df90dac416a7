import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '../../../compositor/src/server/client.js';
import { findIcon } from '../../../daemons/src/garcon/icons.js';
import type { Exo } from '../exo.js';
import { matchApp, matchByProgram, execProgram, type AppEntry } from './app-match.js';
import { originOfClient, type ClientOrigin } from './client-origin.js';
import { appIdTag, originWithTags } from './window-origin.js';
import { guestApps, hostApps } from './installed-apps.js';
import { runningGuestsOf, type RunningGuest } from './running-guests.js';

/** What the page shows of a window's app: GET /api/windows/<id>/app. */
export interface WindowApp {
  id: number;
  appId: string;
  /** Where its client runs: 'host', 'guest' or 'unknown' (see client-origin.ts). */
  origin: ClientOrigin['kind'];
  guest: string | null;
  /** The matched desktop entry, if any. */
  app: { desktopFileId: string; name: string } | null;
  /** A same-origin URL of the app's icon, or null: the page shows a generic one. */
  icon: string | null;
}

/** The program file name of a process (its executable, else argv[0]); '' when unreadable. */
function programOf(pid: number): string {
  try {
    return path.basename(fs.readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''));
  } catch {
    try {
      return path.basename(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '');
    } catch {
      return '';
    }
  }
}

/** Program file names of every process in the guest's pid namespace. */
function guestPrograms(guest: RunningGuest): Set<string> {
  const out = new Set<string>();
  let ns: string;
  try {
    ns = fs.readlinkSync(`/proc/${guest.pid}/ns/pid`);
  } catch {
    return out;
  }
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readlinkSync(`/proc/${name}/ns/pid`) !== ns) continue;
    } catch {
      continue;
    }
    const p = programOf(Number(name));
    if (p) out.add(p);
  }
  return out;
}

/** Every window of exo with its client. */
function windowsWithClients(exo: Exo): Array<{ id: number; appId: string; client: Client }> {
  const shell = exo.shell;
  return shell.windows().flatMap((w) => {
    const s = shell.windowSurface(w.id);
    return s ? [{ id: w.id, appId: w.appId, client: s.resource.client }] : [];
  });
}

/**
 * The app of window `id`, for its icon on the shelf and the title bar. The guest is the one
 * its connection runs in (never only what its app id's tag says); the app id (without the
 * `GUEST:` tag) is matched to that guest's desktop entries by desktop id, StartupWMClass or the
 * program Exec runs; failing that, by the programs running in the guest that only one entry
 * runs, leaving out entries other windows of that guest already match. Windows straight on
 * exo are matched to the host's entries, with their own process's program as the fallback.
 * Null for an unknown window.
 */
export async function windowApp(exo: Exo, id: number): Promise<WindowApp | null> {
  const all = windowsWithClients(exo);
  const win = all.find((w) => w.id === id);
  if (!win) return null;
  const guests = await runningGuestsOf(exo).list();
  const origin = originWithTags(exo, win.client, guests);
  const appId = appIdTag(win.appId)?.app ?? win.appId;
  const answer = (app: AppEntry | null, icon: ((a: AppEntry) => string) | null): WindowApp => ({
    id,
    appId: win.appId,
    origin: origin.kind,
    guest: origin.kind === 'guest' ? origin.guest.name : null,
    app: app ? { desktopFileId: app.desktopFileId, name: app.name } : null,
    icon: app && app.icon && icon ? icon(app) : null,
  });
  if (origin.kind === 'unknown') return answer(null, null);
  if (origin.kind === 'host') {
    const apps = await hostApps();
    const pid = win.client.credentials?.pid;
    const app = matchApp(appId, apps) ?? (pid ? matchByProgram(new Set([programOf(pid)]), apps) : null);
    // Only an icon that is there: a broken image would be logged in the page's console.
    const hasIcon = app !== null && findIcon(app.icon, 48, 1, process.env) !== null;
    return answer(app, hasIcon ? (a) => `/api/host/icons/${encodeURIComponent(a.desktopFileId)}` : null);
  }
  const guest = origin.guest;
  const apps = (await guestApps()).get(guest.name) ?? [];
  let app = matchApp(appId, apps);
  if (!app) {
    const running = guestPrograms(guest);
    for (const other of all) {
      if (other.id === id) continue;
      const o = originOfClient(other.client, guests);
      if (o.kind !== 'guest' || o.guest.name !== guest.name) continue;
      const claimed = matchApp(appIdTag(other.appId)?.app ?? other.appId, apps);
      if (claimed) running.delete(execProgram(claimed.exec));
    }
    app = matchByProgram(running, apps);
  }
  return answer(
    app,
    (a) => `/api/guests/${encodeURIComponent(guest.name)}/icons/${encodeURIComponent(a.desktopFileId)}`,
  );
}
