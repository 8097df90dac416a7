import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest directory above this module holding package.json. Tests run
 * from the compiled copy in dist/, so source-tree files (testdata, protocol XML) are found from
 * here rather than relative to the module.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the scanner');
    dir = up;
  }
  return dir;
}
