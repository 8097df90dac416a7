// Shared by scripts/gen.mjs and scripts/check-generated.mjs.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const SCANNER = 'dist/compositor/src/scanner/main.js';

/** Relative paths (with /) of the files under dir, dotfiles such as .gitkeep left out; [] if no dir. */
export function listFiles(dir, base = dir, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, base, out);
    else out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Runs the compiled scanner on protos/wayland/*.xml into outDir; prints its output and returns false on failure. */
export function runScanner(root, outDir, who) {
  const xml = fs
    .readdirSync(path.join(root, 'protos', 'wayland'))
    .filter((n) => n.endsWith('.xml'))
    .sort()
    .map((n) => `protos/wayland/${n}`);
  const r = spawnSync(process.execPath, [path.join(root, SCANNER), '--out', outDir, ...xml], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    console.error(`${who}: the scanner failed (exit ${r.status ?? r.error?.message})`);
    return false;
  }
  return true;
}

export const X11_SCANNER = 'dist/xwayland-bridge/src/xcb-scanner/main.js';

/** Runs the compiled xcb scanner on protos/x11/*.xml into outDir; like runScanner. */
export function runX11Scanner(root, outDir, who) {
  const xml = fs
    .readdirSync(path.join(root, 'protos', 'x11'))
    .filter((n) => n.endsWith('.xml'))
    .sort()
    .map((n) => `protos/x11/${n}`);
  const r = spawnSync(process.execPath, [path.join(root, X11_SCANNER), '--out', outDir, ...xml], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    console.error(`${who}: the xcb scanner failed (exit ${r.status ?? r.error?.message})`);
    return false;
  }
  return true;
}
