import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { generate, type SourceFile } from './generate.js';
import { repoRoot } from './repo-root.js';

/**
 * Golden-file tests: the test protocols in testdata/ are scanned in memory and compared with the
 * committed expected output in testdata/golden/ (`.golden` so that tsc does not compile them).
 * After an intended change to the generated code, rerun with UPDATE_GOLDEN=1 and review the diff.
 */
const testdata = join(repoRoot(), 'compositor', 'src', 'scanner', 'testdata');
const goldenDir = join(testdata, 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

function sources(): SourceFile[] {
  return readdirSync(testdata)
    .filter((n) => n.endsWith('.xml'))
    .sort()
    .map((n) => ({ path: `testdata/${n}`, text: readFileSync(join(testdata, n), 'utf8') }));
}

function goldenFiles(dir = goldenDir, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? goldenFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('scanner golden files', () => {
  const outputs = generate(sources());

  if (update) {
    it('rewrites the golden files (UPDATE_GOLDEN=1)', () => {
      rmSync(goldenDir, { recursive: true, force: true });
      for (const f of outputs) {
        const target = join(goldenDir, `${f.path}.golden`);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, f.text);
      }
    });
    return;
  }

  for (const f of outputs) {
    it(`${f.path} matches its golden file`, () => {
      const expected = readFileSync(join(goldenDir, `${f.path}.golden`), 'utf8');
      // Compare line by line first so a failure points at the first differing line.
      const got = f.text.split('\n');
      const want = expected.split('\n');
      for (let i = 0; i < Math.max(got.length, want.length); i++)
        assert.equal(
          got[i],
          want[i],
          `${f.path}.golden line ${i + 1} (rerun with UPDATE_GOLDEN=1 if intended)`,
        );
      assert.equal(f.text, expected);
    });
  }

  it('has no golden file the scanner no longer makes', () => {
    const made = new Set(outputs.map((f) => `${f.path}.golden`));
    assert.deepEqual(
      goldenFiles().filter((f) => !made.has(f)),
      [],
    );
  });

  it('is deterministic and independent of input order', () => {
    const again = generate(sources().reverse());
    const byPath = (fs: typeof outputs) => new Map(fs.map((f) => [f.path, f.text]));
    assert.deepEqual(byPath(again), byPath(outputs));
  });

  it('starts every file with the @generated header', () => {
    for (const f of outputs)
      assert.match(f.text, /^\/\/ @generated .* from tartine-test(-other)?\.xml: do not edit\./);
  });
});
