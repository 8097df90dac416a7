import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { HttpError } from './http-json.js';

/** Name of the cookie the desktop page carries the token in. */
export const TOKEN_COOKIE = 'tartine_token';

/** A fresh session token: 32 random bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** `host` as it appears in a URL (IPv6 in brackets). */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/**
 * Who may talk to the API: requests must name this server in their Host header (a web page
 * that rebinds its own domain name to 127.0.0.1 cannot), come from no other web origin, and
 * carry the session token, as `Authorization: Bearer`, as the desktop cookie, or (for the
 * desktop page only) as `?token=` in the URL exo prints.
 */
export class ApiGuard {
  private readonly tokenDigest: Buffer;
  private readonly hosts = new Set<string>();
  private readonly anyIpLiteral: boolean;

  constructor(
    readonly token: string,
    listenHost: string,
    readonly port: number,
  ) {
    this.tokenDigest = digest(token);
    const names = [urlHost(listenHost)];
    if (isLoopback(listenHost) || isWildcard(listenHost)) names.push('localhost', '127.0.0.1', '[::1]');
    for (const n of names) this.hosts.add(`${n.toLowerCase()}:${port}`);
    // Listening on every address: any IP literal is fine (DNS rebinding needs a domain name).
    this.anyIpLiteral = isWildcard(listenHost);
  }

  /** The one address clients should use. */
  get preferredHost(): string {
    return [...this.hosts][0]!;
  }

  /** Throws an HttpError when the request may not be served. */
  check(req: IncomingMessage, url: URL): void {
    this.checkHost(req.headers.host);
    this.checkOrigin(req.headers.origin);
    this.checkToken(req, url);
  }

  private hostAllowed(host: string): boolean {
    const h = host.toLowerCase();
    if (this.hosts.has(h)) return true;
    if (!this.anyIpLiteral) return false;
    const m = /^(.*):(\d+)$/.exec(h);
    if (!m || Number(m[2]) !== this.port) return false;
    const name = m[1]!.replace(/^\[(.*)\]$/, '$1');
    return isIP(name) !== 0;
  }

  private checkHost(host: string | undefined): void {
    if (host === undefined || host === '')
      throw new HttpError(400, `the request has no Host header; send Host: ${this.preferredHost}`);
    if (!this.hostAllowed(host))
      throw new HttpError(
        403,
        `Host '${host.slice(0, 100)}' is not this server's address; use http://${this.preferredHost}/ (requests through other host names are refused)`,
      );
  }

  private checkOrigin(origin: string | undefined): void {
    if (origin === undefined) return;
    const m = /^http:\/\/(.+)$/.exec(origin);
    if (!m || !this.hostAllowed(m[1]!))
      throw new HttpError(
        403,
        `requests from the web origin '${origin.slice(0, 100)}' are refused; only http://${this.preferredHost} may call this API`,
      );
  }

  private checkToken(req: IncomingMessage, url: URL): void {
    const auth = req.headers.authorization;
    let given: string | undefined;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      if (!m)
        throw new HttpError(
          401,
          "the Authorization header must be 'Bearer <token>', with the token from exo's READY line",
          {},
          { 'WWW-Authenticate': 'Bearer realm="tartine"' },
        );
      given = m[1];
    }
    given ??= cookieValue(req.headers.cookie, TOKEN_COOKIE);
    if (given === undefined && url.pathname === '/' && req.method === 'GET')
      given = url.searchParams.get('token') ?? undefined;
    if (given === undefined)
      throw new HttpError(
        401,
        `missing session token: send the header 'Authorization: Bearer <token>' (the token is in exo's READY line) or the cookie ${TOKEN_COOKIE}=<token>`,
        {},
        { 'WWW-Authenticate': 'Bearer realm="tartine"' },
      );
    if (!timingSafeEqual(digest(given), this.tokenDigest))
      throw new HttpError(403, "wrong session token: use the token from exo's READY line of this run");
  }
}

/** Equal-length digests, so comparing them takes the same time whatever was sent. */
function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
