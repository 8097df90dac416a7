import { CodeWriter, docLines, header } from './code-writer.js';
import { Imports, RUNTIME, classRef } from './imports.js';
import {
  closeFdsUnlessHandled,
  isUntypedNewId,
  planArgs,
  plainType,
  readPlain,
  writeObject,
  writePlain,
  type ArgPlan,
} from './message-args.js';
import { camel, quote, requestMethod, typeNames } from './names.js';
import type { Interface, Message, Protocol } from './protocol-model.js';
import type { ProtocolSet } from './protocol-set.js';

/**
 * `protos/gen/client/<base>.ts`: per interface a `*Events` listener interface and a `*Proxy`
 * class with typed request methods and an event dispatcher.
 */
export function emitClient(p: Protocol, set: ProtocolSet): string {
  const imports = new Imports();
  const proxyModule = `${RUNTIME}/client/proxy.js`;
  imports.add(proxyModule, 'Proxy', true);
  if (p.interfaces.length > 0) imports.add(`${RUNTIME}/wire/wire-reader.js`, 'WireReader', false);
  const body = new CodeWriter();
  const ref = (iface: string, asValue: boolean): string =>
    classRef(imports, set, p, iface, typeNames.proxy(iface), asValue);
  for (const iface of p.interfaces) {
    imports.add(`../spec/${p.base}.js`, typeNames.spec(iface.name), true);
    if (iface.requests.some((m) => m.args.some(isUntypedNewId)))
      imports.add(proxyModule, 'ProxyClass', false);
    emitInterface(body, iface, ref);
  }
  const w = new CodeWriter();
  header(w, `${p.base}.xml`, p.copyright);
  imports.write(w);
  return `${w.toString()}\n${body.toString()}`;
}

type Ref = (iface: string, asValue: boolean) => string;

function emitInterface(w: CodeWriter, iface: Interface, ref: Ref): void {
  const proxy = typeNames.proxy(iface.name);
  const events = typeNames.events(iface.name);

  w.doc([`Event listener of ${iface.name}, set with {@link ${proxy}.on}.`]);
  w.open(`export interface ${events} {`);
  for (const m of iface.events) {
    const plans = planArgs(m, 'client');
    w.line();
    const notes: string[] = [];
    if (plans.some((pl) => pl.arg.type === 'h'))
      notes.push('The listener owns the fds it receives and must close them.');
    if (m.destructor) notes.push('A destructor event: the proxy is destroyed after the listener returns.');
    w.doc(
      docLines({
        description: m.description,
        notes,
        params: plans.map((pl) => [pl.name, pl.arg.summary]),
        since: m.since,
      }),
    );
    w.list(`${camel(m.name)}?(`, listenerParams(plans, ref), '): void;');
  }
  w.close();
  w.line();

  w.doc(docLines({ title: iface.name, description: iface.description }));
  w.open(`export class ${proxy} extends Proxy {`);
  w.line(`static readonly spec = ${typeNames.spec(iface.name)};`);
  w.line();
  w.open('override get spec() {');
  w.line(`return ${typeNames.spec(iface.name)};`);
  w.close();
  w.line();
  w.line(`listener: ${events} | null = null;`);
  w.line();
  w.doc(['Sets the listener that receives events; events without a listener method are dropped.']);
  w.open(`on(l: ${events}): this {`);
  w.line('this.listener = l;');
  w.line('return this;');
  w.close();
  for (const m of iface.requests) {
    w.line();
    emitRequest(w, m, ref);
  }
  w.line();
  emitDispatch(w, iface, ref);
  w.close();
  w.line();
}

function listenerParams(plans: readonly ArgPlan[], ref: Ref): string[] {
  return plans.map(({ arg, name }) => {
    // An object the client has destroyed meanwhile arrives as null, so objects are nullable here.
    if (arg.type === 'o')
      return `${name}: ${arg.interface === null ? 'Proxy' : ref(arg.interface, false)} | null`;
    if (arg.type === 'n') return `${name}: ${ref(arg.interface!, false)}`;
    return `${name}: ${plainType(arg)}`;
  });
}

