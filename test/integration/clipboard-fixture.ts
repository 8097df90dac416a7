/**
 * Helpers for the clipboard tests: real clients (wl-copy, wl-paste) run with binary input and
 * output, the clipboard API of an exo process, and a guest client of our own that offers
 * exactly the types a test names (wl-copy adds every text alias to any text type).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeAllAndClose } from '../../exo-server/src/data-device/fd-transfer.js';
import { WlDataDeviceManagerProxy, WlSeatProxy } from '../../protos/gen/client/wayland.js';
import type { ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';

/** A process with binary stdin/stdout, killed by pid when the test ends. */
export class Proc {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private readonly chunks: Buffer[] = [];
  private readonly hash = createHash('sha256');
  stdoutBytes = 0;
  stderr = '';

  constructor(
    readonly command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    input: Buffer | null,
    /** Keep stdout (else only count and hash it: for payloads too big to keep twice). */
    private readonly keep = true,
  ) {
    this.child = spawn(command, args, { env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    live.add(this);
    this.child.stdout!.on('data', (b: Buffer) => {
      this.stdoutBytes += b.length;
      this.hash.update(b);
      if (this.keep) this.chunks.push(b);
    });
    this.child
      .stderr!.setEncoding('utf8')
      .on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-4000)));
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => (live.delete(this), resolve(code))),
    );
    if (input) {
      this.child.stdin!.on('error', () => {}); // a client that exits early must not crash the test
      this.child.stdin!.end(input);
    }
  }

  get stdout(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** Waits for the exit (killing it and failing after `ms`); returns the exit code. */
  async finish(ms = 15_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      this.exited,
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      this.kill();
      throw new Error(`${this.command} did not finish in ${ms} ms: ${this.stderr}`);
    }
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.pid) {
      try {
        process.kill(this.child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

const live = new Set<Proc>();

/** Kills every Proc still running (call in `after`). */
export async function killAll(): Promise<void> {
  const procs = [...live];
  for (const p of procs) p.kill();
  await Promise.all(procs.map((p) => p.exited));
}

/** `wl-paste --no-newline ARGS` against `env`'s compositor; its stdout, failing unless it exits 0. */
export async function paste(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Buffer> {
  const p = new Proc('wl-paste', ['--no-newline', ...args], env, null);
  const code = await p.finish();
  if (code !== 0) throw new Error(`wl-paste ${args.join(' ')} exited ${code}: ${p.stderr}`);
  return p.stdout;
}

/** `wl-copy --foreground ARGS` with `input` on stdin; it serves until another selection replaces it. */
export function copy(env: NodeJS.ProcessEnv, args: string[], input: Buffer): Proc {
  return new Proc('wl-copy', ['--foreground', ...args], env, input);
}

export interface ClipboardJson {
  selection: string;
  owner: 'guest' | 'host' | 'none';
  mimeTypes: string[];
  text?: string;
  sizes: Record<string, number>;
  offered: string[];
  dropped?: Array<{ mime: string; error: string }>;
}

/**
 * GET /api/clipboard once it holds a guest's selection that `accept` takes (by default any
 * with at least one type): a test that copies names what it copied, so an older guest
 * selection still in place is not taken for it.
 */
export async function guestClipboard(
  exo: ExoProcess,
  query = '',
  accept: (j: ClipboardJson) => boolean = (j) => j.mimeTypes.length > 0,
): Promise<ClipboardJson> {
  return waitFor(`the guest's selection in GET /api/clipboard${query}`, async () => {
    const j = (await exo.ok('GET', `/api/clipboard${query}`)).json as ClipboardJson;
    return j.owner === 'guest' && accept(j) ? j : undefined;
  });
}

/** PUT /api/clipboard with `bytes` as `mime`; the answer (status and JSON). */
export async function putClipboard(exo: ExoProcess, mime: string, bytes: Buffer, query = '') {
  return exo.request('PUT', `/api/clipboard${query}`, bytes, { headers: { 'Content-Type': mime } });
}

/**
 * A guest client of our own that maps a window, gets keyboard focus with a click, and sets the
 * selection to exactly `data` (type → bytes), serving it for as long as the connection lives.
 */
export async function offerFromGuest(
  exo: ExoProcess,
  data: Record<string, Buffer>,
  title: string,
): Promise<TestClient> {
  const c = await TestClient.connect(exo.wayland);
  const seat = c.bind(WlSeatProxy);
  const manager = c.bind(WlDataDeviceManagerProxy);
  const device = manager.getDataDevice(seat);
  let enter: number | null = null;
  seat.getKeyboard().on({ enter: (serial) => (enter = serial) });
  await c.toplevel({ title, width: 60, height: 40 });
  const win = await exo.waitForWindow((w) => w.title === title);
  await exo.input({ type: 'click', x: win.x + 10, y: win.y + 10 });
  const serial = await waitFor(
    `${title} to get keyboard focus`,
    async () => (await c.roundtrip(), enter ?? undefined),
  );
  const source = manager.createDataSource();
  for (const mime of Object.keys(data)) source.offer(mime);
  source.on({ send: (mime, fd) => void writeAllAndClose(fd, data[mime] ?? Buffer.alloc(0)).catch(() => {}) });
  device.setSelection(source, serial);
  await c.roundtrip();
  // Serve reads while the test waits: the source answers on this connection's dispatch.
  const pump = setInterval(() => void c.roundtrip().catch(() => clearInterval(pump)), 10);
  c.conn.onClose(() => clearInterval(pump));
  return c;
}
