import { CodeWriter, docLines, header } from './code-writer.js';
import { Imports, RUNTIME } from './imports.js';
import { enumMember, quote, typeNames } from './names.js';
import type { Arg, Enum, Interface, Message, Protocol } from './protocol-model.js';
import { ScanError } from './xml-parser.js';

/**
 * `protos/gen/spec/<base>.ts`: the InterfaceSpec of every interface (what the codec, the
 * protocol dump and relays need) plus a TS enum and a validity check per protocol enum.
 */
export function emitSpec(p: Protocol): string {
  const w = new CodeWriter();
  header(w, `${p.base}.xml`, p.copyright);
  const imports = new Imports();
  const spec = `${RUNTIME}/wire/spec.js`;
  imports.add(spec, 'registerInterfaces', true);
  imports.add(spec, 'InterfaceSpec', false);
  if (p.interfaces.some((i) => i.enums.length > 0)) {
    imports.add(spec, 'enumValueValid', true);
    imports.add(spec, 'EnumSpec', false);
  }
  imports.write(w);

  const names = new Map<string, number>();
  const claim = (name: string, line: number): string => {
    const prev = names.get(name);
    if (prev !== undefined)
      throw new ScanError(p.path, line, `generated name ${name} also comes from line ${prev}`);
    names.set(name, line);
    return name;
  };
  for (const iface of p.interfaces) {
    for (const en of iface.enums) emitEnum(w, p, iface, en, claim);
    emitInterfaceSpec(w, iface, claim(typeNames.spec(iface.name), iface.line));
    w.line();
  }
  w.list(
    'registerInterfaces([',
    p.interfaces.map((i) => typeNames.spec(i.name)),
    ']);',
  );
  return w.toString();
}

function emitEnum(
  w: CodeWriter,
  p: Protocol,
  iface: Interface,
  en: Enum,
  claim: (n: string, line: number) => string,
): void {
  const typeName = claim(typeNames.enumType(iface.name, en.name), en.line);
  const specName = claim(typeNames.enumSpec(iface.name, en.name), en.line);
  const validName = claim(typeNames.enumValid(iface.name, en.name), en.line);
  const value = (v: number): string => (en.bitfield ? `0x${v.toString(16)}` : `${v}`);

  w.doc(docLines({ title: `${iface.name}.${en.name}`, description: en.description }));
  w.open(`export enum ${typeName} {`);
  const members = new Set<string>();
  for (const e of en.entries) {
    const member = enumMember(e.name);
    if (members.has(member))
      throw new ScanError(p.path, en.line, `two entries of ${en.name} are both named ${member} in TS`);
    members.add(member);
    w.doc(docLines({ description: e.description, summary: e.summary, since: e.since }));
    w.line(`${member} = ${value(e.value)},`);
  }
  w.close();
  w.line();
  w.open(`export const ${specName}: EnumSpec = {`);
  w.line(`name: ${quote(en.name)},`);
  w.line(`bitfield: ${en.bitfield},`);
  w.open('entries: [');
  for (const e of en.entries)
    w.line(`{ name: ${quote(e.name)}, value: ${value(e.value)}, since: ${e.since} },`);
  w.close('],');
  w.close('};');
  w.line();
  const what = en.bitfield ? 'a combination of known' : 'a known';
  w.doc([
    `Whether \`value\` is ${what} ${iface.name}.${en.name} value for an object of version \`version\`.`,
  ]);
  w.open(`export function ${validName}(value: number, version: number): boolean {`);
  w.line(`return enumValueValid(${specName}, value, version);`);
  w.close();
  w.line();
}

function emitInterfaceSpec(w: CodeWriter, iface: Interface, specName: string): void {
  w.doc(docLines({ title: iface.name, summary: iface.description?.summary ?? null }));
  w.open(`export const ${specName}: InterfaceSpec = {`);
  w.line(`name: ${quote(iface.name)},`);
  w.line(`version: ${iface.version},`);
  messages(w, 'requests', iface.requests);
  messages(w, 'events', iface.events);
  w.list(
    'enums: [',
    iface.enums.map((e) => typeNames.enumSpec(iface.name, e.name)),
    '],',
  );
  w.close('};');
}

function messages(w: CodeWriter, key: string, list: readonly Message[]): void {
  if (list.length === 0) {
    w.line(`${key}: [],`);
    return;
  }
  w.open(`${key}: [`);
  for (const m of list) {
    const head = `name: ${quote(m.name)}, opcode: ${m.opcode}, since: ${m.since}, destructor: ${m.destructor}`;
    if (m.args.length === 0) {
      w.line(`{ ${head}, args: [] },`);
      continue;
    }
    w.open('{');
    w.line(`name: ${quote(m.name)},`);
    w.line(`opcode: ${m.opcode},`);
    w.line(`since: ${m.since},`);
    w.line(`destructor: ${m.destructor},`);
    w.open('args: [');
    for (const a of m.args) w.list('{ ', argSpec(a), ' },');
    w.close('],');
    w.close('},');
  }
  w.close('],');
}

function argSpec(a: Arg): string[] {
  const str = (s: string | null): string => (s === null ? 'null' : quote(s));
  return [
    `name: ${quote(a.name)}`,
    `type: '${a.type}'`,
    `interface: ${str(a.interface)}`,
    `nullable: ${a.nullable}`,
    `enum: ${str(a.enum)}`,
  ];
}
