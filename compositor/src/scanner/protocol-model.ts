import type { ArgType } from '../wire/spec.js';
import { ScanError, childElements, textOf, type XmlElement } from './xml-parser.js';

/**
 * The parsed form of one protocol XML file. Reading checks everything that can be checked
 * within the file; references to other interfaces are checked by `protocol-set.ts`, which sees
 * every file.
 */

export interface Description {
  readonly summary: string | null;
  /** Body text with each line trimmed; empty when the XML has only a summary. */
  readonly text: string;
}

export interface Arg {
  readonly name: string;
  readonly type: ArgType;
  readonly interface: string | null;
  readonly nullable: boolean;
  readonly enum: string | null;
  readonly summary: string | null;
  readonly line: number;
}

export interface Message {
  readonly name: string;
  readonly kind: 'request' | 'event';
  readonly opcode: number;
  readonly since: number;
  readonly destructor: boolean;
  readonly description: Description | null;
  readonly args: readonly Arg[];
  readonly line: number;
}

export interface EnumEntry {
  readonly name: string;
  readonly value: number;
  readonly since: number;
  readonly summary: string | null;
  readonly description: Description | null;
}

export interface Enum {
  readonly name: string;
  readonly bitfield: boolean;
  readonly description: Description | null;
  readonly entries: readonly EnumEntry[];
  readonly line: number;
}

export interface Interface {
  readonly name: string;
  readonly version: number;
  readonly description: Description | null;
  readonly requests: readonly Message[];
  readonly events: readonly Message[];
  readonly enums: readonly Enum[];
  readonly line: number;
}

export interface Protocol {
  readonly name: string;
  /** The path it was read from, for error messages. */
  readonly path: string;
  /** File name without directory and `.xml`: names the generated files. */
  readonly base: string;
  readonly copyright: string | null;
  readonly description: Description | null;
  readonly interfaces: readonly Interface[];
}

const ARG_TYPES: ReadonlyMap<string, ArgType> = new Map<string, ArgType>([
  ['int', 'i'],
  ['uint', 'u'],
  ['fixed', 'f'],
  ['string', 's'],
  ['object', 'o'],
  ['new_id', 'n'],
  ['array', 'a'],
  ['fd', 'h'],
]);

/** Protocol names are C identifiers in practice; generated TS names depend on that. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Enum entries may start with a digit (wl_output.transform's `90`). */
const ENTRY = /^[A-Za-z0-9_]+$/;

