import type { App } from '../grpc/messages.js';

/**
 * Desktop entries (freedesktop Desktop Entry Specification 1.5): the `[Desktop Entry]` group of
 * a `.desktop` file, values unescaped, localized keys resolved for the session's language.
 */
export interface DesktopEntry extends App {
  /** Hidden=true: the entry is deleted (it masks entries of the same id further down the path). */
  hidden: boolean;
  type: string;
  tryExec: string;
  /** Where it was read from. */
  path: string;
}

/** `\s \n \t \r \\` escapes of string values. */
function unescapeValue(v: string): string {
  return v.replace(
    /\\([sntr\\;])/g,
    (_, c: string) => ({ s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\', ';': '\\;' })[c]!,
  );
}

/** A `;`-separated list (an escaped `\;` stays in its item). */
function splitList(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\' && v[i + 1] === ';') {
      cur += ';';
      i++;
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Locale variants to try for `Key[xx_YY]`, best first, from LANG/LC_MESSAGES (`de_DE.UTF-8` → de_DE, de). */
export function localeKeys(lang: string | undefined): string[] {
  const m = /^([a-z]{2,3})(_[A-Z]{2})?/.exec(lang ?? '');
  if (!m) return [];
  return m[2] ? [`${m[1]}${m[2]}`, m[1]!] : [m[1]!];
}

/** Parses a desktop file's text; returns null for a file without a `[Desktop Entry]` group. */
export function parseDesktopEntry(
  text: string,
  id: string,
  file: string,
  lang?: string,
): DesktopEntry | null {
  const values = new Map<string, string>();
  let inEntry = false;
  let seen = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      inEntry = line === '[Desktop Entry]';
      seen ||= inEntry;
      continue;
    }
    if (!inEntry) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    // The first occurrence of a key wins, as in GLib.
    if (!values.has(key)) values.set(key, line.slice(eq + 1).trim());
  }
  if (!seen) return null;
  const locales = localeKeys(lang);
  const get = (key: string): string => {
    for (const l of locales) {
      const v = values.get(`${key}[${l}]`);
      if (v !== undefined) return unescapeValue(v);
    }
    return unescapeValue(values.get(key) ?? '');
  };
  const bool = (key: string): boolean => values.get(key) === 'true';
  return {
    desktopFileId: id,
    name: get('Name'),
    icon: get('Icon'),
    // Exec keeps its own quoting: exec-line.ts parses it.
    exec: values.get('Exec') ?? '',
    startupWmClass: get('StartupWMClass'),
    mimeTypes: splitList(values.get('MimeType') ?? ''),
    noDisplay: bool('NoDisplay'),
    comment: get('Comment'),
    terminal: bool('Terminal'),
    hidden: bool('Hidden'),
    type: values.get('Type') ?? '',
    tryExec: get('TryExec'),
    path: file,
  };
}

/** The desktop file id of `relative` (its path under an applications/ folder): `/` becomes `-`. */
export function desktopFileId(relative: string): string {
  return relative
    .replace(/\.desktop$/, '')
    .split('/')
    .join('-');
}
