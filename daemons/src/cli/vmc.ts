import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import { checkGuestName } from '../../../vmm/src/guest-name.js';
import { ConciergeClient } from '../concierge/concierge-client.js';
import type { GuestInfo, Share } from '../grpc/messages.js';
import { findDesktopSocket } from './desktop-socket.js';
import { launchCommand } from './vmc-launch.js';
import { parseVmcArgs, VMC_USAGE, type VmcArgs } from './vmc-args.js';

/** Thrown for a wrong command line: printed with a hint at the usage, exit status 2. */
export class UsageError extends Error {}

function one(args: VmcArgs, what: string, count = 1): string[] {
  if (args.words.length !== count)
    throw new UsageError(
      `vmc ${args.command} takes ${what}${args.words.length > count ? `, not ${args.words.slice(count).join(' ')}` : ''}`,
    );
  checkGuestName(args.words[0]!);
  return args.words;
}

/** Paths are resolved against vmc's working folder: the daemon has its own. */
function absolute(p: string): string {
  return path.resolve(process.cwd(), p);
}

function describe(g: GuestInfo): string {
  return `${g.name}: ${g.status}${g.status === 'running' ? ` (pid ${g.pid}${g.waylandSocket ? `, desktop ${g.waylandSocket}` : ', no desktop'})` : ''}`;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function run(args: VmcArgs, out: (s: string) => void): Promise<number> {
  const client = (await ConciergeClient.connect())!;
  try {
    switch (args.command) {
      case 'create': {
        const [name] = one(args, 'one guest NAME');
        const g = await client.call<GuestInfo>('createGuest', { name, network: args.flags.has('--network') });
        out(`created guest '${g.name}' (user ${g.user}, home ${g.home}); start it with: vmc start ${g.name}`);
        return 0;
      }
      case 'start': {
        const [name] = one(args, 'one guest NAME');
        const wayland = findDesktopSocket(args.flags.get('--wayland') as string | undefined);
        const g = await client.call<GuestInfo>('startGuest', { name, waylandSocket: wayland });
        out(describe(g));
        if (!g.waylandSocket)
          out(
            'note: no desktop is running, so apps in this guest cannot show windows; start one (npm start), then: vmc stop/start',
          );
        return 0;
      }
      case 'stop': {
        const [name] = one(args, 'one guest NAME');
        out(describe(await client.call<GuestInfo>('stopGuest', { name })));
        return 0;
      }
      case 'list': {
        if (args.words.length) throw new UsageError('vmc list takes no arguments');
        const { guests } = await client.call<{ guests: GuestInfo[] }>('listGuests', {});
        if (guests.length === 0) out('no guests; create one with: vmc create penguin');
        for (const g of guests) {
          out(describe(g));
          for (const s of g.shares)
            out(`  shared: ${s.hostPath} at ${s.guestPath}${s.drop ? ' (dropped files go here)' : ''}`);
        }
        return 0;
      }
      case 'destroy': {
        const [name] = one(args, 'one guest NAME');
        if (!args.flags.has('-y') && !args.flags.has('--yes')) {
          await client.call('getGuest', { name });
          if (!process.stdin.isTTY)
            throw new UsageError(
              `destroying '${name}' deletes all its files; confirm with: vmc destroy ${name} -y`,
            );
          if (!(await confirm(`Destroy guest '${name}' and delete all its files? [y/N] `))) {
            out('not destroyed');
            return 1;
          }
        }
        await client.call('destroyGuest', { name });
        out(`destroyed guest '${name}'`);
        return 0;
      }
      case 'export': {
        const [name, file] = one(args, 'a guest NAME and a FILE', 2);
        await client.call('exportGuest', { name, file: absolute(file!) }, 3_600_000);
        out(`exported '${name}' to ${absolute(file!)}`);
        return 0;
      }
      case 'import': {
        const [name, file] = one(args, 'a guest NAME and a FILE', 2);
        const g = await client.call<GuestInfo>('importGuest', { name, file: absolute(file!) }, 3_600_000);
        out(`imported '${g.name}' from ${absolute(file!)}; start it with: vmc start ${g.name}`);
        return 0;
      }
      case 'launch':
        return await launchCommand(args, out);
      case 'share': {
        const [name, hostPath] = one(args, 'a guest NAME and a HOST-PATH', 2);
        const r = await client.call<{ share: Share; restartNeeded: boolean }>('shareFolder', {
          name,
          hostPath: absolute(hostPath!),
          drop: args.flags.has('--drop'),
        });
        out(`${r.share.hostPath} is shared with '${name}' at ${r.share.guestPath}`);
        if (r.share.drop) out(`files dropped on '${name}' windows in the desktop go there`);
        if (r.restartNeeded)
          out(`'${name}' is running: it sees the share after: vmc stop ${name} && vmc start ${name}`);
        return 0;
      }
      case 'unshare': {
        const [name, which] = one(args, 'a guest NAME and the shared PATH', 2);
        await client.call('unshareFolder', { name, path: which!.startsWith('.') ? absolute(which!) : which });
        out(`stopped sharing ${which} with '${name}' (from its next start)`);
        return 0;
      }
      case 'logs': {
        const [name] = one(args, 'one guest NAME');
        const { text } = await client.call<{ text: string }>('getLogs', { name });
        process.stdout.write(text || `(guest '${name}' has no log yet)\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${args.command}'`);
    }
  } finally {
    client.close();
  }
}

/** `vmc` (or `tartine vmc`): manage guests through the concierge daemon. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? process.stderr : process.stdout).write(VMC_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  // `vmc ... | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  try {
    return await run(parseVmcArgs(argv), (s) => process.stdout.write(`${s}\n`));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`vmc: ${e.message}\nRun 'vmc --help' for the commands.\n`);
      return 2;
    }
    const g = e instanceof GuestError ? e : new GuestError(GuestErrorCode.internal, (e as Error).message);
    process.stderr.write(`vmc: ${g.message}\n`);
    return 1;
  }
}
