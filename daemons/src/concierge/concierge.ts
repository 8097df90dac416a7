import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuestStatus } from '../../../vmm/src/guest-backend.js';
import { GuestError, GuestErrorCode, unknownGuest } from '../../../vmm/src/guest-error.js';
import { SandboxBackend } from '../../../vmm/src/sandbox/sandbox-backend.js';
import { guestDir, guestLinkDir, ensureDir } from '../../../vmm/src/state-dir.js';
import type { Cicerone } from '../cicerone/cicerone.js';
import type { GuestInfo } from '../grpc/messages.js';

/** How long a starting guest's agent gets to report ready. */
const READY_TIMEOUT_MS = 20_000;
/** How much of a guest's log GetLogs returns. */
const LOG_TAIL = 64 * 1024;

export function toInfo(s: GuestStatus): GuestInfo {
  return { ...s, status: s.state };
}

function isSocket(p: string): boolean {
  try {
    return fs.statSync(p).isSocket();
  } catch {
    return false;
  }
}

/**
 * Concierge's logic (protos/grpc/concierge.proto): guest lifecycle over the sandbox backend,
 * one operation at a time per guest, with cicerone attached to every running guest.
 */
export class Concierge {
  readonly backend: SandboxBackend;
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Called whenever a guest starts or stops (the daemon exits when idle). */
  onChange: () => void = () => {};

  constructor(
    private readonly cicerone: Cicerone,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.backend = new SandboxBackend(env);
  }

  /** Runs `op` after every earlier operation on the same guest. */
  private serial<T>(name: string, op: () => Promise<T> | T): Promise<T> {
    const prev = this.queues.get(name) ?? Promise.resolve();
    const next = prev.then(op, op);
    this.queues.set(
      name,
      next.catch(() => {}),
    );
    return next;
  }

  running(): string[] {
    return this.backend.list().filter((n) => this.safeStatus(n)?.state === 'running');
  }

  private safeStatus(name: string): GuestStatus | null {
    try {
      return this.backend.status(name);
    } catch {
      return null;
    }
  }

  create(name: string, network: boolean): Promise<GuestInfo> {
    return this.serial(name, () => toInfo(this.backend.create(name, { network })));
  }

  start(name: string, waylandSocket: string): Promise<GuestInfo> {
    return this.serial(name, async () => {
      const st = this.backend.status(name);
      if (waylandSocket && !path.isAbsolute(waylandSocket))
        throw new GuestError(
          GuestErrorCode.badPath,
          `the desktop socket ${waylandSocket} must be an absolute path`,
        );
      if (st.state === 'running') {
        // A guest linked to a desktop that has gone away is restarted on the new one.
        const stale = waylandSocket && st.waylandSocket !== waylandSocket && !isSocket(st.waylandSocket);
        if (!stale) return toInfo(st);
        await this.backend.stop(name);
      }
      const linkDir = ensureDir(guestLinkDir(name, this.env));
      const link = await this.cicerone.attach(name, linkDir);
      let started: GuestStatus;
      try {
        started = await this.backend.start(name, {
          waylandSocket: isSocket(waylandSocket) ? waylandSocket : '',
          onExit: () => {
            this.cicerone.detach(name, link);
            this.onChange();
          },
        });
      } catch (e) {
        this.cicerone.detach(name, link);
        throw e;
      }
      this.onChange();
      // The guest runs: answer now. Its agent comes up meanwhile (calls that need it wait for it);
      // one that never does stops the guest, with the reason in its log.
      void link.waitReady(READY_TIMEOUT_MS).then((ok) => {
        if (ok || this.backend.status(name).pid !== started.pid) return;
        this.backend.note(
          name,
          `garcon did not report ready in ${READY_TIMEOUT_MS / 1000} s: stopping the guest`,
        );
        void this.stop(name);
      });
      return toInfo(started);
    });
  }

  stop(name: string): Promise<GuestInfo> {
    return this.serial(name, async () => toInfo(await this.backend.stop(name)));
  }

  destroy(name: string): Promise<void> {
    return this.serial(name, async () => {
      await this.backend.stop(name);
      this.backend.destroy(name);
    });
  }

  list(): GuestInfo[] {
    return this.backend
      .list()
      .map((n) => this.safeStatus(n))
      .filter((s): s is GuestStatus => s !== null)
      .map(toInfo);
  }

  get(name: string): GuestInfo {
    return toInfo(this.backend.status(name));
  }

  export(name: string, file: string): Promise<void> {
    return this.serial(name, () => this.backend.export(name, file));
  }

  import(name: string, file: string): Promise<GuestInfo> {
    return this.serial(name, async () => toInfo(await this.backend.import(name, file)));
  }

  share(name: string, hostPath: string, drop = false): Promise<{ share: unknown; restartNeeded: boolean }> {
    return this.serial(name, () => ({
      share: this.backend.share(name, hostPath, { drop }),
      restartNeeded: this.backend.status(name).state === 'running',
    }));
  }

  unshare(name: string, which: string): Promise<void> {
    return this.serial(name, () => void this.backend.unshare(name, which));
  }

  logs(name: string): { text: string } {
    this.backend.status(name);
    return { text: this.logTail(name, LOG_TAIL) };
  }

  private logTail(name: string, bytes: number): string {
    try {
      const text = fs.readFileSync(path.join(guestDir(name, this.env), 'guest.log'), 'utf8');
      return text.slice(-bytes);
    } catch {
      return '';
    }
  }

  unknown(name: string): GuestError {
    return unknownGuest(name, this.backend.list());
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((n) => this.backend.stop(n)));
  }
}
