import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeadlessBackend } from '../backend/headless.js';
import type { Exo } from '../exo.js';
import type { SeatApi } from '../seat/seat-api.js';
import type { ShellApi, WindowInfo } from '../shell/shell-api.js';
import { TOKEN_COOKIE } from './auth.js';
import { desktopPlaceholder } from './desktop-page.js';
import { DESKTOP_CSP, desktopHtml, serveAsset } from './desktop-assets.js';
import type { WebBackend } from '../backend/web/web-backend.js';
import { CLIPBOARD_ROUTES } from './clipboard-routes.js';
import { PASTE_ROUTES } from '../backend/web/clipboard-session.js';
import { DROP_ROUTES } from '../backend/web/file-upload.js';
import { HttpError, readJson, sendBytes, sendJson } from './http-json.js';
import { applyInputEvents, INPUT_EXAMPLE, parseInputEvents } from './input-events.js';
import { encodePng } from './screenshot.js';
import { ACTION_EXAMPLE, parseWindowAction } from './window-actions.js';
import { GUEST_ROUTES } from './guests-routes.js';
import { APP_SETTINGS_ROUTES } from './app-settings-routes.js';
import { WINDOW_APP_ROUTES } from './window-app-routes.js';

/** What a route handler gets: the server's objects, the request, and the path's captures. */
export interface RouteContext {
  exo: Exo;
  backend: HeadlessBackend;
  /** The browser desktop, when exo runs with it (not --headless). */
  web: WebBackend | null;
  token: string;
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As shown in the route list of a 404. */
  path: string;
  pattern: RegExp;
  handle(ctx: RouteContext): Promise<void> | void;
}

const ROUTES: Route[] = [
  { method: 'GET', path: '/', pattern: /^\/$/, handle: desktopPage },
  {
    method: 'GET',
    path: '/app/<file>',
    pattern: /^\/app\/([^/]+)$/,
    handle: ({ res, params }) => serveAsset(res, params[0]!),
  },
  {
    method: 'GET',
    path: '/api/health',
    pattern: /^\/api\/health$/,
    handle: ({ res }) => sendJson(res, 200, { ok: true }),
  },
  { method: 'GET', path: '/api/windows', pattern: /^\/api\/windows$/, handle: listWindows },
  { method: 'GET', path: '/api/windows/<id>', pattern: /^\/api\/windows\/([^/]+)$/, handle: getWindow },
  { method: 'POST', path: '/api/windows/<id>', pattern: /^\/api\/windows\/([^/]+)$/, handle: actOnWindow },
  {
    method: 'GET',
    path: '/api/windows/<id>/screenshot.png',
    pattern: /^\/api\/windows\/([^/]+)\/screenshot\.png$/,
    handle: windowScreenshot,
  },
  {
    method: 'GET',
    path: '/api/screenshot.png',
    pattern: /^\/api\/screenshot\.png$/,
    handle: desktopScreenshot,
  },
  { method: 'POST', path: '/api/input', pattern: /^\/api\/input$/, handle: postInput },
  ...CLIPBOARD_ROUTES,
  ...PASTE_ROUTES, // the page's pastes (backend/web/clipboard-session.ts)
  ...DROP_ROUTES, // files dropped on the page (backend/web/file-upload.ts)
  ...GUEST_ROUTES, // guests' apps, icons, launches and open-URL events (api/guests-routes.ts)
  ...APP_SETTINGS_ROUTES, // per-app scale for sommelier (api/app-settings-routes.ts)
  ...WINDOW_APP_ROUTES, // which app a window is, for its icon (api/window-app-routes.ts)
];

/** Every route, as `METHOD /path`. */
export const ROUTE_LIST = ROUTES.map((r) => `${r.method} ${r.path}`);

