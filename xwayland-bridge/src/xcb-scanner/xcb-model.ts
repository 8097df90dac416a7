import {
  childElements,
  parseXml,
  ScanError,
  textOf,
  type XmlElement,
} from '../../../compositor/src/scanner/xml-parser.js';

/**
 * xcb-proto XML (xproto.xml, xfixes.xml...) read into a small model: types, structs, enums,
 * requests with replies, events and errors. Only what the emitters understand is modelled;
 * a construct they do not (fds, `sumof`, `paramref`, switches in replies) marks the message
 * as unsupported with a reason, and it is left out of the output with a comment.
 */

export type Expr =
  | { k: 'field'; name: string }
  | { k: 'value'; v: number }
  | { k: 'op'; op: string; a: Expr; b: Expr }
  | { k: 'popcount'; e: Expr };

export interface Field {
  k: 'field';
  name: string;
  type: string;
}
export interface Pad {
  k: 'pad';
  bytes: number;
  align: number;
}
export interface List {
  k: 'list';
  name: string;
  type: string;
  /** null: the list runs to the end of the message. */
  len: Expr | null;
}
export interface Switch {
  k: 'switch';
  name: string;
  /** The mask field the cases test. */
  mask: string;
  cases: Array<{ bit: number; fields: Field[] }>;
}
export type Item = Field | Pad | List | Switch;

export interface Struct {
  name: string;
  items: Item[];
}
export interface Union {
  name: string;
  size: number;
}
export interface Enum {
  name: string;
  items: Array<{ name: string; value: number }>;
}
export interface Request {
  name: string;
  opcode: number;
  items: Item[];
  reply: Item[] | null;
  /** Why it is not generated, or null. */
  unsupported: string | null;
}
export interface XEvent {
  name: string;
  number: number;
  items: Item[];
  noSequence: boolean;
  unsupported: string | null;
}

export interface XcbProtocol {
  /** File base name: `xproto`, `xfixes`. */
  header: string;
  /** The extension's X name (`XFIXES`), or null for the core protocol. */
  extension: string | null;
  imports: string[];
  /** Type aliases: XIDs and typedefs → their primitive (`WINDOW` → `CARD32`). */
  aliases: Map<string, string>;
  structs: Struct[];
  unions: Union[];
  enums: Enum[];
  requests: Request[];
  events: XEvent[];
  errors: Array<{ name: string; number: number }>;
}

/** Primitive xcb types: byte size and how the reader/writer handles them. */
export const PRIMITIVES: ReadonlyMap<string, { size: number; op: string }> = new Map([
  ['CARD8', { size: 1, op: 'u8' }],
  ['BYTE', { size: 1, op: 'u8' }],
  ['char', { size: 1, op: 'u8' }],
  ['void', { size: 1, op: 'u8' }],
  ['INT8', { size: 1, op: 'i8' }],
  ['BOOL', { size: 1, op: 'bool' }],
  ['CARD16', { size: 2, op: 'u16' }],
  ['INT16', { size: 2, op: 'i16' }],
  ['CARD32', { size: 4, op: 'u32' }],
  ['INT32', { size: 4, op: 'i32' }],
  ['float', { size: 4, op: 'f32' }],
  ['double', { size: 8, op: 'f64' }],
]);

class Unsupported extends Error {}

function num(el: XmlElement, attr: string): number {
  const v = el.attrs[attr];
  const n = v === undefined ? NaN : Number(v);
  if (!Number.isInteger(n)) throw new ScanError('xcb', el.line, `<${el.name}> needs an integer ${attr}`);
  return n;
}

function readExpr(el: XmlElement, enums: Map<string, Enum>): Expr {
  switch (el.name) {
    case 'fieldref':
      return { k: 'field', name: textOf(el).trim() };
    case 'value':
      return { k: 'value', v: Number(textOf(el).trim()) };
    case 'op': {
      const [a, b] = childElements(el);
      if (!a || !b) throw new Unsupported('op without two operands');
      return { k: 'op', op: el.attrs['op']!, a: readExpr(a, enums), b: readExpr(b, enums) };
    }
    case 'popcount':
      return { k: 'popcount', e: readExpr(childElements(el)[0]!, enums) };
    case 'enumref': {
      const item = enums.get(el.attrs['ref']!)?.items.find((i) => i.name === textOf(el).trim());
      if (!item) throw new Unsupported(`unknown enumref ${el.attrs['ref']}`);
      return { k: 'value', v: item.value };
    }
    default:
      throw new Unsupported(`<${el.name}> in an expression`);
  }
}

