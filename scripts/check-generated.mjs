#!/usr/bin/env node
// Fails when the generated bindings in protos/gen/ are not what the scanners make: the Wayland ones from
// protos/wayland/*.xml, the X11 ones (protos/gen/x11/) from protos/x11/*.xml. Regenerates them into a
// temporary folder and compares file by file. Skips (exit 0) while a scanner is not built.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCANNER, X11_SCANNER, listFiles, runScanner, runX11Scanner } from './gen-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const genDir = path.join(root, 'protos', 'gen');

function main() {
  for (const scanner of [SCANNER, X11_SCANNER])
    if (!fs.existsSync(path.join(root, scanner))) {
      console.log(`check-generated: the scanner is not built yet (${scanner} is missing): skipped`);
      return 0;
    }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-gen-'));
  try {
    if (!runScanner(root, tmp, 'check-generated')) return 1;
    if (!runX11Scanner(root, path.join(tmp, 'x11'), 'check-generated')) return 1;
    const fresh = new Set(listFiles(tmp));
    const committed = new Set(listFiles(genDir));
    const problems = [];
    for (const f of [...new Set([...fresh, ...committed])].sort()) {
      if (!committed.has(f)) problems.push(`  missing: protos/gen/${f}`);
      else if (!fresh.has(f)) problems.push(`  stale:   protos/gen/${f} (the scanner no longer makes it)`);
      else if (!fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(genDir, f))))
        problems.push(`  differs: protos/gen/${f}`);
    }
    if (problems.length > 0) {
      console.error(
        'check-generated: protos/gen/ does not match what the scanners make from protos/wayland/*.xml and protos/x11/*.xml:',
      );
      console.error(problems.join('\n'));
      console.error(
        'check-generated: run `npm run gen` and commit the result (never edit protos/gen/ by hand)',
      );
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exit(main());
