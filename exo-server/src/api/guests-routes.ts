import type { DesktopClient } from '../../../daemons/src/cicerone/desktop-client.js';
import type { App } from '../../../daemons/src/grpc/messages.js';
import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import { isGuestName } from '../../../vmm/src/guest-name.js';
import { HttpError, readJson, sendJson } from './http-json.js';
import type { RouteContext } from './routes.js';

/**
 * The desktop page's view of the guests, through cicerone (daemons/src/cicerone/):
 *   GET  /api/guests/apps                    every running guest's apps, with icon URLs
 *   GET  /api/guests/<guest>/icons/<app-id>  an app's icon (PNG or SVG; ?size=48&scale=2)
 *   POST /api/guests/<guest>/launch          {"desktopFileId": "...", "files"?: [...], "scale"?: n}
 *   GET  /api/guests/events                  text/event-stream: `open-url` {guest, url} (open it
 *                                            in a new tab) and `apps-changed` {guest}
 */
let client: Promise<DesktopClient> | null = null;
/** Loaded on first use: exo starts without gRPC, and pays for it only when a page asks. */
function cicerone(): Promise<DesktopClient> {
  client ??= import('../../../daemons/src/cicerone/desktop-client.js').then((m) => new m.DesktopClient());
  return client;
}

const HTTP_STATUS: Partial<Record<GuestErrorCode, number>> = {
  [GuestErrorCode.unknown]: 404,
  [GuestErrorCode.notRunning]: 409,
  [GuestErrorCode.badName]: 400,
  [GuestErrorCode.badPath]: 400,
  [GuestErrorCode.agent]: 502,
};

async function guarded<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof GuestError) throw new HttpError(HTTP_STATUS[e.code] ?? 500, e.message, { code: e.code });
    throw e;
  }
}

function guestParam(text: string): string {
  if (!isGuestName(text))
    throw new HttpError(
      404,
      `no guest '${text.slice(0, 40)}'; GET /api/guests/apps lists the running guests`,
    );
  return text;
}

function appView(guest: string, app: App): Record<string, unknown> {
  return {
    desktopFileId: app.desktopFileId,
    name: app.name,
    comment: app.comment,
    icon: app.icon ? `/api/guests/${guest}/icons/${encodeURIComponent(app.desktopFileId)}` : null,
    startupWmClass: app.startupWmClass,
    mimeTypes: app.mimeTypes,
    noDisplay: app.noDisplay,
    terminal: app.terminal,
  };
}

async function listApps({ res }: RouteContext): Promise<void> {
  const guests = await (await cicerone()).listApps();
  sendJson(res, 200, {
    guests: guests.map((g) => ({ guest: g.guest, apps: g.apps.map((a) => appView(g.guest, a)) })),
  });
}

async function icon({ req, res, params }: RouteContext): Promise<void> {
  const guest = guestParam(params[0]!);
  const id = decodeURIComponent(params[1]!);
  const q = new URL(`http://exo${req.url ?? '/'}`).searchParams;
  const size = Math.min(512, Math.max(16, Number(q.get('size')) || 48));
  const scale = Math.min(4, Math.max(1, Number(q.get('scale')) || 1));
  const found = await guarded((await cicerone()).icon(guest, { desktopFileIds: [id], size, scale }));
  if (!found) throw new HttpError(404, `guest '${guest}' has no icon for '${id.slice(0, 80)}'`);
  const body = Buffer.from(found.content);
  res.writeHead(200, {
    'Content-Type': found.format === 'svg' ? 'image/svg+xml' : 'image/png',
    'Content-Length': String(body.length),
    'Cache-Control': 'private, max-age=300',
    'X-Content-Type-Options': 'nosniff',
    // An icon comes from the guest (untrusted): opened on its own, an SVG must run nothing.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  });
  res.end(body);
}

const LAUNCH_EXAMPLE = '{"desktopFileId": "org.gnome.Calculator", "files": [], "scale": 1}';

async function launch({ req, res, params }: RouteContext): Promise<void> {
  const guest = guestParam(params[0]!);
  const body = (await readJson(req, LAUNCH_EXAMPLE)) as Record<string, unknown>;
  const id = body?.['desktopFileId'];
  const files = body?.['files'] ?? [];
  const scale = body?.['scale'] ?? 0;
  if (typeof id !== 'string' || id === '')
    throw new HttpError(400, `desktopFileId must be a non-empty string, e.g. ${LAUNCH_EXAMPLE}`);
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string'))
    throw new HttpError(400, 'files must be a list of strings');
  if (typeof scale !== 'number' || !(scale === 0 || (scale >= 0.1 && scale <= 10)))
    throw new HttpError(400, 'scale must be a number from 0.1 to 10 (or 0 for the default)');
  sendJson(
    res,
    200,
    await guarded(
      (await cicerone()).launch(guest, { desktopFileId: id, files: files as string[], scale, command: [] }),
    ),
  );
}

async function events({ req, res }: RouteContext): Promise<void> {
  const desktop = await cicerone();
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.write(': guests events\n\n');
  const send = (e: { type: string }): void =>
    void res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  const unsubscribe = desktop.subscribe(send);
  // Keeps proxies and the browser from timing the stream out.
  const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
  const end = (): void => {
    clearInterval(ping);
    unsubscribe();
  };
  req.once('close', end);
  res.once('close', end);
}

/** The routes, in the shape of routes.ts's table (registered there with one line). */
export const GUEST_ROUTES = [
  { method: 'GET' as const, path: '/api/guests/apps', pattern: /^\/api\/guests\/apps$/, handle: listApps },
  { method: 'GET' as const, path: '/api/guests/events', pattern: /^\/api\/guests\/events$/, handle: events },
  {
    method: 'GET' as const,
    path: '/api/guests/<guest>/icons/<app-id>',
    pattern: /^\/api\/guests\/([^/]+)\/icons\/([^/]+)$/,
    handle: icon,
  },
  {
    method: 'POST' as const,
    path: '/api/guests/<guest>/launch',
    pattern: /^\/api\/guests\/([^/]+)\/launch$/,
    handle: launch,
  },
];
