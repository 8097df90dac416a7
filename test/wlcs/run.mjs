#!/usr/bin/env node
// Runs the Wayland conformance suite (wlcs) against exo and prints passed/failed/skipped per
// protocol area. `npm run conformance` runs this after scripts/setup.mjs (which installs wlcs and
// builds dist/).
//
// Usage: node test/wlcs/run.mjs [options] [--gtest_filter=PATTERN]
//   --gtest_filter=PATTERN  only the tests gtest's filter selects (e.g. 'XdgToplevelStable*')
//   --area NAME             only the tests of an area (repeatable), e.g. --area core --area touch
//   --module PATH           another compositor's integration module (e.g. Mir's, for comparison)
//   --json FILE             write every result (name, area, outcome, detail) to FILE
//   -v, --verbose           print every failed test (expected ones too) and why it failed
// Failures listed in test/wlcs/expected-failures.json are expected; the exit status is 1 when a test
// fails that is not listed, or passes that is.
// wlcs's and exo's stderr go to dist/wlcs/last-run.log.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildModule, root } from './build.mjs';

const suiteJs = path.join(root, 'dist', 'test', 'wlcs', 'wlcs-suite.js');

function usage(code) {
  const text = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  const lines = text
    .slice(
      1,
      text.findIndex((l) => l.startsWith('import')),
    )
    .map((l) => l.replace(/^\/\/ ?/, ''));
  (code ? process.stderr : process.stdout).write(`${lines.join('\n').trim()}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const a = { filter: '*', areas: [], module: null, json: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(2);
    if (arg.startsWith('--gtest_filter=')) a.filter = arg.slice('--gtest_filter='.length);
    else if (arg === '--area') a.areas.push(value());
    else if (arg === '--module') a.module = path.resolve(value());
    else if (arg === '--json') a.json = path.resolve(value());
    else if (arg === '-v' || arg === '--verbose') a.verbose = true;
    else if (arg === '-h' || arg === '--help') usage(0);
    else {
      console.error(`run.mjs: unknown argument ${arg}`);
      usage(2);
    }
  }
  return a;
}

function pad(s, n) {
  return String(s).padStart(n);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(suiteJs)) {
    console.error('run.mjs: dist/ is not built: run `npm run conformance` (or `npm run build`) first');
    process.exit(1);
  }
  const suite = await import(pathToFileURL(suiteJs).href);
  for (const area of args.areas)
    if (!suite.AREA_ORDER.includes(area)) {
      console.error(`run.mjs: unknown area '${area}'; areas: ${suite.AREA_ORDER.join(', ')}`);
      process.exit(2);
    }
  const module = args.module ?? buildModule();
  // The list of exo's known failures, each with its reason (not for another compositor's module).
  const listPath = path.join(root, 'test', 'wlcs', 'expected-failures.json');
  const expected = args.module ? {} : JSON.parse(fs.readFileSync(listPath, 'utf8')).expectedFailures;
  let tests = suite.listTests(module, args.filter);
  if (args.areas.length > 0) tests = tests.filter((t) => args.areas.includes(suite.areaOf(t)));
  if (tests.length === 0) {
    console.error('run.mjs: no test matches');
    process.exit(1);
  }

  const logPath = path.join(root, 'dist', 'wlcs', 'last-run.log');
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  const log = fs.createWriteStream(logPath);
  const started = Date.now();
  console.log(`wlcs: ${tests.length} tests against ${path.relative(root, module) || module}`);
  const done = new Set();
  const results = await suite.runTests({
    module,
    tests,
    env: { TARTINE_ROOT: root, TARTINE_NODE: process.execPath },
    stderr: log,
    onResult: (r) => {
      const again = done.has(r.name);
      done.add(r.name);
      const known = r.name in expected;
      if (r.outcome === 'failed' && (!known || args.verbose))
        console.log(`  FAILED ${r.name}${known ? ' (expected)' : ''}${again ? ' (again)' : ''}`);
      else if (again) console.log(`  ${r.outcome} ${r.name} (second try)`);
      if (args.verbose && r.outcome === 'failed' && r.detail) console.log(r.detail.replace(/^/gm, '      '));
      if (!again && done.size % 100 === 0)
        console.log(`  ... ${done.size}/${tests.length} (${Math.round((Date.now() - started) / 1000)} s)`);
    },
  });
  await new Promise((resolve) => log.end(resolve));

  const table = suite.tally(results);
  const rows = [...table].filter(([, c]) => c.passed + c.failed + c.skipped > 0);
  const width = Math.max(...rows.map(([a]) => a.length), 'headline areas'.length);
  console.log(`\n${'area'.padEnd(width)}  passed  failed  skipped`);
  const sum = { passed: 0, failed: 0, skipped: 0 };
  const headline = { passed: 0, failed: 0, skipped: 0 };
  for (const [area, c] of rows) {
    console.log(`${area.padEnd(width)}  ${pad(c.passed, 6)}  ${pad(c.failed, 6)}  ${pad(c.skipped, 7)}`);
    for (const k of Object.keys(sum)) {
      sum[k] += c[k];
      if (suite.HEADLINE_AREAS.includes(area)) headline[k] += c[k];
    }
  }
  const line = (name, c) =>
    console.log(`${name.padEnd(width)}  ${pad(c.passed, 6)}  ${pad(c.failed, 6)}  ${pad(c.skipped, 7)}`);
  console.log('-'.repeat(width + 27));
  line('headline areas', headline);
  line('all', sum);
  console.log(
    `\n${Math.round((Date.now() - started) / 1000)} s; wlcs and compositor stderr: ${path.relative(root, logPath)}`,
  );

  const unexpected = results.filter((r) => r.outcome === 'failed' && !(r.name in expected));
  const fixed = results.filter((r) => r.outcome === 'passed' && r.name in expected);
  if (!args.module) {
    const known = results.filter((r) => r.outcome === 'failed' && r.name in expected).length;
    console.log(`${known} failures are expected (${path.relative(root, listPath)} says why)`);
    if (unexpected.length > 0)
      console.log(`${unexpected.length} are NOT:\n  ${unexpected.map((r) => r.name).join('\n  ')}`);
    if (fixed.length > 0)
      console.log(`these now pass, take them off the list:\n  ${fixed.map((r) => r.name).join('\n  ')}`);
  }

  if (args.json) {
    const out = results.map((r) => ({ ...r, area: suite.areaOf(r.name) }));
    fs.writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
  }
  process.exit(unexpected.length > 0 || fixed.length > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
