import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUEST_UID } from './rootfs.js';

/**
 * Fixed paths inside every guest. The host's side of each is decided by the sandbox at start.
 */
export const GuestPaths = {
  /** Tartine itself (read-only): its compiled code, dependencies and guest helper scripts. */
  tartine: '/opt/tartine',
  /** The guest's link folder: the host daemons' sockets for this guest (cicerone.sock) and garcon's. */
  hostLink: '/run/tartine/host',
  /** The desktop's Wayland socket, bound here when the guest starts with a desktop. */
  hostWayland: '/run/tartine/wayland-host',
  runtime: `/run/user/${GUEST_UID}`,
  shared: '/mnt/shared',
} as const;

/** The repository (or installed package) root: four levels above dist/vmm/src/sandbox/. */
export function tartineRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  // dist/vmm/src/sandbox → root; source vmm/src/sandbox → root too (three levels).
  for (let i = 0; i < 5; i++) {
    if (path.basename(dir) === 'dist') return path.dirname(dir);
    dir = path.dirname(dir);
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** The parts of Tartine a guest sees under /opt/tartine (nothing else of the checkout). */
export const TARTINE_PARTS: readonly string[] = [
  'bin',
  'dist',
  'node_modules',
  'package.json',
  'protos/grpc',
  'daemons/guest-bin',
  'daemons/guest-xdg',
];

/**
 * The session environment of everything in the guest (its agent, apps, shells): built from
 * nothing, so no host variable leaks in.
 */
export function guestEnv(opts: { name: string; user: string; graphics: boolean }): Record<string, string> {
  const home = `/home/${opts.user}`;
  const bin = `${GuestPaths.tartine}/daemons/guest-bin`;
  // Tartine's own XDG folders come first: they make garcon the handler of web links.
  const xdg = `${GuestPaths.tartine}/daemons/guest-xdg`;
  const env: Record<string, string> = {
    HOME: home,
    USER: opts.user,
    LOGNAME: opts.user,
    SHELL: '/bin/bash',
    PATH: `${bin}:/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games`,
    LANG: 'C.UTF-8',
    XDG_RUNTIME_DIR: GuestPaths.runtime,
    XDG_DATA_DIRS: `${xdg}/data:/usr/local/share:/usr/share`,
    XDG_CONFIG_DIRS: `${xdg}/config:/etc/xdg`,
    // URLs opened in the guest go to a new tab of the desktop page, through garcon.
    BROWSER: `${bin}/garcon-url`,
    // No accessibility bus in a guest: GTK would wait for it at every start.
    NO_AT_BRIDGE: '1',
    TARTINE_GUEST: opts.name,
  };
  if (opts.graphics) {
    env['WAYLAND_DISPLAY'] = 'wayland-0';
    env['XDG_SESSION_TYPE'] = 'wayland';
  }
  return env;
}
