import * as fs from 'node:fs';
import * as path from 'node:path';
import { desktopFileId, parseDesktopEntry, type DesktopEntry } from './desktop-entry.js';

/** The applications/ folders to read, most important first: XDG_DATA_HOME, then XDG_DATA_DIRS. */
export function applicationDirs(env: NodeJS.ProcessEnv): string[] {
  const home = env['XDG_DATA_HOME'] || path.join(env['HOME'] || '/', '.local/share');
  const dirs = (env['XDG_DATA_DIRS'] || '/usr/local/share:/usr/share')
    .split(':')
    .filter((d) => d.startsWith('/'));
  return [...new Set([home, ...dirs])].map((d) => path.join(d, 'applications'));
}

function walk(dir: string, rel: string, out: Array<{ rel: string; file: string }>, depth = 0): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && depth < 3) walk(dir, r, out, depth + 1);
    else if (e.name.endsWith('.desktop')) out.push({ rel: r, file: path.join(dir, r) });
  }
}

/**
 * Every installed application, by desktop file id: the first folder that has an id wins (so a
 * user's file, even a Hidden one, masks the system's), entries that are not applications or whose
 * TryExec program is missing are left out. NoDisplay ones stay listed with their flag: the
 * launcher hides them, launching by id still works.
 */
export function scanApps(env: NodeJS.ProcessEnv): DesktopEntry[] {
  const seen = new Set<string>();
  const apps: DesktopEntry[] = [];
  const lang = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'];
  for (const dir of applicationDirs(env)) {
    const files: Array<{ rel: string; file: string }> = [];
    walk(dir, '', files);
    files.sort((a, b) => a.rel.localeCompare(b.rel));
    for (const { rel, file } of files) {
      const id = desktopFileId(rel);
      if (seen.has(id)) continue;
      seen.add(id);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const entry = parseDesktopEntry(text, id, file, lang);
      if (!entry || entry.hidden || entry.type !== 'Application' || !entry.exec) continue;
      if (entry.tryExec && !onPath(entry.tryExec, env)) continue;
      apps.push(entry);
    }
  }
  return apps.sort((a, b) => a.desktopFileId.localeCompare(b.desktopFileId));
}

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  if (program.startsWith('/')) return fs.existsSync(program);
  return (env['PATH'] ?? '/usr/bin:/bin').split(':').some((d) => d && fs.existsSync(path.join(d, program)));
}

/**
 * Watches the applications folders and calls `changed` (debounced) when something in them may
 * have changed. Folders that do not exist yet are watched through their nearest existing parent.
 */
export function watchApps(env: NodeJS.ProcessEnv, changed: () => void, debounceMs = 300): () => void {
  const watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  const poke = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      changed();
    }, debounceMs);
  };
  const watched = new Set<string>();
  for (const dir of applicationDirs(env)) {
    let d = dir;
    while (!fs.existsSync(d) && d !== '/') d = path.dirname(d);
    if (watched.has(d)) continue;
    watched.add(d);
    try {
      watchers.push(fs.watch(d, { recursive: false }, poke));
    } catch {
      // unwatchable (permissions): changes there are seen at the next scan
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
