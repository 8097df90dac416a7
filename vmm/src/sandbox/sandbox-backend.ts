import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  CreateOptions,
  ExecOptions,
  GuestBackend,
  GuestShare,
  GuestStatus,
  StartOptions,
} from '../guest-backend.js';
import { exportGuestDir, importGuestDir } from '../guest-archive.js';
import { readGuestConfig, writeGuestConfig, type GuestConfig } from '../guest-config.js';
import { GuestError, GuestErrorCode, guestNotRunning, unknownGuest } from '../guest-error.js';
import { checkGuestName } from '../guest-name.js';
import { requireSandboxPrograms } from '../requirements.js';
import { ensureDir, guestDir, guestLinkDir, guestsDir } from '../state-dir.js';
import { GuestPaths, guestEnv, tartineRoot } from './guest-layout.js';
import { createRootfs, GUEST_UID, guestUserName } from './rootfs.js';
import { spawnInGuest } from './sandbox-exec.js';
import { SandboxProcess } from './sandbox-process.js';
import { addShare, ensureDropShare, markDropShare, removeShare } from './shares.js';
import { processAlive } from '../../../compositor/src/process-alive.js';

export const SANDBOX_KIND = 'sandbox';

/** What the guest's first process runs: garcon, the guest agent, which also starts sommelier. */
const GUEST_INIT = ['/usr/bin/node', `${GuestPaths.tartine}/bin/tartine.js`, 'garcon', '--serve'];

/**
 * Sandbox guests: bubblewrap containers on the host's kernel (see bwrap-args.ts for what a guest
 * sees). Guest files live under `<state>/guests/<name>/` (guest.json, root/, guest.log).
 */
