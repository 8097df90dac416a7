#!/usr/bin/env node
// `npm run gen`: regenerates protos/gen/ from protos/wayland/*.xml with the Wayland scanner, and
// protos/gen/x11/ from protos/x11/*.xml (xcb-proto) with the xcb scanner (xwayland-bridge/src/xcb-scanner/).
// Compiles only the scanners first (scripts/tsconfig.scanner.json, scripts/tsconfig.xcb-scanner.json), since
// the full build may need the very code being generated. Generates into a temporary folder, then brings protos/gen/ in line with it:
// changed and new files are written, files the scanner no longer makes are removed, unchanged files are
// left alone (so their mtimes do not trigger a rebuild).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, runScanner, runX11Scanner } from './gen-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const genDir = path.join(root, 'protos', 'gen');

function main() {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of ['scripts/tsconfig.scanner.json', 'scripts/tsconfig.xcb-scanner.json']) {
    const b = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, encoding: 'utf8' });
    if (b.error || b.status !== 0) {
      process.stdout.write(`${b.stdout ?? ''}${b.stderr ?? ''}`);
      console.error(`gen: compiling the scanner (${project}) failed (exit ${b.status ?? b.error?.message})`);
      return 1;
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-gen-'));
  try {
    if (!runScanner(root, tmp, 'gen')) return 1;
    if (!runX11Scanner(root, path.join(tmp, 'x11'), 'gen')) return 1;
    const fresh = new Set(listFiles(tmp));
    let written = 0;
    let removed = 0;
    for (const f of listFiles(genDir)) {
      if (!fresh.has(f)) {
        fs.rmSync(path.join(genDir, f));
        removed++;
      }
    }
    for (const f of fresh) {
      const src = fs.readFileSync(path.join(tmp, f));
      const dst = path.join(genDir, f);
      let old = null;
      try {
        old = fs.readFileSync(dst);
      } catch {}
      if (old === null || !old.equals(src)) {
        fs.mkdirSync(path.dirname(dst), { recursive: true });
        fs.writeFileSync(dst, src);
        written++;
      }
    }
    console.log(`gen: protos/gen/: ${fresh.size} file(s), ${written} written, ${removed} removed`);
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exit(main());