function readItems(els: XmlElement[], enums: Map<string, Enum>): Item[] {
  const items: Item[] = [];
  for (const el of els) {
    switch (el.name) {
      case 'field':
        items.push({ k: 'field', name: el.attrs['name']!, type: el.attrs['type']! });
        break;
      case 'pad':
        items.push({
          k: 'pad',
          bytes: el.attrs['bytes'] ? num(el, 'bytes') : 0,
          align: el.attrs['align'] ? num(el, 'align') : 0,
        });
        break;
      case 'list': {
        const lenEl = childElements(el)[0];
        const len = lenEl ? readExpr(lenEl, enums) : null;
        items.push({ k: 'list', name: el.attrs['name']!, type: el.attrs['type']!, len });
        break;
      }
      case 'switch': {
        const [maskEl, ...caseEls] = childElements(el);
        if (maskEl?.name !== 'fieldref') throw new Unsupported('switch on an expression');
        const cases = caseEls.map((c) => {
          if (c.name !== 'bitcase') throw new Unsupported(`<${c.name}> in a switch`);
          const refs = childElements(c).filter((e) => e.name === 'enumref');
          if (refs.length !== 1) throw new Unsupported('bitcase without exactly one enumref');
          const bit = readExpr(refs[0]!, enums);
          const fields = readItems(
            childElements(c).filter((e) => e.name !== 'enumref'),
            enums,
          );
          if (fields.some((f) => f.k !== 'field')) throw new Unsupported('bitcase with a list or pad');
          return { bit: (bit as { v: number }).v, fields: fields as Field[] };
        });
        items.push({ k: 'switch', name: el.attrs['name']!, mask: textOf(maskEl).trim(), cases });
        break;
      }
      case 'doc':
      case 'required_start_align':
        break;
      default:
        throw new Unsupported(`<${el.name}>`);
    }
  }
  return items;
}

/** Reads one xcb-proto XML file. `path` names it in errors. */
export function readXcbProtocol(text: string, path: string): XcbProtocol {
  // The parser takes no CDATA (only docs use it here): escape it in place, keeping line numbers.
  const plain = text.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
  );
  const root = parseXml(plain, path);
  if (root.name !== 'xcb') throw new ScanError(path, root.line, 'expected an <xcb> root element');
  const p: XcbProtocol = {
    header: root.attrs['header'] ?? '',
    extension: root.attrs['extension-xname'] ?? null,
    imports: [],
    aliases: new Map(),
    structs: [],
    unions: [],
    enums: [],
    requests: [],
    events: [],
    errors: [],
  };
  const enums = new Map<string, Enum>();
  const events = new Map<string, XEvent>();
  for (const el of childElements(root)) {
    if (el.name !== 'enum') continue;
    let next = 0;
    const items = childElements(el)
      .filter((i) => i.name === 'item')
      .map((i) => {
        const v = childElements(i)[0];
        if (v?.name === 'bit') next = 2 ** Number(textOf(v));
        else if (v?.name === 'value') next = Number(textOf(v));
        const item = { name: i.attrs['name']!, value: next };
        next++;
        return item;
      });
    const en = { name: el.attrs['name']!, items };
    enums.set(en.name, en);
    p.enums.push(en);
  }
  for (const el of childElements(root)) {
    const name = el.attrs['name'] ?? '';
    switch (el.name) {
      case 'import':
        p.imports.push(textOf(el).trim());
        break;
      case 'xidtype':
      case 'xidunion':
        p.aliases.set(name, 'CARD32');
        break;
      case 'typedef':
        p.aliases.set(el.attrs['newname']!, el.attrs['oldname']!);
        break;
      case 'struct':
        try {
          p.structs.push({ name, items: readItems(childElements(el), enums) });
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
        }
        break;
      case 'union': {
        // Unions are kept as raw bytes of their largest member (fixed-size lists only).
        let size = 0;
        for (const l of childElements(el)) {
          const len = childElements(l)[0];
          const prim = PRIMITIVES.get(l.attrs['type'] ?? '');
          if (len?.name === 'value' && prim) size = Math.max(size, Number(textOf(len)) * prim.size);
        }
        if (size > 0) p.unions.push({ name, size });
        break;
      }
      case 'request': {
        const r: Request = { name, opcode: num(el, 'opcode'), items: [], reply: null, unsupported: null };
        try {
          const kids = childElements(el);
          r.items = readItems(
            kids.filter((k) => k.name !== 'reply'),
            enums,
          );
          const reply = kids.find((k) => k.name === 'reply');
          if (reply) r.reply = readItems(childElements(reply), enums);
          if (r.reply?.some((i) => i.k === 'switch')) throw new Unsupported('a switch in the reply');
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          r.unsupported = e.message;
        }
        p.requests.push(r);
        break;
      }
      case 'event': {
        const ev: XEvent = {
          name,
          number: num(el, 'number'),
          items: [],
          noSequence: el.attrs['no-sequence-number'] === 'true',
          unsupported: null,
        };
        try {
          if (el.attrs['xge'] === 'true') throw new Unsupported('a generic event');
          ev.items = readItems(childElements(el), enums);
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          ev.unsupported = e.message;
        }
        events.set(name, ev);
        p.events.push(ev);
        break;
      }
      case 'eventcopy': {
        const src = events.get(el.attrs['ref']!);
        if (!src) throw new ScanError(path, el.line, `eventcopy of unknown event ${el.attrs['ref']}`);
        p.events.push({ ...src, name, number: num(el, 'number') });
        break;
      }
      case 'error':
      case 'errorcopy':
        p.errors.push({ name, number: num(el, 'number') });
        break;
    }
  }
  return p;
}