/** Reads the protocol in the parsed document `root`, read from `path`. */
export function readProtocol(root: XmlElement, path: string): Protocol {
  const fail = (el: XmlElement, message: string): never => {
    throw new ScanError(path, el.line, message);
  };
  const attr = (el: XmlElement, name: string): string => {
    const v = el.attrs[name];
    if (v === undefined) fail(el, `<${el.name}> needs a ${name} attribute`);
    return v!;
  };
  const ident = (el: XmlElement, name = 'name', pattern = IDENT): string => {
    const v = attr(el, name);
    if (!pattern.test(v)) fail(el, `${name}="${v}" is not a valid identifier`);
    return v;
  };
  const optAttr = (el: XmlElement, name: string): string | null => el.attrs[name] ?? null;
  const positive = (el: XmlElement, name: string, fallback: number | null): number => {
    const v = el.attrs[name];
    if (v === undefined && fallback !== null) return fallback;
    const n = Number(v);
    if (v === undefined || !/^[0-9]+$/.test(v) || n < 1)
      fail(el, `${name}="${v ?? ''}" must be a positive integer`);
    return n;
  };
  const bool = (el: XmlElement, name: string): boolean => {
    const v = el.attrs[name];
    if (v === undefined || v === 'false') return false;
    if (v === 'true') return true;
    return fail(el, `${name}="${v}" must be true or false`);
  };
  const only = (el: XmlElement, allowed: readonly string[]): XmlElement[] => {
    const kids = childElements(el);
    for (const k of kids)
      if (!allowed.includes(k.name)) fail(k, `<${k.name}> is not allowed inside <${el.name}>`);
    return kids;
  };
  const description = (el: XmlElement): Description | null => {
    const d = childElements(el).filter((k) => k.name === 'description');
    if (d.length > 1) fail(d[1]!, `<${el.name}> has more than one <description>`);
    if (d.length === 0) return null;
    return { summary: optAttr(d[0]!, 'summary'), text: cleanText(textOf(d[0]!)) };
  };
  const unique = (
    items: readonly { name: string; line: number }[],
    what: string,
    owner: XmlElement,
  ): void => {
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.name))
        throw new ScanError(path, it.line, `duplicate ${what} ${it.name} in ${attr(owner, 'name')}`);
      seen.add(it.name);
    }
  };

  const readArg = (el: XmlElement, kind: 'request' | 'event'): Arg => {
    only(el, ['description']);
    const name = ident(el);
    const xmlType = attr(el, 'type');
    const type = ARG_TYPES.get(xmlType) ?? fail(el, `unknown argument type ${xmlType}`);
    const iface = optAttr(el, 'interface');
    if (iface !== null && type !== 'o' && type !== 'n')
      fail(el, `interface= is only valid on object and new_id`);
    if (iface !== null && !IDENT.test(iface)) fail(el, `interface="${iface}" is not a valid identifier`);
    const nullable = bool(el, 'allow-null');
    if (nullable && type !== 'o' && type !== 's')
      fail(el, `allow-null is only supported on object and string`);
    if (type === 'n' && iface === null && kind === 'event')
      fail(el, 'an event cannot carry a new_id without interface');
    const en = optAttr(el, 'enum');
    if (en !== null && type !== 'i' && type !== 'u') fail(el, 'enum= is only valid on int and uint');
    if (en !== null && !/^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/.test(en))
      fail(el, `enum="${en}" is not an enum name`);
    return {
      name,
      type,
      interface: iface,
      nullable,
      enum: en,
      summary: optAttr(el, 'summary'),
      line: el.line,
    };
  };

  const readMessage = (
    el: XmlElement,
    kind: 'request' | 'event',
    opcode: number,
    version: number,
  ): Message => {
    const name = ident(el);
    const t = optAttr(el, 'type');
    if (t !== null && t !== 'destructor') fail(el, `unknown message type ${t}`);
    const since = positive(el, 'since', 1);
    if (since > version)
      fail(el, `${kind} ${name} is since version ${since}, above its interface's ${version}`);
    const args = only(el, ['description', 'arg'])
      .filter((k) => k.name === 'arg')
      .map((a) => readArg(a, kind));
    unique(args, 'argument', el);
    return {
      name,
      kind,
      opcode,
      since,
      destructor: t !== null,
      description: description(el),
      args,
      line: el.line,
    };
  };

  const readEnum = (el: XmlElement, version: number): Enum => {
    const name = ident(el);
    const entries = only(el, ['description', 'entry'])
      .filter((k) => k.name === 'entry')
      .map((e): EnumEntry & { line: number } => {
        only(e, ['description']);
        const raw = attr(e, 'value');
        const value = /^0x[0-9a-fA-F]+$/.test(raw)
          ? parseInt(raw, 16)
          : /^[0-9]+$/.test(raw)
            ? Number(raw)
            : NaN;
        if (!(value <= 0xffffffff)) fail(e, `value="${raw}" is not a decimal or hexadecimal uint`);
        const since = positive(e, 'since', 1);
        if (since > version)
          fail(e, `entry ${attr(e, 'name')} is since version ${since}, above its interface's ${version}`);
        return {
          name: ident(e, 'name', ENTRY),
          value,
          since,
          summary: optAttr(e, 'summary'),
          description: description(e),
          line: e.line,
        };
      });
    unique(entries, 'enum entry', el);
    return { name, bitfield: bool(el, 'bitfield'), description: description(el), entries, line: el.line };
  };

  const readInterface = (el: XmlElement): Interface => {
    const name = ident(el);
    const version = positive(el, 'version', null);
    const kids = only(el, ['description', 'request', 'event', 'enum']);
    const of = (tag: string) => kids.filter((k) => k.name === tag);
    const requests = of('request').map((m, i) => readMessage(m, 'request', i, version));
    const events = of('event').map((m, i) => readMessage(m, 'event', i, version));
    const enums = of('enum').map((e) => readEnum(e, version));
    unique(requests, 'request', el);
    unique(events, 'event', el);
    unique(enums, 'enum', el);
    return { name, version, description: description(el), requests, events, enums, line: el.line };
  };

  if (root.name !== 'protocol') fail(root, `the root element is <${root.name}>, expected <protocol>`);
  const kids = only(root, ['copyright', 'description', 'interface']);
  const copyright = kids.find((k) => k.name === 'copyright');
  const interfaces = kids.filter((k) => k.name === 'interface').map(readInterface);
  unique(interfaces, 'interface', root);
  const file = path.split(/[\\/]/).pop()!;
  return {
    name: ident(root),
    path,
    base: file.replace(/\.xml$/, ''),
    copyright: copyright ? cleanText(textOf(copyright)) : null,
    description: description(root),
    interfaces,
  };
}

/** Trims every line, drops leading and trailing blank lines and squeezes runs of blank lines. */
export function cleanText(text: string): string {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
