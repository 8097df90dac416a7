import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HeadlessBackend } from '../backend/headless.js';
import type { Exo } from '../exo.js';
import { ApiGuard, createToken, urlHost } from './auth.js';
import { HttpError, sendError } from './http-json.js';
import { dispatchRoute } from './routes.js';
import type { WebBackend } from '../backend/web/web-backend.js';
import { WebSocketServer } from 'ws';

export interface ControlApi {
  /** Base URL of the API, e.g. http://127.0.0.1:PORT/api */
  api: string;
  /** URL of the desktop page (carries the token once). */
  url: string;
  token: string;
  /** The TCP port the API listens on. */
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the HTTP control API on `host:port` (0 = any free port): JSON over HTTP for tests and
 * automation (windows, screenshots, input), behind a per-session token. Routes are in
 * routes.ts, who may call in auth.ts.
 */
export async function startControlApi(
  exo: Exo,
  backend: HeadlessBackend,
  opts: { host: string; port: number; web?: WebBackend | null },
): Promise<ControlApi> {
  const web = opts.web ?? null;
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const token = createToken();
  const guard = new ApiGuard(token, opts.host, port);

  // The desktop page's WebSocket: same checks as every request (Host, Origin, token cookie).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    try {
      const url = new URL(`http://exo${req.url ?? '/'}`);
      if (url.pathname !== '/ws' || !web) throw new HttpError(404, 'no WebSocket endpoint here');
      guard.check(req, url);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 400;
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => web!.attach(ws));
  });

  server.on('request', (req, res) => {
    handleRequest(exo, backend, web, guard, req, res).catch((e: unknown) => {
      process.stderr.write(`tartine: control API: ${(e as Error).stack ?? String(e)}\n`);
      res.destroy();
    });
  });

  const base = `http://${urlHost(opts.host)}:${port}`;
  return {
    api: `${base}/api`,
    url: `${base}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        web?.close();
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handleRequest(
  exo: Exo,
  backend: HeadlessBackend,
  web: WebBackend | null,
  guard: ApiGuard,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  try {
    const raw = req.url ?? '';
    if (!raw.startsWith('/'))
      throw new HttpError(400, `request target '${raw.slice(0, 100)}' must be a path starting with /`);
    // A fixed base keeps '//host/...' a path instead of a network reference.
    const url = new URL(`http://exo${raw}`);
    guard.check(req, url);
    await dispatchRoute({ exo, backend, web, token: guard.token, req, res }, url.pathname);
  } catch (e) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e instanceof HttpError) {
      sendError(res, e);
      return;
    }
    process.stderr.write(
      `tartine: control API ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}\n`,
    );
    sendError(res, new HttpError(500, `internal error: ${(e as Error).message}`));
  }
}
