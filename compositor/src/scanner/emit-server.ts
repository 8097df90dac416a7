import { CodeWriter, docLines, header } from './code-writer.js';
import { Imports, RUNTIME, classRef } from './imports.js';
import {
  closeFdsUnlessHandled,
  planArgs,
  plainType,
  readPlain,
  writeObject,
  writePlain,
  type ArgPlan,
} from './message-args.js';
import { camel, eventSender, quote, typeNames } from './names.js';
import type { Interface, Message, Protocol } from './protocol-model.js';
import type { ProtocolSet } from './protocol-set.js';

/**
 * `protos/gen/server/<base>.ts`: per interface a `*Requests` handler interface and a
 * `*Resource` class with typed event senders and a request dispatcher.
 */
export function emitServer(p: Protocol, set: ProtocolSet): string {
  const imports = new Imports();
  imports.add(`${RUNTIME}/server/resource.js`, 'Resource', true);
  if (p.interfaces.length > 0) imports.add(`${RUNTIME}/wire/wire-reader.js`, 'WireReader', false);
  const body = new CodeWriter();
  const ref = (iface: string, asValue: boolean): string =>
    classRef(imports, set, p, iface, typeNames.resource(iface), asValue);
  for (const iface of p.interfaces) {
    imports.add(`../spec/${p.base}.js`, typeNames.spec(iface.name), true);
    emitInterface(body, iface, ref);
  }
  const w = new CodeWriter();
  header(w, `${p.base}.xml`, p.copyright);
  imports.write(w);
  return `${w.toString()}\n${body.toString()}`;
}

type Ref = (iface: string, asValue: boolean) => string;

function emitInterface(w: CodeWriter, iface: Interface, ref: Ref): void {
  const resource = typeNames.resource(iface.name);
  const requests = typeNames.requests(iface.name);

  w.doc([`Request handlers of ${iface.name}, set with {@link ${resource}.setHandler}.`]);
  w.open(`export interface ${requests} {`);
  for (const m of iface.requests) {
    const plans = planArgs(m, 'server');
    w.line();
    w.doc(docLines({ description: m.description, params: docParams(plans), since: m.since }));
    const optional = m.destructor ? '?' : '';
    w.list(
      `${camel(m.name)}${optional}(`,
      [`resource: ${resource}`, ...handlerParams(plans, ref)],
      '): void;',
    );
  }
  w.close();
  w.line();

  w.doc(docLines({ title: iface.name, description: iface.description }));
  w.open(`export class ${resource} extends Resource {`);
  w.line(`static readonly spec = ${typeNames.spec(iface.name)};`);
  w.line();
  w.open('override get spec() {');
  w.line(`return ${typeNames.spec(iface.name)};`);
  w.close();
  w.line();
  w.doc([
    'Handles requests; null makes the resource inert (requests are ignored, destructors still destroy).',
  ]);
  w.line(`handler: ${requests} | null = null;`);
  w.line();
  w.open(`setHandler(h: ${requests}): this {`);
  w.line('this.handler = h;');
  w.line('return this;');
  w.close();
  w.line();
  w.open('override makeInert(): void {');
  w.line('this.handler = null;');
  w.close();
  for (const m of iface.events) {
    w.line();
    emitSender(w, m, ref);
  }
  w.line();
  emitDispatch(w, iface, ref);
  w.close();
  w.line();
}

function docParams(plans: readonly ArgPlan[]): Array<[string, string | null]> {
  return plans.map((pl) => [pl.name, pl.arg.summary]);
}

/** Parameters of a request handler after `resource`. */
function handlerParams(plans: readonly ArgPlan[], ref: Ref): string[] {
  return plans.flatMap(({ arg, name, iface, version }) => {
    const orNull = arg.nullable ? ' | null' : '';
    switch (arg.type) {
      case 'o':
        return [`${name}: ${arg.interface === null ? 'Resource' : ref(arg.interface, false)}${orNull}`];
      case 'n':
        if (arg.interface === null) return [`${iface}: string`, `${version}: number`, `${name}: number`];
        return [`${name}: ${ref(arg.interface, false)}`];
      default:
        return [`${name}: ${plainType(arg)}`];
    }
  });
}

