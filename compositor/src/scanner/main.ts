#!/usr/bin/env node
/**
 * The Wayland protocol scanner's command line:
 *
 *   node dist/compositor/src/scanner/main.js --out protos/gen [--check] protos/wayland/*.xml
 *
 * All files are read in one run so that references between protocols resolve. `--check`
 * writes nothing and exits 1 when a generated file is missing or differs (for CI).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from './generate.js';
import { ScanError } from './xml-parser.js';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: main.js --out DIR [--check] PROTOCOL.xml...\n`);
  process.exit(2);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function run(argv: readonly string[]): number {
  let out: string | null = null;
  let check = false;
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i] ?? usage('--out needs a directory');
    else if (a === '--check') check = true;
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else inputs.push(a);
  }
  if (out === null) usage('missing --out');
  if (inputs.length === 0) usage('no protocol files given');

  const files = generate(inputs.map((path) => ({ path, text: readFileSync(path, 'utf8') })));
  let stale = 0;
  for (const f of files) {
    const target = join(out, f.path);
    // Unchanged files are left alone so their mtimes do not trigger rebuilds.
    if (readOrNull(target) === f.text) continue;
    if (check) {
      process.stderr.write(`${target} is out of date\n`);
      stale++;
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.text);
    process.stdout.write(`wrote ${target}\n`);
  }
  if (check && stale > 0) {
    process.stderr.write(`${stale} generated file(s) out of date: run npm run gen\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof ScanError)) throw e;
  process.stderr.write(`scanner: ${e.message}\n`);
  process.exitCode = 1;
}
