import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The in-guest uid and gid of the guest's user (Crostini's container user is 1000 too). */
export const GUEST_UID = 1000;

/**
 * Host /etc entries that belong to installed packages (libraries, alternatives, fonts,
 * certificates, MIME and GTK settings): bound read-only at every start over the guest's own
 * /etc, so they always match the host's /usr that the guest runs.
 */
export const HOST_ETC_BINDS: readonly string[] = [
  'alternatives',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'fonts',
  'ssl/certs',
  'ssl/openssl.cnf',
  'ca-certificates',
  'ca-certificates.conf',
  'xdg',
  'gtk-2.0',
  'gtk-3.0',
  'dconf',
  'glvnd',
  'X11',
  'vdpau_wrapper.cfg',
  'mime.types',
  'magic',
  'magic.mime',
  'terminfo',
  'python3',
  'python3.11',
  'perl',
  'sgml',
  'xml',
  'bash_completion.d',
  'debian_version',
  'os-release',
  'protocols',
  'services',
  'networks',
  'ethertypes',
  'gai.conf',
  'host.conf',
  'locale.alias',
  'manpath.config',
  'nsswitch.conf',
];

/** Host /etc entries copied once at creation: the guest's user may edit its own copies. */
const HOST_ETC_COPIES: readonly string[] = [
  'profile',
  'profile.d',
  'bash.bashrc',
  'environment',
  'inputrc',
  'skel',
  'shells',
  'localtime',
  'timezone',
  'vim',
  'login.defs',
];

/** The user a guest gets: named like the host user (root's guest user is `user`: uid 0 stays root's). */
export function guestUserName(env: NodeJS.ProcessEnv = process.env): string {
  const wanted = env['TARTINE_GUEST_USER'] || env['SUDO_USER'] || safeUserName();
  const clean = wanted.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  return clean && clean !== 'root' && /^[a-z_]/.test(clean) ? clean.slice(0, 32) : 'user';
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'user';
  }
}

/**
 * Creates a guest's private root under `root`: /etc (identity files written here, user-editable
 * host files copied), /var and the user's home. The rest of the guest's tree is the host's /usr
 * (read-only) and what the sandbox mounts at start.
 */
export function createRootfs(root: string, name: string, user: string): void {
  const etc = path.join(root, 'etc');
  for (const d of ['etc', 'var/tmp', 'var/cache', 'var/lib', 'var/log', `home/${user}`]) {
    fs.mkdirSync(path.join(root, d), { recursive: true, mode: 0o755 });
  }
  fs.chmodSync(path.join(root, 'var/tmp'), 0o1777);
  for (const entry of HOST_ETC_COPIES) {
    const from = path.join('/etc', entry);
    if (fs.existsSync(from))
      fs.cpSync(from, path.join(etc, entry), { recursive: true, verbatimSymlinks: true });
  }
  const home = `/home/${user}`;
  fs.writeFileSync(
    path.join(etc, 'passwd'),
    `root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n` +
      `${user}:x:${GUEST_UID}:${GUEST_UID}:${user}:${home}:/bin/bash\n`,
  );
  fs.writeFileSync(path.join(etc, 'group'), `root:x:0:\nnogroup:x:65534:\n${user}:x:${GUEST_UID}:\n`);
  fs.writeFileSync(path.join(etc, 'hostname'), `${name}\n`);
  fs.writeFileSync(
    path.join(etc, 'hosts'),
    `127.0.0.1\tlocalhost\n127.0.1.1\t${name}\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
  );
  fs.writeFileSync(path.join(etc, 'machine-id'), crypto.randomBytes(16).toString('hex') + '\n');
  // Copy the skeleton the way useradd would, so the user's shell has its usual dotfiles.
  const skel = path.join(etc, 'skel');
  if (fs.existsSync(skel)) fs.cpSync(skel, path.join(root, 'home', user), { recursive: true });
}