/** Finds and runs the route for a request; throws HttpError 404/405 naming the routes. */
export async function dispatchRoute(ctx: Omit<RouteContext, 'params'>, pathname: string): Promise<void> {
  const matching = ROUTES.map((r) => ({ r, m: r.pattern.exec(pathname) })).filter((x) => x.m !== null);
  if (matching.length === 0)
    throw new HttpError(
      404,
      `no route for ${ctx.req.method} ${pathname.slice(0, 200)}; routes: ${ROUTE_LIST.join(', ')}`,
      {
        routes: ROUTE_LIST,
      },
    );
  const hit = matching.find((x) => x.r.method === ctx.req.method);
  if (!hit) {
    const allowed = matching.map((x) => x.r.method);
    throw new HttpError(
      405,
      `${ctx.req.method} is not allowed on ${pathname}; use ${allowed.join(' or ')}`,
      { routes: ROUTE_LIST },
      { Allow: allowed.join(', ') },
    );
  }
  await hit.r.handle({ ...ctx, params: hit.m!.slice(1) });
}

function shellOf(exo: Exo): ShellApi {
  try {
    return exo.shell;
  } catch {
    throw new HttpError(
      503,
      'this exo has no window manager installed, so there are no windows to list or act on',
    );
  }
}

function seatOf(exo: Exo): SeatApi {
  try {
    return exo.seat;
  } catch {
    throw new HttpError(503, 'this exo has no seat installed, so it cannot take input');
  }
}

/** The window `idText` names, or a 404 listing the windows there are. */
function findWindow(shell: ShellApi, idText: string): WindowInfo {
  const windows = shell.windows();
  const id = /^\d+$/.test(idText) ? Number(idText) : NaN;
  const w = windows.find((x) => x.id === id);
  if (!w)
    throw new HttpError(
      404,
      `no window ${decodeSafe(idText).slice(0, 50)}; GET /api/windows lists the open windows (ids now: ${windows.map((x) => x.id).join(', ') || 'none'})`,
    );
  return w;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function desktopPage({ req, res, token, web }: RouteContext): void {
  const cookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  // The READY URL carries the token once: keep it in the cookie and drop it from the address bar.
  const url = new URL(`http://exo${req.url ?? '/'}`);
  if (url.searchParams.has('token')) {
    // Page settings in the same URL (e.g. ?renderer=2d) survive the redirect.
    url.searchParams.delete('token');
    res.writeHead(303, {
      Location: `/${url.search}`,
      'Set-Cookie': cookie,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    res.end();
    return;
  }
  const body = web ? desktopHtml() : Buffer.from(desktopPlaceholder());
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': web ? DESKTOP_CSP : "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
    'Set-Cookie': cookie,
  });
  res.end(body);
}

function listWindows({ exo, res }: RouteContext): void {
  sendJson(res, 200, shellOf(exo).windows());
}

function getWindow({ exo, res, params }: RouteContext): void {
  sendJson(res, 200, findWindow(shellOf(exo), params[0]!));
}

async function actOnWindow({ exo, req, res, params }: RouteContext): Promise<void> {
  const shell = shellOf(exo);
  const before = findWindow(shell, params[0]!);
  const action = parseWindowAction(await readJson(req, ACTION_EXAMPLE));
  try {
    shell.act(before.id, action);
  } catch (e) {
    throw new HttpError(400, `window ${before.id}: ${(e as Error).message}`);
  }
  exo.flush();
  // A closed window stays listed until its client destroys it; then the last known state is all there is.
  sendJson(res, 200, shell.windows().find((w) => w.id === before.id) ?? before);
}

async function desktopScreenshot({ backend, res }: RouteContext): Promise<void> {
  backend.repaint();
  sendBytes(res, 'image/png', await encodePng(backend.framebuffer));
}

async function windowScreenshot({ exo, backend, res, params }: RouteContext): Promise<void> {
  const shell = shellOf(exo);
  const info = findWindow(shell, params[0]!);
  const surface = shell.windowSurface(info.id);
  backend.repaint();
  const fb = surface ? backend.renderSurfaceTree(surface) : null;
  if (!fb) throw new HttpError(409, `window ${info.id} has no content to show yet (nothing committed)`);
  sendBytes(res, 'image/png', await encodePng(fb));
}

async function postInput({ exo, req, res }: RouteContext): Promise<void> {
  const events = parseInputEvents(await readJson(req, INPUT_EXAMPLE), exo.output);
  applyInputEvents(seatOf(exo), events);
  // Answer only once the clients have been sent what the input caused.
  exo.flush();
  sendJson(res, 200, { ok: true });
}
