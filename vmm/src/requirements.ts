import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuestError, GuestErrorCode } from './guest-error.js';

/** Programs the sandbox needs, each with the Debian package that has it. */
export const SANDBOX_PROGRAMS: ReadonlyArray<{ program: string; pkg: string; why: string }> = [
  { program: 'bwrap', pkg: 'bubblewrap', why: 'to build the sandbox (namespaces and mounts)' },
  { program: 'nsenter', pkg: 'util-linux', why: 'to run commands in a running guest' },
  { program: 'tar', pkg: 'tar', why: 'to export and import guests' },
  { program: 'gzip', pkg: 'gzip', why: 'to compress guest exports' },
];

/** The absolute path of `program` on PATH, or null. */
export function findProgram(program: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env['PATH'] || '/usr/bin:/bin').split(':')) {
    if (!dir) continue;
    const p = path.join(dir, program);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Throws a GuestError naming the Debian package to install when a needed program is missing. */
export function requireProgram(program: string, pkg: string, why: string): string {
  const p = findProgram(program);
  if (p) return p;
  throw new GuestError(
    GuestErrorCode.missingPackage,
    `'${program}' is not installed; it is needed ${why}. Install it with: sudo apt-get install ${pkg}` +
      ` (or run: node scripts/setup.mjs)`,
  );
}

export function requireSandboxPrograms(): void {
  for (const { program, pkg, why } of SANDBOX_PROGRAMS) requireProgram(program, pkg, why);
}
