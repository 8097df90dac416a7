import type { CodeWriter } from './code-writer.js';
import type { Protocol } from './protocol-model.js';
import type { ProtocolSet } from './protocol-set.js';

/**
 * Collects the imports of one generated file. A name used only in type positions is imported
 * with `type`, so generated modules load only what they run (and type-only cycles cost nothing).
 */
export class Imports {
  /** module → name → used as a value. */
  private readonly modules = new Map<string, Map<string, boolean>>();

  add(module: string, name: string, asValue: boolean): void {
    let names = this.modules.get(module);
    if (!names) this.modules.set(module, (names = new Map()));
    names.set(name, (names.get(name) ?? false) || asValue);
  }

  write(w: CodeWriter): void {
    for (const module of [...this.modules.keys()].sort(byKey)) {
      const names = this.modules.get(module)!;
      const sorted = [...names.keys()].sort((a, b) => byKey(a.toLowerCase(), b.toLowerCase()) || byKey(a, b));
      const anyValue = sorted.some((n) => names.get(n));
      const items = anyValue ? sorted.map((n) => (names.get(n) ? n : `type ${n}`)) : sorted;
      w.list(anyValue ? 'import { ' : 'import type { ', items, ` } from '${module}';`);
    }
    if (this.modules.size > 0) w.line();
  }
}

/** The runtime, as seen from a generated file in `protos/gen/<kind>/`. */
export const RUNTIME = '../../../compositor/src';

/**
 * Names the generated class `cls` of interface `iface` in a file generated from `p`, importing
 * it from its sibling file when another protocol defines the interface.
 */
export function classRef(
  imports: Imports,
  set: ProtocolSet,
  p: Protocol,
  iface: string,
  cls: string,
  asValue: boolean,
): string {
  const owner = set.ownerOf(iface);
  if (owner.base !== p.base) imports.add(`./${owner.base}.js`, cls, asValue);
  return cls;
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
