import * as path from 'node:path';
import { splitExec } from '../../../daemons/src/garcon/exec-line.js';

/** What matching needs of an installed app (a desktop entry, as garcon lists them). */
export interface AppEntry {
  desktopFileId: string;
  name: string;
  /** The Icon key ('' when none). */
  icon: string;
  startupWmClass: string;
  exec: string;
}

/** The program an entry's Exec runs, as a file name ('' when none): `env FOO=1 gedit %U` → gedit. */
export function execProgram(exec: string): string {
  let argv: string[];
  try {
    argv = splitExec(exec);
  } catch {
    return '';
  }
  // `env VAR=value... program`: the program is the first word that is no assignment.
  if (argv[0] && path.basename(argv[0]) === 'env') {
    let i = 1;
    while (i < argv.length && argv[i]!.includes('=')) i++;
    argv = argv.slice(i);
  }
  return argv[0] ? path.basename(argv[0]) : '';
}

const lower = (s: string): string => s.toLowerCase();

/**
 * The entry a Wayland app id belongs to, as desktops match windows to apps: the desktop file id
 * (`org.gnome.Calculator` ↔ org.gnome.Calculator.desktop), then StartupWMClass, then the program
 * Exec runs (`foot` ↔ Exec=foot), each exact first, then ignoring case. Null when none.
 */
export function matchApp<T extends AppEntry>(appId: string, apps: readonly T[]): T | null {
  if (!appId) return null;
  const keys: Array<(a: T) => string> = [
    (a) => a.desktopFileId,
    (a) => a.startupWmClass,
    (a) => execProgram(a.exec),
  ];
  for (const key of keys) {
    const exact = apps.find((a) => key(a) === appId);
    if (exact) return exact;
    const folded = apps.find((a) => key(a) !== '' && lower(key(a)) === lower(appId));
    if (folded) return folded;
  }
  return null;
}

/**
 * The entry whose program one of `running` (program file names of the app's processes) is, when
 * exactly one entry fits: the window's process decides, as desktops fall back to a window's pid
 * when its app id names no entry (GTK's `org.gtk.WidgetFactory` ↔ Exec=gtk3-widget-factory).
 */
export function matchByProgram<T extends AppEntry>(
  running: ReadonlySet<string>,
  apps: readonly T[],
): T | null {
  const fits = apps.filter((a) => {
    const p = execProgram(a.exec);
    return p !== '' && running.has(p);
  });
  const programs = new Set(fits.map((a) => execProgram(a.exec)));
  if (programs.size !== 1) return null;
  // Several entries may run one program (foot, foot --server): the plainest Exec wins.
  return fits.sort((a, b) => a.exec.length - b.exec.length)[0] ?? null;
}
