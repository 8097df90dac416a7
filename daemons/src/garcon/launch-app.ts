import { spawn } from 'node:child_process';
import { GuestError, GuestErrorCode } from '../../../vmm/src/guest-error.js';
import type { DesktopEntry } from './desktop-entry.js';
import { expandExec, ExecLineError } from './exec-line.js';
import { sommelierArgv } from './sommelier-child.js';

export interface LaunchSpec {
  guest: string;
  /** The app's argv (already expanded). */
  argv: string[];
  /** The app's scale; 0 or 1: the guest's shared sommelier, else a sommelier of its own. */
  scale: number;
  graphics: boolean;
}

/** The argv of a desktop entry launched with `files`; terminal apps run in the guest's terminal. */
export function entryArgv(entry: DesktopEntry, files: string[]): string[] {
  let argv: string[];
  try {
    argv = expandExec(entry.exec, { files, icon: entry.icon, name: entry.name, path: entry.path });
  } catch (e) {
    if (e instanceof ExecLineError)
      throw new GuestError(GuestErrorCode.agent, `${entry.desktopFileId}: ${e.message} (in ${entry.path})`);
    throw e;
  }
  return entry.terminal ? ['x-terminal-emulator', '-e', ...argv] : argv;
}

/**
 * Starts an app, detached from garcon (it outlives a garcon restart); its output goes to the
 * guest's log. Resolves with its pid once it is running, or throws if it could not be started.
 */
export function launch(spec: LaunchSpec): Promise<number> {
  const scaled = spec.graphics && spec.scale > 0 && spec.scale !== 1;
  const argv = scaled
    ? sommelierArgv(spec.guest, ['--scale', String(spec.scale), '--', ...spec.argv])
    : spec.argv;
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    child.once('error', (e) =>
      reject(new GuestError(GuestErrorCode.agent, `cannot start ${spec.argv[0]} in the guest: ${e.message}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve(child.pid ?? 0);
    });
  });
}
