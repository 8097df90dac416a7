import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { parseExoArgs } from './cli/exo-args.js';
import { ensureRuntimeDir, removeDesktopState, writeDesktopState } from './cli/desktop-state.js';
import { startExo } from './start-exo.js';
import { openGuestTerminal, type GuestTerminal } from '../../daemons/src/guest-terminal.js';

const USAGE = `Usage: tartine start [--no-terminal] [exo options]

Starts exo with the browser desktop, opens a terminal on it, and prints the URL to open.
  --no-terminal   do not start a terminal
Other options are exo's (see tartine exo --help), e.g. --port 8080 --keyboard de.
`;

/** Terminals to try, best first: [command, args]. */
const TERMINALS: Array<[string, string[]]> = [
  ['foot', []],
  ['weston-terminal', []],
];

/**
 * `tartine start` (what `npm start` runs): the desktop in the browser with a terminal on it.
 * Apps launched later with `tartine run` find this desktop through a state file under
 * $XDG_RUNTIME_DIR.
 */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const noTerminal = argv.includes('--no-terminal');
  const exoArgv = argv.filter((a) => a !== '--no-terminal');
  const runtime = ensureRuntimeDir();
  let running;
  try {
    running = await startExo(parseExoArgs(exoArgv));
  } catch (e) {
    process.stderr.write(`tartine start: ${(e as Error).message}\n`);
    return 1;
  }
  const r = running.ready;
  const statePath = writeDesktopState({ pid: process.pid, ...r });
  let terminal: ChildProcess | null = null;
  // The terminal runs inside the default guest (daemons/src/guest-terminal.ts); on the host only if that fails.
  let guestTerminal: GuestTerminal | null = null;
  if (!noTerminal)
    guestTerminal = await openGuestTerminal(r.wayland, (s) => process.stdout.write(`${s}\n`)).catch(
      (e: Error) => {
        process.stderr.write(
          `tartine start: no terminal in the guest: ${e.message}\nStarting one on the host instead.\n`,
        );
        return null;
      },
    );
  if (!noTerminal && !guestTerminal) terminal = launchTerminal(r.wayland, runtime);
  process.stdout.write(
    [
      '',
      'Tartine is running. Open the desktop in your browser:',
      '',
      `    ${r.url}`,
      '',
      guestTerminal ? `A terminal (${guestTerminal.description}) is open on it.` : '',
      terminal ? `A terminal (${terminal.spawnfile}) is open on it.` : '',
      'Launch more apps with:  npx tartine run -- APP [ARGS]   (e.g. npx tartine run -- gtk3-widget-factory)',
      `Wayland socket: ${r.wayland}   Control API: ${r.api} (token in ${statePath})`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      if (terminal?.pid) terminal.kill();
      removeDesktopState(process.pid);
      running.stop();
      void (guestTerminal?.stop() ?? Promise.resolve()).then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function launchTerminal(wayland: string, runtime: string): ChildProcess | null {
  for (const [cmd, args] of TERMINALS) {
    if (!onPath(cmd)) continue;
    const child = spawn(cmd, args, {
      stdio: 'ignore',
      cwd: process.env['HOME'] ?? '/',
      env: { ...process.env, WAYLAND_DISPLAY: wayland, XDG_RUNTIME_DIR: runtime },
    });
    child.on('error', () => {});
    return child;
  }
  process.stderr.write('tartine start: no terminal found (install foot or weston-terminal)\n');
  return null;
}

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '/usr/bin:/bin').split(':').some((d) => fs.existsSync(`${d}/${cmd}`));
}
