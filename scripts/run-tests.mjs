#!/usr/bin/env node
// Runs the test suite: lint (eslint, prettier --check), the generated-code check, then every compiled
// test file dist/**/*.test.js (except dist/bench) under node's test runner. Expects a built tree
// (`npm test` runs scripts/setup.mjs first).
//
// Usage: node scripts/run-tests.mjs [SUBSTRING...]
//   With substrings, runs only the test files whose path (dist/...js or the .ts source) contains one
//   of them, and skips lint and the generated-code check.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

function say(msg) {
  console.log(`run-tests: ${msg}`);
}

function wallTime() {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** Runs a command with inherited stdio; exits with its code if it fails. */
function step(title, cmd, args) {
  say(title);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.error) {
    console.error(`run-tests: ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`run-tests: ${title} failed (exit ${r.status ?? r.signal}); wall time ${wallTime()}`);
    process.exit(r.status || 1);
  }
}

/** Compiled test files whose TypeScript source still exists (a deleted test leaves its .js in dist/). */
function findTestFiles() {
  const out = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && p !== path.join(root, 'dist', 'bench')) walk(p);
      } else if (e.name.endsWith('.test.js')) {
        const rel = path.relative(root, p).split(path.sep).join('/');
        const source = rel.replace(/^dist\//, '').replace(/\.js$/, '.ts');
        if (fs.existsSync(path.join(root, source))) out.push({ rel, source });
      }
    }
  };
  walk(path.join(root, 'dist'));
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}

function main(filters) {
  let files = findTestFiles();
  if (filters.length > 0) {
    files = files.filter((f) => filters.some((s) => f.rel.includes(s) || f.source.includes(s)));
    if (files.length === 0) {
      console.error(`run-tests: no test file matches ${filters.map((s) => `'${s}'`).join(' or ')}`);
      process.exit(1);
    }
  } else {
    const bin = (p) => path.join(root, 'node_modules', p);
    step('lint: eslint', process.execPath, [
      bin('eslint/bin/eslint.js'),
      '--cache',
      '--cache-location',
      'node_modules/.cache/eslint/',
      '.',
    ]);
    step('lint: prettier --check', process.execPath, [
      bin('prettier/bin/prettier.cjs'),
      '--check',
      '--log-level',
      'warn',
      '.',
    ]);
    step('generated code check', process.execPath, [path.join(root, 'scripts', 'check-generated.mjs')]);
  }

  if (files.length === 0) {
    say(`no test files found (dist/**/*.test.js with a .ts source): nothing to run; wall time ${wallTime()}`);
    return;
  }

  say(`running ${files.length} test file(s)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-tests-'));
  const tap = path.join(tmp, 'results.tap');
  const r = spawnSync(
    process.execPath,
    [
      '--enable-source-maps',
      '--test',
      '--test-concurrency=2',
      '--test-timeout=300000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files.map((f) => f.rel),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  let summary = [];
  try {
    summary = fs
      .readFileSync(tap, 'utf8')
      .split('\n')
      .filter((l) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(l));
  } catch {
    // node crashed before writing its report: the exit code tells.
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  const code = r.error ? 1 : (r.status ?? 1);
  console.log('');
  say(`${files.length} test file(s), exit ${r.status ?? r.signal}, wall time ${wallTime()}`);
  // Close with the runner's TAP summary (`# pass N`, `# fail N`, ...).
  for (const line of summary) console.log(line);
  process.exit(code);
}

main(process.argv.slice(2));
