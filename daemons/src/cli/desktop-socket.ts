import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDesktopState } from '../../../exo-server/src/cli/desktop-state.js';

function isSocket(p: string): boolean {
  try {
    return fs.statSync(p).isSocket();
  } catch {
    return false;
  }
}

/**
 * The desktop a starting guest links its sommelier to: `--wayland PATH` if given, else the
 * running desktop (`tartine start`'s state file), else $WAYLAND_DISPLAY. '' when there is none
 * (the guest then starts without graphics). Throws when an explicit socket is not there.
 */
export function findDesktopSocket(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const runtime = env['XDG_RUNTIME_DIR'] ?? '';
  const resolve = (p: string): string => (path.isAbsolute(p) ? p : path.join(runtime, p));
  if (explicit) {
    const p = resolve(explicit);
    if (!isSocket(p))
      throw new Error(
        `${p} is not a Wayland socket; start the desktop first (npm start) or give its socket with --wayland PATH`,
      );
    return p;
  }
  const desktop = readDesktopState();
  if (desktop && isSocket(desktop.wayland)) return desktop.wayland;
  const display = env['WAYLAND_DISPLAY'];
  if (display && isSocket(resolve(display))) return resolve(display);
  return '';
}
