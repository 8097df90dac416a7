/**
 * The exo test fixture: runs `tartine exo --headless` (or, with `web: true`, with the browser
 * desktop) as a child process with its own XDG_RUNTIME_DIR, talks to its control API, and runs
 * real Wayland clients against it.
 *
 *   import { startExoProcess } from '../harness/exo-fixture.js';
 *
 *   test('weston-simple-shm shows a window', async (t) => {
 *     const exo = await startExoProcess({ scale: 1 });
 *     t.after(() => exo.stop());
 *     const client = exo.spawnClient('weston-simple-shm', []);
 *     const win = await exo.waitForWindow((w) => w.title === 'simple-shm');
 *     const shot = await exo.windowScreenshot(win.id);         // RgbaImage (png.ts helpers)
 *     await exo.input({ type: 'click', x: win.x + 5, y: win.y + 5 });
 *     console.log(client.stdout);
 *   });
 *
 * `request(method, path, body?)` is the raw API (status + JSON or bytes), with the token unless
 * told otherwise; `stop()` kills every client the fixture started, then exo (SIGTERM, SIGKILL
 * after 2 s), and removes the temporary directory. Build first: the fixture runs dist/.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WindowInfo } from '../../exo-server/src/shell/shell-api.js';
import { ChildRun } from './client-process.js';
import { decodePng, type RgbaImage } from './png.js';
import { waitFor } from './poll.js';

/** Environment for GTK clients: software rendering, no accessibility bus, Wayland only. */
export const GTK_ENV: NodeJS.ProcessEnv = {
  GSK_RENDERER: 'cairo',
  NO_AT_BRIDGE: '1',
  GTK_A11Y: 'none',
  GDK_BACKEND: 'wayland',
};

export interface StartExoOptions {
  /** Output scale (`--scale`). */
  scale?: number;
  /**
   * Run with the browser desktop instead of `--headless`: the page's size and device pixel
   * ratio then become the output's (test/e2e/browser-fixture.ts opens it).
   */
  web?: boolean;
  /** Desktop size as `WxH` (`--size`). */
  size?: string;
  /** More `tartine exo` arguments. */
  args?: string[];
  /** Extra environment for exo (e.g. TARTINE_DEBUG). */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the READY line (default 20 s). */
  readyTimeoutMs?: number;
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The parsed body when it is JSON, else undefined. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  /** Token to send as a bearer token; null sends none (default: the session token). */
  token?: string | null;
  headers?: Record<string, string>;
}

/** The repository root: the folder with bin/tartine.js above this file (source or dist/). */
export const REPO_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'bin', 'tartine.js'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (bin/tartine.js)');
    dir = up;
  }
  return dir;
})();

export class ExoProcess {
  readonly wayland: string;
  readonly api: string;
  readonly url: string;
  readonly token: string;
  private readonly clients = new Set<ChildRun>();
  private readonly apiUrl: URL;

  constructor(
    readonly exo: ChildRun,
    readonly runtimeDir: string,
    ready: { wayland: string; api: string; url: string; token: string },
  ) {
    this.wayland = ready.wayland;
    this.api = ready.api;
    this.url = ready.url;
    this.token = ready.token;
    this.apiUrl = new URL(ready.api);
  }

  get pid(): number {
    return this.exo.pid;
  }

  /** Host and port of the API, as a Host header names them. */
  get host(): string {
    return this.apiUrl.host;
  }

