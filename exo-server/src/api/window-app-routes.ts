import { findIcon } from '../../../daemons/src/garcon/icons.js';
import { windowApp } from '../guests/window-app.js';
import { hostApps } from '../guests/installed-apps.js';
import { HttpError, sendJson } from './http-json.js';
import type { RouteContext } from './routes.js';

/**
 * Which app a window is, for its icon on the shelf and the title bar:
 *   GET /api/windows/<id>/app         {id, appId, origin: host|guest|unknown, guest, app, icon}
 *                                     (icon: a same-origin URL, or null for the generic one;
 *                                     origin 'gone' for a window that closed meanwhile)
 *   GET /api/host/icons/<app-id>      a host app's icon (PNG or SVG; ?size=48&scale=2)
 * Guest app icons are served by guests-routes.ts.
 */

async function getWindowApp({ exo, res, params }: RouteContext): Promise<void> {
  const id = Number(params[0]);
  if (!Number.isInteger(id))
    throw new HttpError(404, `no window ${params[0]!.slice(0, 40)}; GET /api/windows lists them`);
  // A window gone by now answers too: the page asks as windows come and go, and a 404 would be
  // logged in its console for what is no error.
  sendJson(res, 200, (await windowApp(exo, id)) ?? { id, origin: 'gone', app: null, icon: null });
}

async function hostIcon({ req, res, params }: RouteContext): Promise<void> {
  const id = decodeURIComponent(params[0]!);
  const q = new URL(`http://exo${req.url ?? '/'}`).searchParams;
  const size = Math.min(512, Math.max(16, Number(q.get('size')) || 48));
  const scale = Math.min(4, Math.max(1, Number(q.get('scale')) || 1));
  const app = (await hostApps()).find((a) => a.desktopFileId === id);
  const found = app ? findIcon(app.icon, size, scale, process.env) : null;
  if (!found) throw new HttpError(404, `the host has no icon for '${id.slice(0, 80)}'`);
  res.writeHead(200, {
    'Content-Type': found.format === 'svg' ? 'image/svg+xml' : 'image/png',
    'Content-Length': String(found.content.length),
    'Cache-Control': 'private, max-age=300',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  });
  res.end(found.content);
}

/** The routes, in the shape of routes.ts's table (registered there with one line). */
export const WINDOW_APP_ROUTES = [
  {
    method: 'GET' as const,
    path: '/api/windows/<id>/app',
    pattern: /^\/api\/windows\/([^/]+)\/app$/,
    handle: getWindowApp,
  },
  {
    method: 'GET' as const,
    path: '/api/host/icons/<app-id>',
    pattern: /^\/api\/host\/icons\/([^/]+)$/,
    handle: hostIcon,
  },
];
