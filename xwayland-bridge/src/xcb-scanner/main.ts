#!/usr/bin/env node
/**
 * The xcb scanner's command line:
 *
 *   node dist/xwayland-bridge/src/xcb-scanner/main.js --out protos/gen/x11 protos/x11/*.xml
 *
 * Writes one TypeScript file per xcb-proto XML file; unchanged files are left alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanError } from '../../../compositor/src/scanner/xml-parser.js';
import { generateX11 } from './generate.js';

function run(argv: readonly string[]): number {
  let out: string | null = null;
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i] ?? null;
    else inputs.push(a);
  }
  if (out === null || inputs.length === 0) {
    process.stderr.write('usage: main.js --out DIR PROTOCOL.xml...\n');
    return 2;
  }
  const files = generateX11(inputs.map((path) => ({ path, text: readFileSync(path, 'utf8') })));
  mkdirSync(out, { recursive: true });
  for (const f of files) {
    const target = join(out, f.path);
    let old: string | null = null;
    try {
      old = readFileSync(target, 'utf8');
    } catch {
      // a new file
    }
    if (old !== f.text) writeFileSync(target, f.text);
  }
  return 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof ScanError)) throw e;
  process.stderr.write(`xcb scanner: ${e.message}\n`);
  process.exitCode = 1;
}
