import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuestShare } from '../guest-backend.js';
import { GuestPaths, TARTINE_PARTS } from './guest-layout.js';
import { GUEST_UID, HOST_ETC_BINDS } from './rootfs.js';

export interface SandboxSpec {
  name: string;
  user: string;
  /** The guest's private root on the host (etc/, var/, home/). */
  root: string;
  /** Host folder bound at /run/tartine/host. */
  linkDir: string;
  /** Tartine's root on the host. */
  tartineRoot: string;
  /** Desktop Wayland socket on the host, or '' for none. */
  waylandSocket: string;
  network: boolean;
  shares: GuestShare[];
  env: Record<string, string>;
  /** The fd bwrap writes its JSON info (child-pid) to. */
  infoFd: number;
  command: string[];
}

/** Top-level links of a merged-/usr system: /bin → usr/bin and so on, as the host has them. */
function usrLinks(): string[] {
  const out: string[] = [];
  for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    try {
      const target = fs.readlinkSync(`/${name}`);
      out.push('--symlink', target, `/${name}`);
    } catch {
      // not a link on this host (or absent): nothing to mirror
    }
  }
  return out;
}

/**
 * The bubblewrap command line of a sandbox guest: new user, mount, pid, ipc and uts namespaces
 * (and network unless shared), the host's /usr read-only, the guest's own /etc, /var and /home
 * read-write, private /tmp and /run, and nothing else of the host but what is listed here.
 */
export function bwrapArgs(s: SandboxSpec): string[] {
  const a: string[] = [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...(s.network ? [] : ['--unshare-net']),
    '--uid',
    String(GUEST_UID),
    '--gid',
    String(GUEST_UID),
    '--hostname',
    s.name,
    '--ro-bind',
    '/usr',
    '/usr',
    ...usrLinks(),
    '--bind',
    path.join(s.root, 'etc'),
    '/etc',
    '--bind',
    path.join(s.root, 'var'),
    '/var',
    '--bind',
    path.join(s.root, 'home'),
    '/home',
  ];
  for (const entry of HOST_ETC_BINDS) {
    const host = path.join('/etc', entry);
    if (fs.existsSync(host)) a.push('--ro-bind', host, host);
  }
  if (s.network && fs.existsSync('/etc/resolv.conf'))
    a.push('--ro-bind', '/etc/resolv.conf', '/etc/resolv.conf');
  a.push('--tmpfs', '/tmp', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/run');
  a.push('--perms', '0700', '--dir', GuestPaths.runtime);
  for (const part of TARTINE_PARTS) {
    const host = path.join(s.tartineRoot, part);
    if (fs.existsSync(host)) a.push('--ro-bind', host, path.posix.join(GuestPaths.tartine, part));
  }
  a.push('--bind', s.linkDir, GuestPaths.hostLink);
  if (s.waylandSocket) a.push('--bind', s.waylandSocket, GuestPaths.hostWayland);
  for (const share of s.shares) a.push('--bind', share.hostPath, share.guestPath);
  a.push(
    '--die-with-parent',
    // A new session: no guest process can push input into the terminal that started it (TIOCSTI).
    '--new-session',
    '--info-fd',
    String(s.infoFd),
    '--chdir',
    s.env['HOME'] ?? '/',
    '--clearenv',
  );
  for (const [k, v] of Object.entries(s.env)) a.push('--setenv', k, v);
  a.push('--', ...s.command);
  return a;
}