  /** One API request; `path` is absolute (`/api/windows`). Never throws for HTTP error statuses. */
  request(method: string, urlPath: string, body?: unknown, opts: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token !== null && headers['Authorization'] === undefined)
      headers['Authorization'] = `Bearer ${token}`;
    let payload: Buffer | undefined;
    if (body !== undefined) {
      payload = Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      headers['Content-Type'] ??= 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.apiUrl.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: this.apiUrl.port,
          method,
          path: urlPath,
          headers,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const data = Buffer.concat(chunks);
            let json: unknown;
            if (/json/.test(res.headers['content-type'] ?? '')) json = JSON.parse(data.toString('utf8'));
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, json });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like request, but throws unless the answer is 200. */
  async ok(method: string, urlPath: string, body?: unknown): Promise<ApiResponse> {
    const r = await this.request(method, urlPath, body);
    if (r.status !== 200)
      throw new Error(`${method} ${urlPath} answered ${r.status}: ${r.body.toString('utf8').slice(0, 500)}`);
    return r;
  }

  async windows(): Promise<WindowInfo[]> {
    return (await this.ok('GET', '/api/windows')).json as WindowInfo[];
  }

  /** Polls the window list until a window matches (default 15 s). */
  waitForWindow(
    predicate: (w: WindowInfo) => boolean,
    timeoutMs = 15_000,
    what = 'a matching window',
  ): Promise<WindowInfo> {
    let last: WindowInfo[] = [];
    return waitFor(
      what,
      async () => {
        last = await this.windows();
        return last.find(predicate);
      },
      { timeoutMs, intervalMs: 100 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; windows: ${JSON.stringify(last)}; ${this.clientReport()}`);
    });
  }

  /** The whole desktop, decoded. */
  async screenshot(): Promise<RgbaImage> {
    return decodePng((await this.ok('GET', '/api/screenshot.png')).body);
  }

  /** One window's surface tree, decoded. */
  async windowScreenshot(id: number): Promise<RgbaImage> {
    return decodePng((await this.ok('GET', `/api/windows/${id}/screenshot.png`)).body);
  }

  /** Sends input events; resolves once exo has flushed what they caused to the clients. */
  async input(events: object | object[]): Promise<void> {
    await this.ok('POST', '/api/input', events);
  }

  /** Applies a window action; returns the updated WindowInfo. */
  async act(id: number, action: object): Promise<WindowInfo> {
    return (await this.ok('POST', `/api/windows/${id}`, action)).json as WindowInfo;
  }

  /** The environment a client of this exo needs (no X11, so toolkits cannot pick it). */
  clientEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
    delete env['DISPLAY'];
    delete env['WAYLAND_SOCKET'];
    env['XDG_RUNTIME_DIR'] = this.runtimeDir;
    env['WAYLAND_DISPLAY'] = path.basename(this.wayland);
    return env;
  }

  /** Runs a real client against this exo; `stop()` kills it if it is still running. */
  spawnClient(command: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): ChildRun {
    const run = new ChildRun(command, args, this.clientEnv(env));
    this.clients.add(run);
    return run;
  }

  /** Output of every client, for failure messages. */
  clientReport(): string {
    const parts = [...this.clients].map(
      (c) => `${c.describe()} exit=${JSON.stringify(c.exit)}\n${c.tail(800)}`,
    );
    return `exo stderr: ${this.exo.stderr.slice(-1500)}\n${parts.join('\n')}`;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.clients].map((c) => c.kill()));
    this.clients.clear();
    await this.exo.kill();
    fs.rmSync(this.runtimeDir, { recursive: true, force: true });
  }
}

/**
 * Starts `tartine exo --headless` (or, with `web: true`, exo with the browser desktop) in a
 * private XDG_RUNTIME_DIR and waits for its READY line.
 */
export async function startExoProcess(opts: StartExoOptions = {}): Promise<ExoProcess> {
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-exo-'));
  fs.chmodSync(runtimeDir, 0o700);
  const socket = path.join(runtimeDir, 'wayland-test');
  const args = [path.join(REPO_ROOT, 'bin', 'tartine.js'), 'exo', '--socket', socket];
  if (!opts.web) args.splice(2, 0, '--headless');
  if (opts.scale !== undefined) args.push('--scale', String(opts.scale));
  if (opts.size !== undefined) args.push('--size', opts.size);
  args.push(...(opts.args ?? []));
  let exo: ChildRun;
  try {
    exo = new ChildRun(
      process.execPath,
      args,
      { ...process.env, XDG_RUNTIME_DIR: runtimeDir, ...opts.env },
      REPO_ROOT,
    );
  } catch (e) {
    fs.rmSync(runtimeDir, { recursive: true, force: true });
    throw e;
  }
  try {
    const m = await exo.waitForOutput(/^READY (\{.*\})$/m, opts.readyTimeoutMs ?? 20_000);
    return new ExoProcess(exo, runtimeDir, JSON.parse(m[1]!));
  } catch (e) {
    await exo.kill();
    fs.rmSync(runtimeDir, { recursive: true, force: true });
    throw new Error(`exo did not get ready: ${(e as Error).message}\nexo stderr: ${exo.stderr.slice(-3000)}`);
  }
}
