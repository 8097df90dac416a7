import { spawn, type ChildProcess } from 'node:child_process';
import { GUEST_UID } from './rootfs.js';

export interface EnterSpec {
  /** Host pid of a process inside the guest (its first one). */
  pid: number;
  env: Record<string, string>;
  cwd: string;
  argv: string[];
  tty: boolean;
  stdio: 'inherit' | 'pipe';
}

/** Quotes one word for sh: everything inside single quotes, each ' as '\''. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The host command that runs `argv` inside a running sandbox: nsenter joins every namespace of
 * the guest's first process (its root, pid numbering, hostname...) and becomes the guest user,
 * which holds no capability; `env -i` starts from the guest's own environment only, and
 * setpriv forbids gaining privileges, as bwrap does for the guest's first process.
 */
export function enterArgv(s: Omit<EnterSpec, 'tty' | 'stdio'>): string[] {
  const env = Object.entries(s.env).map(([k, v]) => `${k}=${v}`);
  return [
    'nsenter',
    '--target',
    String(s.pid),
    '--all',
    '--root',
    '--wd',
    '--setuid',
    String(GUEST_UID),
    '--setgid',
    String(GUEST_UID),
    '--',
    '/usr/bin/setpriv',
    '--no-new-privs',
    '--',
    '/usr/bin/env',
    '-i',
    '-C',
    s.cwd,
    ...env,
    ...s.argv,
  ];
}

/**
 * Runs the command. With `tty`, `script` (util-linux) on the host side owns a fresh
 * pseudo-terminal whose other end is the command's terminal in the guest: the user's own
 * terminal never enters the guest (so nothing there can inject input into it), while colours,
 * window size changes (SIGWINCH) and Ctrl-C work as on any terminal; `-e` returns the
 * command's exit status.
 */
export function spawnInGuest(s: EnterSpec): ChildProcess {
  const argv = enterArgv(s);
  if (!s.tty) return spawn(argv[0]!, argv.slice(1), { stdio: s.stdio, env: { PATH: '/usr/bin:/bin' } });
  const command = argv.map(shellQuote).join(' ');
  return spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
    stdio: s.stdio,
    // script runs --command with $SHELL -c.
    env: { PATH: '/usr/bin:/bin', SHELL: '/bin/sh', TERM: s.env['TERM'] ?? 'xterm-256color' },
  });
}
