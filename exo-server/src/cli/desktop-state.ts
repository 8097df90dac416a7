import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What a running desktop publishes so `tartine run` can find it. */
export interface DesktopState {
  pid: number;
  wayland: string;
  url: string;
  api: string;
  token: string;
}

/**
 * The runtime directory: $XDG_RUNTIME_DIR, or (when unset, as for root on a bare machine) a
 * private directory under the temp dir that is created with mode 0700 and exported.
 */
export function ensureRuntimeDir(): string {
  let dir = process.env['XDG_RUNTIME_DIR'];
  if (!dir) {
    const uid = process.getuid?.() ?? 0;
    const run = `/run/user/${uid}`;
    dir = fs.existsSync(run) ? run : path.join(os.tmpdir(), `tartine-runtime-${uid}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env['XDG_RUNTIME_DIR'] = dir;
  }
  return dir;
}

function statePath(): string {
  return path.join(ensureRuntimeDir(), 'tartine', 'desktop.json');
}

export function writeDesktopState(state: DesktopState): string {
  const p = statePath();
  fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
  // Written whole, then renamed into place: a `tartine run` reading it never sees half of it.
  const tmp = `${p}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, p);
  return p;
}

export function removeDesktopState(pid: number): void {
  const p = statePath();
  try {
    const s = JSON.parse(fs.readFileSync(p, 'utf8')) as DesktopState;
    if (s.pid === pid) fs.rmSync(p, { force: true });
  } catch {
    // nothing to remove
  }
}

/** The running desktop, or null when none runs (a stale state file is ignored and removed). */
export function readDesktopState(): DesktopState | null {
  const p = statePath();
  let s: DesktopState;
  try {
    s = JSON.parse(fs.readFileSync(p, 'utf8')) as DesktopState;
  } catch {
    return null;
  }
  try {
    process.kill(s.pid, 0);
  } catch {
    fs.rmSync(p, { force: true });
    return null;
  }
  return fs.existsSync(s.wayland) ? s : null;
}