function emitSender(w: CodeWriter, m: Message, ref: Ref): void {
  const plans = planArgs(m, 'server');
  const created = plans.filter((pl) => pl.arg.type === 'n');
  const params = plans
    .filter((pl) => pl.arg.type !== 'n')
    .map(({ arg, name }) => {
      const orNull = arg.nullable ? ' | null' : '';
      if (arg.type === 'o')
        return `${name}: ${arg.interface === null ? 'Resource' : ref(arg.interface, false)}${orNull}`;
      return `${name}: ${plainType(arg)}`;
    });
  const types = created.map((pl) => ref(pl.arg.interface!, true));
  const ret = types.length === 0 ? 'void' : types.length === 1 ? types[0]! : `[${types.join(', ')}]`;
  const notes: string[] = [];
  if (plans.some((pl) => pl.arg.type === 'h')) notes.push('Fds are duplicated: the caller keeps its own.');
  if (m.destructor) notes.push('A destructor event: the resource is destroyed once it is sent.');
  w.doc(
    docLines({
      description: m.description,
      notes,
      params: plans.filter((pl) => pl.arg.type !== 'n').map((pl) => [pl.name, pl.arg.summary]),
      since: m.since,
      returns: created.length > 0 ? "the new resource, of this resource's version" : undefined,
    }),
  );
  w.openList(`${eventSender(m.name)}(`, params, `): ${ret} {`);
  if (m.since > 1) w.line(`this.requireVersion(${m.since}, ${quote(m.name)});`);
  created.forEach((pl, i) => {
    w.list(`const ${pl.name} = this.client.createServerResource(`, [types[i]!, 'this.version'], ');');
  });
  if (plans.length === 0) w.line(`this.beginEvent(${m.opcode});`);
  else w.line(`const w = this.beginEvent(${m.opcode});`);
  for (const { arg, name } of plans) {
    if (arg.type === 'o') w.line(writeObject(arg, name));
    else if (arg.type === 'n') w.line(`w.newId(${name}.id);`);
    else if (arg.type === 'h') w.line(`this.eventFd(w, ${name});`);
    else w.line(writePlain(arg, name));
  }
  w.line('this.endEvent();');
  if (m.destructor) w.line('this.destroy();');
  if (created.length === 1) w.line(`return ${created[0]!.name};`);
  else if (created.length > 1) w.line(`return [${created.map((pl) => pl.name).join(', ')}];`);
  w.close();
}

function emitDispatch(w: CodeWriter, iface: Interface, ref: Ref): void {
  if (iface.requests.length === 0) {
    w.open('override dispatch(_opcode: number, _r: WireReader): void {');
    w.line(`// ${iface.name} has no requests.`);
    w.close();
    return;
  }
  w.open('override dispatch(opcode: number, r: WireReader): void {');
  w.open('switch (opcode) {');
  for (const m of iface.requests) {
    w.open(`case ${m.opcode}: {`);
    const plans = planArgs(m, 'server');
    const callArgs: string[] = ['this'];
    const creations: Array<() => void> = [];
    for (const pl of plans) {
      const { arg, name } = pl;
      if (arg.type === 'o') {
        const id = 'r.object()';
        const orNull = arg.nullable ? 'OrNull' : '';
        if (arg.interface === null) w.line(`const ${name} = this.client.lookupAny${orNull}(${id});`);
        else w.list(`const ${name} = this.client.lookup${orNull}(`, [id, ref(arg.interface, true)], ');');
      } else if (arg.type === 'n' && arg.interface === null) {
        w.line(`const ${pl.iface} = r.string();`);
        w.line(`const ${pl.version} = r.uint();`);
        w.line(`const ${name} = r.newId();`);
        callArgs.push(pl.iface, pl.version);
      } else if (arg.type === 'n') {
        const cls = ref(arg.interface!, true);
        const create = (id: string) => () =>
          w.list(`const ${name} = this.client.createResource(`, [cls, id, 'this.version'], ');');
        if (pl.rawId !== null) {
          w.line(`const ${pl.rawId} = r.newId();`);
          creations.push(create(pl.rawId));
        } else creations.push(create('r.newId()'));
      } else w.line(`const ${name} = ${readPlain(arg)};`);
      callArgs.push(name);
    }
    for (const c of creations) c();
    emitHandlerCall(w, m, callArgs, plans);
    w.line('break;');
    w.close();
  }
  w.close();
  w.close();
}

function emitHandlerCall(w: CodeWriter, m: Message, callArgs: string[], plans: readonly ArgPlan[]): void {
  const method = camel(m.name);
  const fds = plans.filter((pl) => pl.arg.type === 'h').map((pl) => pl.name);
  if (fds.length === 0) {
    w.list(`this.handler?.${method}${m.destructor ? '?.' : ''}(`, callArgs, ');');
  } else {
    // Nobody takes ownership of the fds without a handler: close them rather than leak them.
    w.line('const h = this.handler;');
    closeFdsUnlessHandled(
      w,
      m.destructor ? `h?.${method}` : 'h',
      `h.${method}`,
      callArgs,
      fds,
      'this.client',
    );
  }
  if (m.destructor) w.line('this.destroy();');
}
