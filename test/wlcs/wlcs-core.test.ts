import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { areaOf, listTests, runTests } from './wlcs-suite.js';

/**
 * The core and xdg-shell (stable) areas of the Wayland conformance suite must give exactly the
 * results test/wlcs/expected-failures.json predicts: a new failure fails this test, and so does
 * an expected failure that now passes (take it off the list). The list covers other areas too;
 * `npm run conformance` checks the whole suite against it.
 */

const AREAS = ['core', 'xdg-shell stable'];
// dist/test/wlcs/ → the repository root, where the module source and the list live.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface ExpectedFailures {
  /** Test name → why it fails (what exo lacks, or which wlcs quirk). */
  expectedFailures: Record<string, string>;
  /** Test name → why it sometimes passes and sometimes fails; either outcome is accepted. */
  flaky: Record<string, string>;
}

test('wlcs conformance: core and xdg-shell stable', { timeout: 15 * 60_000 }, async (t) => {
  const list = JSON.parse(
    fs.readFileSync(path.join(root, 'test', 'wlcs', 'expected-failures.json'), 'utf8'),
  ) as ExpectedFailures;
  const build = (await import(pathToFileURL(path.join(root, 'test', 'wlcs', 'build.mjs')).href)) as {
    buildModule(): string;
  };
  const module = build.buildModule();
  const tests = listTests(module).filter((t) => AREAS.includes(areaOf(t)));
  assert.ok(tests.length > 50, `only ${tests.length} wlcs tests found in ${AREAS.join(', ')}`);

  const results = await runTests({
    module,
    tests,
    env: { TARTINE_ROOT: root, TARTINE_NODE: process.execPath },
  });

  const problems: string[] = [];
  for (const name of [...Object.keys(list.expectedFailures), ...Object.keys(list.flaky)])
    if (AREAS.includes(areaOf(name)) && !tests.includes(name))
      problems.push(`${name}: listed in expected-failures.json but wlcs has no such test`);
  for (const r of results) {
    if (r.name in list.flaky) continue;
    const expected = r.name in list.expectedFailures;
    if (r.outcome === 'failed' && !expected)
      problems.push(`${r.name} FAILED (not an expected failure):\n${r.detail.replace(/^/gm, '    ')}`);
    if (r.outcome === 'passed' && expected)
      problems.push(`${r.name} now PASSES: take it off test/wlcs/expected-failures.json`);
  }
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const summary = `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped of ${results.length}`;
  t.diagnostic(`wlcs ${AREAS.join(' + ')}: ${summary}`);
  assert.equal(problems.length, 0, `wlcs ${AREAS.join(' + ')}: ${summary}\n${problems.join('\n')}`);
});
