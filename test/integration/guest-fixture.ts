/**
 * Guest test fixture: a private state folder and runtime folder, `vmc`/`vsh` run as the user
 * would (`node bin/tartine.js vmc ...`), and cleanup that stops the concierge daemon (and so
 * every guest) and removes everything.
 *
 *   const g = await GuestFixture.create(t);             // or { runtimeDir: exo.runtimeDir }
 *   await g.ok('vmc', 'create', 'penguin');
 *   const r = await g.run('vsh', 'penguin', '--', 'sh', '-c', 'exit 7');   // r.code === 7
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { REPO_ROOT } from '../harness/exo-fixture.js';
import { findProgram } from '../../vmm/src/requirements.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Why guest tests cannot run here, or null. */
export function guestSkipReason(): string | null {
  if (!findProgram('bwrap')) return 'bubblewrap is not installed (apt-get install bubblewrap)';
  return null;
}

export class GuestFixture {
  private constructor(
    readonly root: string,
    readonly stateDir: string,
    readonly runtimeDir: string,
    private readonly ownsRuntime: boolean,
  ) {}

  static create(opts: { runtimeDir?: string } = {}): GuestFixture {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-guest-'));
    const stateDir = path.join(root, 'state');
    const runtimeDir = opts.runtimeDir ?? path.join(root, 'run');
    fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
    return new GuestFixture(root, stateDir, runtimeDir, opts.runtimeDir === undefined);
  }

  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TARTINE_STATE_DIR: this.stateDir,
      XDG_RUNTIME_DIR: this.runtimeDir,
      // The daemon vmc starts goes with this test process even when it is killed.
      TARTINE_CONCIERGE_OWNER_PID: String(process.pid),
    };
    delete env['WAYLAND_DISPLAY'];
    return env;
  }

  /** Runs `tartine <command> args...`; never throws for a non-zero exit. */
  run(command: string, ...args: string[]): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'tartine.js'), command, ...args], {
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.once('error', reject);
      child.once('close', (code, signal) =>
        resolve({ code: code ?? 128 + (signal ? os.constants.signals[signal] : 0), stdout, stderr }),
      );
    });
  }

  /** Runs and expects exit status 0; throws with the output otherwise. */
  async ok(command: string, ...args: string[]): Promise<RunResult> {
    const r = await this.run(command, ...args);
    if (r.code !== 0)
      throw new Error(
        `tartine ${command} ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`,
      );
    return r;
  }

  /** Runs a shell command in a guest and returns its stdout (status 0 expected). */
  async sh(guest: string, script: string): Promise<string> {
    return (await this.ok('vsh', guest, '--', 'sh', '-c', script)).stdout;
  }

  guestDir(name: string): string {
    return path.join(this.stateDir, 'guests', name);
  }

  private conciergePid(): number {
    try {
      return Number(fs.readFileSync(path.join(this.runtimeDir, 'tartine', 'concierge.pid'), 'utf8'));
    } catch {
      return 0;
    }
  }

  /** Stops the daemon (it stops its guests first), waits for it, removes the folders. */
  async stop(): Promise<void> {
    const pid = this.conciergePid();
    if (pid) {
      try {
        process.kill(pid, 'SIGTERM');
        const deadline = Date.now() + 8000;
        while (Date.now() < deadline) {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 50));
        }
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (!this.ownsRuntime) fs.rmSync(path.join(this.runtimeDir, 'tartine'), { recursive: true, force: true });
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** A fixture stopped when the test ends. */
export function guestFixture(t: TestContext, opts: { runtimeDir?: string } = {}): GuestFixture | null {
  const skip = guestSkipReason();
  // `npm test` installs bubblewrap (scripts/debian-packages.mjs): its absence is a setup failure.
  if (skip) throw new Error(skip);
  const g = GuestFixture.create(opts);
  t.after(() => g.stop());
  return g;
}
