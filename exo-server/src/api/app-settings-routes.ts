import {
  isAppKey,
  parseEntry,
  readSettingsFile,
  settingsPath,
  writeSettingsFile,
  type AppSettings,
} from '../../../sommelier/src/settings/app-settings.js';
import { HttpError, readJson, sendJson } from './http-json.js';
import type { RouteContext } from './routes.js';

/**
 * The per-app settings sommelier follows (sommelier/src/settings/), for the desktop page's
 * window menu and for scripts:
 *   GET    /api/app-settings            the whole file {"default": {...}, "apps": {...}}
 *   PUT    /api/app-settings/<appId>    {"scale": 1.5} → the stored entry
 *   DELETE /api/app-settings/<appId>    the app goes back to the default → {"appId", "removed"}
 * `appId` is the guest's own app id (without the `GUEST:` tag) or an executable name. Sommelier
 * re-reads the file when it changes: a new scale applies at once to running Wayland apps that
 * follow scale changes, and at the next launch to the others (X11 apps, apps that know of no
 * output); the answers say so in `applies`. Only sommelier knows which kind a window is: the
 * page's window menu watches the window's size to tell (web/src/app-menu.ts).
 */
const ENTRY_EXAMPLE = '{"scale": 1.5}';
const APPLIES = 'live-or-next-launch';

/** Writes to the file are serialized, so two quick PUTs never lose one another's change. */
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => T): Promise<T> {
  const next = queue.then(fn);
  queue = next.catch(() => undefined);
  return next;
}

function load(file: string): AppSettings {
  try {
    return readSettingsFile(file);
  } catch (e) {
    // Writing over a file the user broke would lose what they wrote: they fix it first.
    throw new HttpError(409, `the per-app settings file is not valid, fix it first: ${(e as Error).message}`);
  }
}

function appParam(text: string): string {
  let id: string;
  try {
    id = decodeURIComponent(text);
  } catch {
    id = text;
  }
  if (!isAppKey(id))
    throw new HttpError(
      400,
      `'${id.slice(0, 60)}' is not an app id: use the guest's own app id (without 'GUEST:'), e.g. org.gnome.Calculator`,
    );
  return id;
}

function getSettings({ res }: RouteContext): void {
  const file = settingsPath();
  sendJson(res, 200, { file, applies: APPLIES, ...load(file) });
}

async function putApp({ req, res, params }: RouteContext): Promise<void> {
  const appId = appParam(params[0]!);
  let entry;
  try {
    entry = parseEntry(await readJson(req, ENTRY_EXAMPLE), appId);
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, `${(e as Error).message}; send JSON such as ${ENTRY_EXAMPLE}`);
  }
  const file = settingsPath();
  const stored = await serialized(() => {
    const settings = load(file);
    settings.apps[appId] = entry;
    writeSettingsFile(file, settings);
    return settings.apps[appId];
  });
  sendJson(res, 200, { appId, ...stored, applies: APPLIES });
}

async function deleteApp({ res, params }: RouteContext): Promise<void> {
  const appId = appParam(params[0]!);
  const file = settingsPath();
  const removed = await serialized(() => {
    const settings = load(file);
    if (!Object.hasOwn(settings.apps, appId)) return false;
    delete settings.apps[appId];
    writeSettingsFile(file, settings);
    return true;
  });
  sendJson(res, 200, { appId, removed, applies: APPLIES });
}

export const APP_SETTINGS_ROUTES = [
  {
    method: 'GET' as const,
    path: '/api/app-settings',
    pattern: /^\/api\/app-settings$/,
    handle: getSettings,
  },
  {
    method: 'PUT' as const,
    path: '/api/app-settings/<appId>',
    pattern: /^\/api\/app-settings\/([^/]+)$/,
    handle: putApp,
  },
  {
    method: 'DELETE' as const,
    path: '/api/app-settings/<appId>',
    pattern: /^\/api\/app-settings\/([^/]+)$/,
    handle: deleteApp,
  },
];
