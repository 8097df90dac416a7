import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HttpError, readJson, sendJson } from '../../api/http-json.js';
import type { RouteContext } from '../../api/routes.js';
import { dropFromHost } from '../../data-device/host-drag.js';
import type { Exo } from '../../exo.js';
import { dropTargetAt } from '../../guests/drop-target.js';

/**
 * Files dropped on the desktop page (token-protected, like every route):
 *   POST /api/drop/file?name=NAME&x=X&y=Y  ← the file's raw bytes, streamed to disk (≤ 1 GiB)
 *                                          → {"path": "<host path where it was stored>", "size"}
 *   POST /api/drop?x=X&y=Y                 ← {"paths": [paths answered above]}
 *                                          → {"result": "finished"|"dropped", "uris": [...]}
 *                                            (409 when nothing there takes the drop)
 * The window under (X, Y) decides where the files go (guests/drop-target.ts): a client straight
 * on exo gets them in exo's drop folder, $XDG_RUNTIME_DIR/tartine/drops/<session>/, under
 * their host paths; a guest's client gets them in that guest's drop share and as guest paths
 * (file:///mnt/shared/<share>/...), as Crostini does. A window whose guest exo cannot tell, or
 * that is not running, gets a 409 saying so and nothing is written. The files then go to the
 * surface under (X, Y) as a text/uri-list drag-and-drop started by exo. Without X and Y an
 * upload goes to exo's drop folder.
 */

export const MAX_DROP_BYTES = 1024 * 1024 * 1024;
const MAX_FILES = 256;

export const DROP_ROUTES = [
  {
    method: 'POST' as const,
    path: '/api/drop/file',
    pattern: /^\/api\/drop\/file$/,
    handle: uploadFile,
  },
  { method: 'POST' as const, path: '/api/drop', pattern: /^\/api\/drop$/, handle: dropFiles },
];

const folders = new WeakMap<Exo, string>();

/** This exo's drop folder (made on first use, private to the user). */
export function dropFolder(exo: Exo): string {
  let dir = folders.get(exo);
  if (!dir) {
    const base = path.join(process.env['XDG_RUNTIME_DIR'] || os.tmpdir(), 'tartine', 'drops');
    dir = path.join(base, `${process.pid}-${randomBytes(4).toString('hex')}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    folders.set(exo, dir);
  }
  return dir;
}

/**
 * A file name safe to create in the drop folder: the last path component only, without
 * control characters, never '.' or '..', at most 200 bytes. Throws on what is left empty.
 */
export function sanitizeFileName(name: string): string {
  let n = name.replace(/\\/g, '/').split('/').pop() ?? '';
  // eslint-disable-next-line no-control-regex
  n = n.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  while (Buffer.byteLength(n) > 200) n = n.slice(0, -1);
  if (n === '' || n === '.' || n === '..')
    throw new HttpError(400, `'${name.slice(0, 100)}' is no usable file name`);
  return n;
}

/**
 * `name` in `dir`, or `stem-2.ext`, `stem-3.ext`... when taken (by anything, even a dangling
 * symlink a guest left in its drop share: the file is then created with O_EXCL, never through one).
 */
function freshPath(dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 1; ; i++) {
    const p = path.join(dir, i === 1 ? name : `${stem}-${i}${ext}`);
    try {
      fs.lstatSync(p);
    } catch {
      return p;
    }
  }
}

/** The drop point of a query, or null when it has none (`required`: a 400 then). */
function dropPoint(q: URLSearchParams, required: boolean): { x: number; y: number } | null {
  if (!required && !q.has('x') && !q.has('y')) return null;
  const x = Number(q.get('x'));
  const y = Number(q.get('y'));
  if (!q.has('x') || !q.has('y') || !Number.isFinite(x) || !Number.isFinite(y))
    throw new HttpError(400, 'give the drop point as ?x=&y= (desktop pixels)');
  return { x, y };
}

async function uploadFile({ exo, req, res }: RouteContext): Promise<void> {
  const q = new URL(`http://exo${req.url ?? '/'}`).searchParams;
  const name = sanitizeFileName(q.get('name') ?? '');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_DROP_BYTES)
    throw new HttpError(413, `the file is larger than the drop limit of ${MAX_DROP_BYTES} bytes`);
  const point = dropPoint(q, false);
  const folder = point
    ? (await dropTargetAt(exo, point.x, point.y, () => dropFolder(exo))).folder
    : dropFolder(exo);
  const file = freshPath(folder, name);
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DROP_BYTES) {
          req.unpipe(out);
          reject(new HttpError(413, `the file is larger than the drop limit of ${MAX_DROP_BYTES} bytes`));
        }
      });
      req.on('error', (e) => reject(new HttpError(400, `could not read the file: ${e.message}`)));
      out.on('error', (e) => reject(new HttpError(500, `could not store the file: ${e.message}`)));
      out.on('finish', () => resolve());
      req.pipe(out);
    });
  } catch (e) {
    out.destroy();
    fs.rmSync(file, { force: true });
    throw e;
  }
  sendJson(res, 200, { path: file, size });
}

async function dropFiles({ exo, req, res }: RouteContext): Promise<void> {
  const q = new URL(`http://exo${req.url ?? '/'}`).searchParams;
  const { x, y } = dropPoint(q, true)!;
  const body = (await readJson(req, '{"paths": ["/run/user/1000/tartine/drops/.../file.txt"]}')) as {
    paths?: unknown;
  };
  const paths = body.paths;
  if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_FILES)
    throw new HttpError(400, `"paths" must list 1 to ${MAX_FILES} paths from POST /api/drop/file`);
  // Decided again now: the window under the point may have changed since the upload.
  const target = await dropTargetAt(exo, x, y, () => dropFolder(exo));
  const uris = paths.map((p) => {
    if (typeof p !== 'string') throw new HttpError(400, '"paths" must be strings');
    const resolved = path.resolve(p);
    if (path.dirname(resolved) !== path.resolve(target.folder) || !fs.existsSync(resolved))
      throw new HttpError(
        400,
        `${p.slice(0, 200)} is no file uploaded for ${target.who} with POST /api/drop/file?x=${x}&y=${y}`,
      );
    const seen = target.mapper.toGuest(resolved);
    if (seen === null) throw new HttpError(500, `${resolved} is not in a folder ${target.who} sees`);
    return pathToFileURL(seen).href;
  });
  const list = uris.map((u) => `${u}\r\n`).join('');
  const result = await dropFromHost(exo, [['text/uri-list', list]], x, y);
  if (result === 'no-target' || result === 'refused')
    throw new HttpError(
      409,
      result === 'no-target'
        ? `no window is at (${x}, ${y}) to drop on`
        : 'the window there did not accept the dropped files',
      { result, uris },
    );
  sendJson(res, 200, { result, uris });
}
