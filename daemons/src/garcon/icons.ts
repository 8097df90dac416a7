import * as fs from 'node:fs';
import * as path from 'node:path';

/** Icon themes searched, in order (the user's theme is not known in a guest: hicolor is the fallback every app installs to). */
const THEMES = ['hicolor', 'Adwaita'];
/** Biggest icon file sent (the wire is gRPC; a huge SVG is not an icon). */
const MAX_BYTES = 1 << 20;

export interface IconFile {
  format: 'png' | 'svg';
  content: Buffer;
}

function iconRoots(env: NodeJS.ProcessEnv): string[] {
  const home = env['XDG_DATA_HOME'] || path.join(env['HOME'] || '/', '.local/share');
  const dirs = (env['XDG_DATA_DIRS'] || '/usr/local/share:/usr/share')
    .split(':')
    .filter((d) => d.startsWith('/'));
  return [path.join(env['HOME'] || '/', '.icons'), ...[home, ...dirs].map((d) => path.join(d, 'icons'))];
}

function readIcon(file: string): IconFile | null {
  const format = file.endsWith('.png') ? 'png' : file.endsWith('.svg') ? 'svg' : null;
  if (!format) return null;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_BYTES) return null;
    return { format, content: fs.readFileSync(file) };
  } catch {
    return null;
  }
}

/** `NNxNN` folder sizes of a theme, nearest to `want` first (bigger wins a tie: it scales down well). */
function sizesByNearness(themeDir: string, want: number): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(themeDir);
  } catch {
    return [];
  }
  const sized = names
    .map((n) => ({ n, s: /^(\d+)x\1(@(\d+))?$/.exec(n) }))
    .filter((x) => x.s !== null)
    .map((x) => ({ n: x.n, px: Number(x.s![1]) * Number(x.s![3] ?? 1) }));
  sized.sort((a, b) => Math.abs(a.px - want) - Math.abs(b.px - want) || b.px - a.px);
  return [...sized.map((x) => x.n), 'scalable'];
}

/**
 * The icon a desktop entry's Icon key names, as a PNG or SVG file's bytes: an absolute path is
 * read as is; a name is looked up in the icon themes (size nearest `size × scale`), then in
 * /usr/share/pixmaps. Null when nothing usable is found.
 */
export function findIcon(icon: string, size: number, scale: number, env: NodeJS.ProcessEnv): IconFile | null {
  if (!icon) return null;
  if (icon.startsWith('/')) return readIcon(icon);
  if (icon.includes('/')) return null;
  const want = Math.max(16, size || 48) * Math.max(1, scale || 1);
  for (const root of iconRoots(env)) {
    for (const theme of THEMES) {
      const themeDir = path.join(root, theme);
      for (const sizeDir of sizesByNearness(themeDir, want)) {
        for (const ext of ['png', 'svg']) {
          const hit = readIcon(path.join(themeDir, sizeDir, 'apps', `${icon}.${ext}`));
          if (hit) return hit;
        }
      }
    }
  }
  for (const ext of ['png', 'svg']) {
    const hit = readIcon(path.join('/usr/share/pixmaps', `${icon}.${ext}`));
    if (hit) return hit;
  }
  return null;
}