export class SandboxBackend implements GuestBackend {
  readonly kind = SANDBOX_KIND;
  private readonly running = new Map<string, { proc: SandboxProcess; waylandSocket: string }>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  list(): string[] {
    try {
      return fs
        .readdirSync(guestsDir(this.env), { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  }

  private dir(name: string): string {
    return guestDir(checkGuestName(name), this.env);
  }

  private config(name: string): GuestConfig {
    const dir = this.dir(name);
    if (!fs.existsSync(dir)) throw unknownGuest(name, this.list());
    return readGuestConfig(dir);
  }

  private taken(name: string): GuestError {
    return new GuestError(
      GuestErrorCode.exists,
      `a guest named '${name}' already exists; pick another name, or remove it first with: vmc destroy ${name}`,
    );
  }

  create(name: string, opts: CreateOptions = {}): GuestStatus {
    const dir = this.dir(name);
    if (fs.existsSync(dir)) throw this.taken(name);
    ensureDir(guestsDir(this.env));
    const tmp = path.join(guestsDir(this.env), `.create-${name}-${process.pid}`);
    const user = guestUserName(this.env);
    try {
      fs.mkdirSync(tmp, { mode: 0o700 });
      createRootfs(path.join(tmp, 'root'), name, user);
      const config: GuestConfig = {
        version: 1,
        kind: this.kind,
        user,
        uid: GUEST_UID,
        network: opts.network === true,
        createdMs: Date.now(),
        shares: [],
      };
      writeGuestConfig(tmp, config);
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    return this.status(name);
  }

  status(name: string): GuestStatus {
    const c = this.config(name);
    const r = this.running.get(name);
    const up = r?.proc.running === true;
    return {
      name,
      kind: c.kind,
      state: up ? 'running' : 'stopped',
      user: c.user,
      home: `/home/${c.user}`,
      pid: up ? r!.proc.pid : 0,
      waylandSocket: up ? r!.waylandSocket : '',
      shares: c.shares,
      network: c.network,
      createdMs: c.createdMs,
      startedMs: up ? r!.proc.startedMs : 0,
    };
  }

  /** The session environment of this guest (as every guest process gets it). */
  sessionEnv(name: string): Record<string, string> {
    const c = this.config(name);
    return guestEnv({ name, user: c.user, graphics: (this.running.get(name)?.waylandSocket ?? '') !== '' });
  }

  async start(name: string, opts: StartOptions = {}): Promise<GuestStatus> {
    const c = this.config(name);
    if (this.running.get(name)?.proc.running) return this.status(name);
    requireSandboxPrograms();
    // Files dropped on the guest's windows need a shared folder mounted from the start.
    if (ensureDropShare(c, this.dir(name))) writeGuestConfig(this.dir(name), c);
    for (const s of c.shares) {
      if (!fs.existsSync(s.hostPath))
        throw new GuestError(
          GuestErrorCode.badPath,
          `shared folder ${s.hostPath} no longer exists; remove the share with: vmc unshare ${name} ${s.name}`,
        );
    }
    const waylandSocket = opts.waylandSocket ?? '';
    const lock = this.lock(name);
    // The caller (concierge) may already serve its sockets for this guest in the link folder.
    const linkDir = ensureDir(guestLinkDir(name, this.env));
    const proc = await SandboxProcess.start(
      {
        name,
        user: c.user,
        root: path.join(this.dir(name), 'root'),
        linkDir,
        tartineRoot: tartineRoot(),
        waylandSocket,
        network: c.network,
        shares: c.shares,
        env: guestEnv({ name, user: c.user, graphics: waylandSocket !== '' }),
        command: GUEST_INIT,
      },
      path.join(this.dir(name), 'guest.log'),
      opts.onLog,
      (code, signal) => {
        if (this.running.get(name)?.proc === proc) this.running.delete(name);
        fs.rmSync(lock, { force: true });
        fs.rmSync(linkDir, { recursive: true, force: true });
        opts.onExit?.(code, signal);
      },
    );
    this.running.set(name, { proc, waylandSocket });
    return this.status(name);
  }

  /**
   * Marks the guest as run by this process (`<guest>/running.pid`), so a second daemon (another
   * XDG_RUNTIME_DIR, same state folder) cannot run the same guest twice.
   */
  private lock(name: string): string {
    const file = path.join(this.dir(name), 'running.pid');
    try {
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && processAlive(pid))
        throw new GuestError(
          GuestErrorCode.running,
          `guest '${name}' is already running under another concierge daemon (pid ${pid}, another XDG_RUNTIME_DIR); stop it there first`,
        );
    } catch (e) {
      if (e instanceof GuestError) throw e;
    }
    fs.writeFileSync(file, `${process.pid}\n`);
    return file;
  }

  /** Appends a line of the host's own to the guest's log. */
  note(name: string, text: string): void {
    fs.appendFileSync(path.join(this.dir(name), 'guest.log'), `--- ${new Date().toISOString()} ${text}\n`);
  }

  async stop(name: string): Promise<GuestStatus> {
    this.config(name);
    const r = this.running.get(name);
    if (r) await r.proc.stop(this.sessionEnv(name));
    this.running.delete(name);
    return this.status(name);
  }

  destroy(name: string): void {
    this.config(name);
    if (this.running.get(name)?.proc.running)
      throw new GuestError(
        GuestErrorCode.running,
        `guest '${name}' is running; stop it first: vmc stop ${name}`,
      );
    fs.rmSync(this.dir(name), { recursive: true, force: true });
  }

  exec(name: string, argv: string[], opts: ExecOptions = {}): ChildProcess {
    const st = this.status(name);
    if (st.state !== 'running') throw guestNotRunning(name, 'run commands');
    return spawnInGuest({
      pid: st.pid,
      env: { ...this.sessionEnv(name), ...opts.env },
      cwd: opts.cwd ?? st.home,
      argv,
      tty: opts.tty === true,
      stdio: opts.stdio ?? 'pipe',
    });
  }

  async export(name: string, file: string): Promise<void> {
    this.config(name);
    if (this.running.get(name)?.proc.running)
      throw new GuestError(
        GuestErrorCode.running,
        `guest '${name}' is running; stop it first so its files are consistent: vmc stop ${name}`,
      );
    if (!path.isAbsolute(file))
      throw new GuestError(GuestErrorCode.badPath, `${file} is not an absolute path`);
    if (!fs.existsSync(path.dirname(file)))
      throw new GuestError(
        GuestErrorCode.badPath,
        `folder ${path.dirname(file)} does not exist; create it or pick another file`,
      );
    await exportGuestDir(this.dir(name), file);
  }

  async import(name: string, file: string): Promise<GuestStatus> {
    const dir = this.dir(name);
    if (fs.existsSync(dir)) throw this.taken(name);
    requireSandboxPrograms();
    ensureDir(guestsDir(this.env));
    const config = await importGuestDir(file, dir);
    // The guest's identity follows its new name.
    fs.writeFileSync(path.join(dir, 'root/etc/hostname'), `${name}\n`);
    writeGuestConfig(dir, { ...config, kind: this.kind });
    return this.status(name);
  }

  share(name: string, hostPath: string, opts: { drop?: boolean } = {}): GuestShare {
    const dir = this.dir(name);
    const c = this.config(name);
    const share = addShare(c, hostPath);
    if (opts.drop) markDropShare(c, share);
    writeGuestConfig(dir, c);
    return share;
  }

  unshare(name: string, which: string): GuestShare {
    const dir = this.dir(name);
    const c = this.config(name);
    const share = removeShare(c, name, which);
    writeGuestConfig(dir, c);
    return share;
  }
}