function emitRequest(w: CodeWriter, m: Message, ref: Ref): void {
  const plans = planArgs(m, 'client');
  const method = requestMethod(m.name);
  const created = plans.filter((pl) => pl.arg.type === 'n');
  const generic = created.some((pl) => pl.arg.interface === null);
  const params: string[] = [];
  const docParams: Array<[string, string | null]> = [];
  for (const { arg, name, iface, version } of plans) {
    const orNull = arg.nullable ? ' | null' : '';
    if (arg.type === 'n') {
      if (arg.interface !== null) continue;
      params.push(`${iface}: ProxyClass<T>`, `${version}: number`);
      docParams.push([iface, 'class of the new object'], [version, 'version of the new object']);
      continue;
    }
    if (arg.type === 'o')
      params.push(`${name}: ${arg.interface === null ? 'Proxy' : ref(arg.interface, false)}${orNull}`);
    else params.push(`${name}: ${plainType(arg)}`);
    docParams.push([name, arg.summary]);
  }
  const types = created.map((pl) => (pl.arg.interface === null ? 'T' : ref(pl.arg.interface, true)));
  const ret = types.length === 0 ? 'void' : types.length === 1 ? types[0]! : `[${types.join(', ')}]`;
  const notes: string[] = [];
  if (method !== camel(m.name))
    notes.push(`Named \`${method}\` because \`${camel(m.name)}\` is taken by the base class.`);
  if (plans.some((pl) => pl.arg.type === 'h')) notes.push('Fds are duplicated: the caller keeps its own.');
  if (m.destructor) notes.push('A destructor request: the proxy is destroyed once it is queued.');
  w.doc(
    docLines({
      description: m.description,
      notes,
      params: docParams,
      since: m.since,
      returns: created.length > 0 ? 'the new proxy' : undefined,
    }),
  );
  w.openList(`${method}${generic ? '<T extends Proxy>' : ''}(`, params, `): ${ret} {`);
  if (m.since > 1) w.line(`this.requireVersion(${m.since}, ${quote(m.name)});`);
  // Ids are allocated before the message is begun, so a failure cannot leave half a message.
  created.forEach((pl, i) => {
    const [cls, version] = pl.arg.interface === null ? [pl.iface, pl.version] : [types[i]!, 'this.version'];
    w.list(`const ${pl.name} = this.connection.createProxy(`, [cls, version], ');');
  });
  if (plans.length === 0) w.line(`this.beginRequest(${m.opcode});`);
  else w.line(`const w = this.beginRequest(${m.opcode});`);
  for (const pl of plans) {
    const { arg, name } = pl;
    if (arg.type === 'o') w.line(writeObject(arg, name));
    else if (arg.type === 'n') {
      if (arg.interface === null) {
        w.line(`w.string(${pl.iface}.spec.name);`);
        w.line(`w.uint(${pl.version});`);
      }
      w.line(`w.newId(${name}.id);`);
    } else if (arg.type === 'h') w.line(`this.requestFd(w, ${name});`);
    else w.line(writePlain(arg, name));
  }
  w.line('this.endRequest();');
  if (m.destructor) w.line('this.markDestroyed();');
  if (created.length === 1) w.line(`return ${created[0]!.name};`);
  else if (created.length > 1) w.line(`return [${created.map((pl) => pl.name).join(', ')}];`);
  w.close();
}

function emitDispatch(w: CodeWriter, iface: Interface, ref: Ref): void {
  if (iface.events.length === 0) {
    w.open('override dispatch(_opcode: number, _r: WireReader): void {');
    w.line(`// ${iface.name} has no events.`);
    w.close();
    return;
  }
  w.open('override dispatch(opcode: number, r: WireReader): void {');
  w.open('switch (opcode) {');
  for (const m of iface.events) {
    w.open(`case ${m.opcode}: {`);
    const plans = planArgs(m, 'client');
    const creations: Array<() => void> = [];
    for (const pl of plans) {
      const { arg, name } = pl;
      if (arg.type === 'o') {
        if (arg.interface === null) w.line(`const ${name} = this.connection.lookupAnyProxy(r.object());`);
        else
          w.list(
            `const ${name} = this.connection.lookupProxy(`,
            ['r.object()', ref(arg.interface, true)],
            ');',
          );
      } else if (arg.type === 'n') {
        const cls = ref(arg.interface!, true);
        const create = (id: string) => () =>
          w.list(`const ${name} = this.connection.createServerProxy(`, [cls, id, 'this.version'], ');');
        if (pl.rawId !== null) {
          w.line(`const ${pl.rawId} = r.newId();`);
          creations.push(create(pl.rawId));
        } else creations.push(create('r.newId()'));
      } else w.line(`const ${name} = ${readPlain(arg)};`);
    }
    for (const c of creations) c();
    const method = camel(m.name);
    const args = plans.map((pl) => pl.name);
    const fds = plans.filter((pl) => pl.arg.type === 'h').map((pl) => pl.name);
    if (fds.length === 0) w.list(`this.listener?.${method}?.(`, args, ');');
    else {
      // Every fd is decoded even without a listener, and closed then: it would leak otherwise.
      w.line('const l = this.listener;');
      closeFdsUnlessHandled(w, `l?.${method}`, `l.${method}`, args, fds, 'this.connection');
    }
    if (m.destructor) w.line('this.markDestroyed();');
    w.line('break;');
    w.close();
  }
  w.close();
  w.close();
}
