#!/usr/bin/env node
// Builds the wlcs integration module (test/wlcs/exo_wlcs.c) into dist/wlcs/exo_wlcs.so when the
// source is newer than the library. Exports buildModule() for run.mjs and the node:test file.
//
// Usage: node test/wlcs/build.mjs

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const modulePath = path.join(root, 'dist', 'wlcs', 'exo_wlcs.so');
const source = path.join(here, 'exo_wlcs.c');

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/** Compiles the module if needed; returns its path. Throws with the compiler's output on failure. */
export function buildModule() {
  if (mtime(modulePath) >= mtime(source)) return modulePath;
  fs.mkdirSync(path.dirname(modulePath), { recursive: true });
  const tmp = `${modulePath}.${process.pid}.tmp`;
  const args = [
    '-shared',
    '-fPIC',
    '-O2',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-o',
    tmp,
    source,
    '-lwayland-client',
  ];
  const r = spawnSync('cc', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`cc: ${r.error.message} (install gcc and libwayland-dev)`);
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`cc ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  }
  fs.renameSync(tmp, modulePath);
  return modulePath;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(buildModule());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
