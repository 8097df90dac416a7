import * as os from 'node:os';
import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import { checkGuestName, DEFAULT_GUEST } from '../../../vmm/src/guest-name.js';
import { guestEnv } from '../../../vmm/src/sandbox/guest-layout.js';
import { spawnInGuest } from '../../../vmm/src/sandbox/sandbox-exec.js';
import { ConciergeClient } from '../concierge/concierge-client.js';
import type { GuestInfo } from '../grpc/messages.js';
import { findDesktopSocket } from './desktop-socket.js';

const USAGE = `Usage: vsh [NAME] [-- CMD [ARGS...]]   (also: tartine vsh ...)

Opens a login shell in guest NAME (default ${DEFAULT_GUEST}), or runs CMD there and exits with its
status. On a terminal, the shell or command gets a pseudo-terminal of its own (colours, window
size, Ctrl-C). A stopped guest is started first.
`;

/** The exit status a shell reports for a child that ended by `signal`. */
function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 1);
}

export async function main(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const words = dash >= 0 ? argv.slice(0, dash) : argv;
  const command = dash >= 0 ? argv.slice(dash + 1) : [];
  if (words.includes('--help') || words.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (words.length > 1 || words.some((w) => w.startsWith('-')) || (dash >= 0 && command.length === 0)) {
    process.stderr.write(`vsh: unexpected arguments: ${argv.join(' ')}\n${USAGE}`);
    return 2;
  }
  let guest: GuestInfo;
  try {
    const name = checkGuestName(words[0] ?? DEFAULT_GUEST);
    const client = (await ConciergeClient.connect())!;
    try {
      guest = await client.call<GuestInfo>('getGuest', { name });
      if (guest.status !== 'running') {
        process.stderr.write(`vsh: starting ${name}...\n`);
        guest = await client.call<GuestInfo>('startGuest', {
          name,
          waylandSocket: findDesktopSocket(undefined),
        });
      }
    } finally {
      client.close();
    }
  } catch (e) {
    const msg =
      e instanceof GuestError
        ? e.message
        : new GuestError(GuestErrorCode.internal, (e as Error).message).message;
    process.stderr.write(`vsh: ${msg}\n`);
    return 1;
  }
  const tty = process.stdin.isTTY === true;
  const env = guestEnv({ name: guest.name, user: guest.user, graphics: guest.waylandSocket !== '' });
  env['TERM'] = process.env['TERM'] || 'xterm-256color';
  if (process.env['COLORTERM']) env['COLORTERM'] = process.env['COLORTERM'];
  const child = spawnInGuest({
    pid: guest.pid,
    env,
    cwd: guest.home,
    argv: command.length > 0 ? command : ['/bin/bash', '--login'],
    tty,
    stdio: 'inherit',
  });
  // Ctrl-C belongs to the program in the guest (through the pty, or its own process group).
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGQUIT', ignore);
  return new Promise<number>((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`vsh: cannot enter guest '${guest.name}': ${e.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGQUIT', ignore);
      resolve(code ?? signalStatus(signal ?? 'SIGTERM'));
    });
  });
}
