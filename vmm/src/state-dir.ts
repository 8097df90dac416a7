import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where guests live. Everything a guest keeps (its private root, its settings, its log) is
 * under `<state>/guests/<name>/`, so nothing of it survives `vmc destroy` and all of it
 * survives restarts of everything else.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['TARTINE_STATE_DIR'];
  if (explicit) return path.resolve(explicit);
  const data = env['XDG_DATA_HOME'] || path.join(env['HOME'] || os.homedir(), '.local', 'share');
  return path.join(data, 'tartine');
}

export function guestsDir(env?: NodeJS.ProcessEnv): string {
  return path.join(stateDir(env), 'guests');
}

export function guestDir(name: string, env?: NodeJS.ProcessEnv): string {
  return path.join(guestsDir(env), name);
}

/**
 * The runtime directory of the host daemons ($XDG_RUNTIME_DIR/tartine): their sockets, and one
 * folder per running guest that the guest sees as /run/tartine/host.
 */
export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  let base = env['XDG_RUNTIME_DIR'];
  if (!base) {
    const uid = process.getuid?.() ?? 0;
    base = fs.existsSync(`/run/user/${uid}`)
      ? `/run/user/${uid}`
      : path.join(os.tmpdir(), `tartine-runtime-${uid}`);
  }
  return path.join(base, 'tartine');
}

/** The host side of a running guest's link folder (the daemons' sockets for that guest). */
export function guestLinkDir(name: string, env?: NodeJS.ProcessEnv): string {
  return path.join(runtimeDir(env), 'guests', name);
}

export function ensureDir(dir: string, mode = 0o700): string {
  fs.mkdirSync(dir, { recursive: true, mode });
  return dir;
}
