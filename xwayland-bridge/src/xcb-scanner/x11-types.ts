import { camel, enumMember, pascal } from '../../../compositor/src/scanner/names.js';
import { PRIMITIVES, type Expr, type Item, type XcbProtocol } from './xcb-model.js';

/** How one xcb type is read, written and typed in TypeScript. */
export type Resolved =
  | { kind: 'prim'; op: string; size: number; ts: string; bytes: boolean; char: boolean }
  | { kind: 'struct'; ts: string; module: string; size: number | null }
  | { kind: 'union'; ts: string; size: number };

/** `VISUALTYPE` → `Visualtype`, `ClientMessageData` stays. */
export function typeName(xcb: string): string {
  return /^[A-Z0-9_]+$/.test(xcb) ? pascal(xcb.toLowerCase()) : xcb.charAt(0).toUpperCase() + xcb.slice(1);
}

export const fieldName = camel;
export const itemName = enumMember;

/**
 * Resolves type names of one protocol file and the files it imports; records which names are
 * used from other files so the emitter can import them.
 */
export class TypeContext {
  readonly imported = new Map<string, Set<string>>();
  private readonly byName = new Map<string, { proto: XcbProtocol; kind: 'struct' | 'union' | 'alias' }>();
  private readonly sizes = new Map<string, number | null>();

  constructor(
    readonly proto: XcbProtocol,
    all: ReadonlyMap<string, XcbProtocol>,
  ) {
    const add = (p: XcbProtocol): void => {
      for (const s of p.structs) this.byName.set(s.name, { proto: p, kind: 'struct' });
      for (const u of p.unions) this.byName.set(u.name, { proto: p, kind: 'union' });
      for (const a of p.aliases.keys()) this.byName.set(a, { proto: p, kind: 'alias' });
    };
    for (const i of proto.imports) {
      const p = all.get(i);
      if (p) add(p);
    }
    add(proto);
  }

  /** Resolves a type; throws an Error naming it when unknown. */
  resolve(type: string): Resolved {
    const name = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
    const prim = PRIMITIVES.get(name);
    if (prim) {
      const bytes = prim.size === 1 && prim.op !== 'bool';
      const ts = prim.op === 'bool' ? 'boolean' : 'number';
      return { kind: 'prim', op: prim.op, size: prim.size, ts, bytes, char: name === 'char' };
    }
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`unknown type ${type}`);
    if (entry.kind === 'alias') return this.resolve(entry.proto.aliases.get(name)!);
    const ts = typeName(name);
    if (entry.proto !== this.proto) this.use(entry.proto.header, entry.kind === 'struct' ? ts : null);
    if (entry.kind === 'union') {
      const u = entry.proto.unions.find((x) => x.name === name)!;
      return { kind: 'union', ts, size: u.size };
    }
    return { kind: 'struct', ts, module: entry.proto.header, size: this.structSize(entry.proto, name) };
  }

  private use(module: string, struct: string | null): void {
    let set = this.imported.get(module);
    if (!set) this.imported.set(module, (set = new Set()));
    if (struct) {
      set.add(struct);
      set.add(`read${struct}`);
      set.add(`write${struct}`);
    }
  }

  /** Fixed byte size of a struct, or null when it has variable-length parts. */
  private structSize(p: XcbProtocol, name: string): number | null {
    if (this.sizes.has(name)) return this.sizes.get(name)!;
    const s = p.structs.find((x) => x.name === name)!;
    this.sizes.set(name, null);
    const size = this.itemsSize(s.items);
    this.sizes.set(name, size);
    return size;
  }

  /** Fixed byte size of an item list, or null. */
  itemsSize(items: readonly Item[]): number | null {
    let n = 0;
    for (const it of items) {
      if (it.k === 'pad') {
        if (it.align) return null;
        n += it.bytes;
      } else if (it.k === 'field') {
        const t = this.resolve(it.type);
        if (t.size === null) return null;
        n += t.size;
      } else if (it.k === 'list') {
        const t = this.resolve(it.type);
        if (t.size === null || it.len?.k !== 'value') return null;
        n += t.size * it.len.v;
      } else return null;
    }
    return n;
  }

  /** The TypeScript type of a field (or of a list of that type). */
  tsType(type: string, list: boolean, input = false): string {
    const t = this.resolve(type);
    if (!list) return t.kind === 'union' ? 'Uint8Array' : t.ts;
    if (t.kind === 'prim' && t.char) return input ? 'string | Uint8Array' : 'string';
    if (t.kind === 'prim' && t.bytes) return 'Uint8Array';
    return `${t.kind === 'union' ? 'Uint8Array' : t.ts}[]`;
  }
}

