import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../compositor/src/scanner/repo-root.js';
import { generateX11, type SourceFile } from './generate.js';

/**
 * Golden files: the made-up protocols in testdata/ are scanned in memory and compared with the
 * committed output in testdata/golden/. After an intended change, rerun with UPDATE_GOLDEN=1.
 */
const testdata = join(repoRoot(), 'xwayland-bridge', 'src', 'xcb-scanner', 'testdata');
const update = process.env['UPDATE_GOLDEN'] === '1';

function sources(): SourceFile[] {
  return readdirSync(testdata)
    .filter((n) => n.endsWith('.xml'))
    .map((n) => ({ path: `testdata/${n}`, text: readFileSync(join(testdata, n), 'utf8') }));
}

describe('xcb scanner golden files', () => {
  const out = generateX11(sources());
  for (const f of out) {
    it(`${f.path} matches its golden file`, () => {
      const golden = join(testdata, 'golden', `${f.path}.golden`);
      if (update) writeFileSync(golden, f.text);
      assert.equal(f.text, readFileSync(golden, 'utf8'), `${f.path} (UPDATE_GOLDEN=1 if intended)`);
    });
  }

  it('is independent of input order', () => {
    assert.deepEqual(generateX11(sources().reverse()), out);
  });

  it('leaves out what it cannot generate, saying why', () => {
    const core = out.find((f) => f.path === 'tcore.ts')!.text;
    assert.match(core, /Not generated: request Odd \(<exprfield>\)/);
  });
});
