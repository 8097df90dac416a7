import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { HttpError } from './http-json.js';

/** The repository root, found from this compiled file (dist/exo-server/src/api/). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PAGE_DIR = path.join(ROOT, 'exo-server', 'web');
const SCRIPT_DIR = path.join(ROOT, 'dist', 'web');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** The desktop page's own content policy: its scripts, styles and WebSocket, nothing else. */
export const DESKTOP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function desktopHtml(): Buffer {
  return fs.readFileSync(path.join(PAGE_DIR, 'index.html'));
}

/** Serves `/app/<file>`: the compiled page scripts and the stylesheet, by a fixed name pattern only. */
export function serveAsset(res: ServerResponse, name: string): void {
  if (!/^[a-z0-9-]+\.(js|css)$/.test(name)) throw new HttpError(404, `no asset named ${name.slice(0, 80)}`);
  const file = name.endsWith('.css') ? path.join(PAGE_DIR, name) : path.join(SCRIPT_DIR, name);
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    throw new HttpError(
      404,
      `no asset named ${name}${name.endsWith('.js') ? ' (is the page built? run npm run build)' : ''}`,
    );
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(name)]!,
    'Content-Length': String(body.length),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
