import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closeFd, setNonBlocking } from '../../compositor/src/native/libc.js';
import { socketPair } from '../../compositor/src/native/unix-socket.js';
import { AppIdentity } from './settings/app-identity.js';
import type { Sommelier } from './sommelier.js';

/** The fd number the launched program finds its connection on (WAYLAND_SOCKET). */
const CHILD_FD = 3;

/**
 * The XCURSOR_SIZE a launched app gets: the user's own, else 24. Sommelier shows cursor
 * surfaces unscaled (relays/seat.ts), so this is the cursor's size on the host, in host
 * logical pixels, at every app scale; the app draws it at the output scale it is told, so it
 * stays sharp. (Crostini exports round(24 × scale) because its scale divides guest pixels
 * down to the host's; ours multiplies them up. See sommelier/README.md.)
 */
export function cursorSize(env: NodeJS.ProcessEnv = process.env): string {
  const own = Number(env['XCURSOR_SIZE']);
  return Number.isInteger(own) && own > 0 ? String(own) : '24';
}

/**
 * Runs `command` as sommelier's only client, on a private socketpair it inherits as
 * WAYLAND_SOCKET. WAYLAND_DISPLAY is removed from its environment so that nothing it starts
 * can reach the host compositor directly, around sommelier.
 */
export function launchClient(
  sommelier: Sommelier,
  command: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): ChildProcess {
  const [ours, theirs] = socketPair();
  let child: ChildProcess;
  try {
    // libwayland-client expects a blocking socket (it polls before reading).
    setNonBlocking(theirs, false);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...extraEnv,
      WAYLAND_SOCKET: String(CHILD_FD),
      XCURSOR_SIZE: cursorSize(),
    };
    delete env['WAYLAND_DISPLAY'];
    child = spawn(command[0]!, command.slice(1), {
      stdio: ['inherit', 'inherit', 'inherit', theirs],
      env,
    });
  } catch (e) {
    closeFd(ours);
    throw e;
  } finally {
    // The child has its copy (spawn forks synchronously); ours must go or the socket never hangs up.
    closeFd(theirs);
  }
  sommelier.expectLaunch(AppIdentity.executableOf(child.pid) ?? path.basename(command[0]!));
  sommelier.display.addClientFd(ours);
  return child;
}

/**
 * The scale `command` will get, known before it starts (an X app's Xwayland must be chosen
 * then): the per-app settings of its executable, found as `/proc/<pid>/exe` will name it (the
 * PATH entry with links resolved), else `--scale`.
 */
export function launchScale(sommelier: Sommelier, command: string[]): number {
  return sommelier.scaleForExecutable(executableOf(command[0]!));
}

function executableOf(program: string): string {
  const dirs = program.includes('/') ? [''] : (process.env['PATH'] ?? '').split(':').filter(Boolean);
  for (const dir of dirs) {
    try {
      const file = dir ? path.join(dir, program) : program;
      fs.accessSync(file, fs.constants.X_OK);
      return path.basename(fs.realpathSync(file));
    } catch {
      // not there: the next PATH entry
    }
  }
  return path.basename(program);
}

/** The exit status of a finished child as a shell reports it (128 + signal number when killed). */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1);
}