/** An expression as TypeScript; `ref` turns a field name into the code that reads it. */
export function exprCode(e: Expr, ref: (field: string) => string): string {
  switch (e.k) {
    case 'field':
      return ref(e.name);
    case 'value':
      return String(e.v);
    case 'popcount':
      return `popcount(${exprCode(e.e, ref)})`;
    case 'op': {
      const a = exprCode(e.a, ref);
      const b = exprCode(e.b, ref);
      return e.op === '/' ? `Math.trunc(${a} / ${b})` : `(${a} ${e.op} ${b})`;
    }
  }
}

/** Reading statements for `items` into object `o` (fields are `o.name`). */
export function readItems(ctx: TypeContext, items: readonly Item[], out: string[]): void {
  const declared = new Set(items.map((i) => (i.k === 'pad' ? '' : i.name)));
  // `length` without such a field is a reply's own length (4-byte units past the first 32 bytes).
  const ref = (f: string): string =>
    f === 'length' && !declared.has(f) ? '((r.data.length - 32) >> 2)' : `o.${fieldName(f)}`;
  for (const it of items) {
    if (it.k === 'pad') out.push(it.align ? `r.align(${it.align});` : `r.skip(${it.bytes});`);
    else if (it.k === 'field') out.push(`${ref(it.name)} = ${readOne(ctx, it.type)};`);
    else if (it.k === 'list') {
      const t = ctx.resolve(it.type);
      const size = t.kind === 'prim' ? t.size : t.size;
      const len = it.len ? exprCode(it.len, ref) : size ? `Math.floor(r.remaining / ${size})` : null;
      if (len === null) throw new Error(`list ${it.name} of variable-size items has no length`);
      let code: string;
      if (t.kind === 'prim' && t.char) code = `r.string(${len})`;
      else if (t.kind === 'prim' && t.bytes) code = `r.bytes(${len})`;
      else code = `r.array(${len}, (r) => ${readOne(ctx, it.type)})`;
      out.push(`${ref(it.name)} = ${code};`);
    } else throw new Error('switch in a read');
  }
}

function readOne(ctx: TypeContext, type: string): string {
  const t = ctx.resolve(type);
  if (t.kind === 'prim') return `r.${t.op}()`;
  if (t.kind === 'union') return `r.bytes(${t.size})`;
  return `read${t.ts}(r)`;
}

/** Writing statements for `items` from object `src`; `derived` overrides some fields' values. */
export function writeItems(
  ctx: TypeContext,
  items: readonly Item[],
  src: string,
  derived: ReadonlyMap<string, string>,
  out: string[],
): void {
  for (const it of items) {
    if (it.k === 'pad') out.push(it.align ? `w.align(${it.align});` : `w.skip(${it.bytes});`);
    else if (it.k === 'field') {
      const v = derived.get(it.name) ?? `${src}.${fieldName(it.name)}`;
      out.push(writeOne(ctx, it.type, v));
    } else if (it.k === 'list') {
      const t = ctx.resolve(it.type);
      const v = `${src}.${fieldName(it.name)}`;
      const fixed = it.len?.k === 'value' ? it.len.v : undefined;
      if (t.kind === 'prim' && t.bytes) out.push(`w.bytes(${v}${fixed !== undefined ? `, ${fixed}` : ''});`);
      else out.push(`for (const x of ${v}) ${writeOne(ctx, it.type, 'x')}`);
    } else {
      for (const c of it.cases)
        for (const f of c.fields) {
          const v = `${src}.${fieldName(it.name)}?.${fieldName(f.name)}`;
          out.push(`if (${v} !== undefined) ${writeOne(ctx, f.type, v)}`);
        }
    }
  }
}

function writeOne(ctx: TypeContext, type: string, v: string): string {
  const t = ctx.resolve(type);
  if (t.kind === 'prim') return `w.${t.op}(${v});`;
  if (t.kind === 'union') return `w.bytes(${v}, ${t.size});`;
  return `write${t.ts}(w, ${v});`;
}
