import type { CodeWriter } from './code-writer.js';
import { camel, fresh } from './names.js';
import type { Arg, Message } from './protocol-model.js';

/**
 * The TS names one message's arguments get in generated code, shared by the server and client
 * emitters. Names are made unique per message, so a protocol argument can never shadow a
 * local the generated body needs.
 */
export interface ArgPlan {
  readonly arg: Arg;
  /** Parameter or local holding the value (for an untyped new_id: the id or the new proxy). */
  readonly name: string;
  /** Untyped new_id only: the interface name (server) or proxy class (client) parameter. */
  readonly iface: string;
  /** Untyped new_id only: the version parameter. */
  readonly version: string;
  /** Typed new_id decoded before other arguments: the local holding the raw id until then. */
  readonly rawId: string | null;
}

export function planArgs(msg: Message, side: 'server' | 'client'): ArgPlan[] {
  const taken = new Set<string>();
  const names = new Map<Arg, string>();
  // Plain names first, so the extra names of an untyped new_id give way to real arguments.
  for (const a of msg.args) if (!isUntypedNewId(a)) names.set(a, fresh(camel(a.name), taken));
  const plans: ArgPlan[] = [];
  // A typed new_id is created only after every argument is decoded, so a bad argument leaves
  // no half-registered object. Only a lone new_id in last position can be created as it is read.
  const typed = msg.args.filter((a) => a.type === 'n' && a.interface !== null);
  const inline = typed.length === 1 && msg.args[msg.args.length - 1] === typed[0] ? typed[0] : null;
  const deferred = new Set(typed.filter((a) => a !== inline));
  for (const a of msg.args) {
    if (isUntypedNewId(a)) {
      const iface = fresh(side === 'server' ? 'iface' : 'cls', taken);
      const version = fresh('version', taken);
      plans.push({ arg: a, name: fresh(camel(a.name), taken), iface, version, rawId: null });
      continue;
    }
    const rawBase = deferred.size === 1 ? 'newId' : `${camel(a.name)}Id`;
    const rawId = deferred.has(a) ? fresh(rawBase, taken) : null;
    plans.push({ arg: a, name: names.get(a)!, iface: '', version: '', rawId });
  }
  return plans;
}

export function isUntypedNewId(a: Arg): boolean {
  return a.type === 'n' && a.interface === null;
}

/** Reader call for argument types that decode without object lookups. */
export function readPlain(a: Arg): string {
  switch (a.type) {
    case 'i':
      return 'r.int()';
    case 'u':
      return 'r.uint()';
    case 'f':
      return 'r.fixed()';
    case 's':
      return a.nullable ? 'r.stringOrNull()' : 'r.string()';
    case 'a':
      return 'r.array()';
    case 'h':
      return 'r.fd()';
    default:
      throw new Error(`not a plain argument type: ${a.type}`);
  }
}

/** Writer statement for argument types that encode without object ids. */
export function writePlain(a: Arg, value: string): string {
  switch (a.type) {
    case 'i':
      return `w.int(${value});`;
    case 'u':
      return `w.uint(${value});`;
    case 'f':
      return `w.fixed(${value});`;
    case 's':
      return `w.string(${value});`;
    case 'a':
      return `w.array(${value});`;
    default:
      throw new Error(`not a plain argument type: ${a.type}`);
  }
}

/** TS type of a plain argument. */
export function plainType(a: Arg): string {
  switch (a.type) {
    case 's':
      return a.nullable ? 'string | null' : 'string';
    case 'a':
      return 'Uint8Array';
    default:
      return 'number';
  }
}

/** Writer statement for an object argument given the TS expression of the object. */
export function writeObject(a: Arg, value: string): string {
  return a.nullable ? `w.object(${value} ? ${value}.id : 0);` : `w.object(${value}.id);`;
}

/** `if (cond) call(args); else close every fd;`, braced when the call needs several lines. */
export function closeFdsUnlessHandled(
  w: CodeWriter,
  cond: string,
  call: string,
  args: readonly string[],
  fds: readonly string[],
  owner: string,
): void {
  const single = `if (${cond}) ${call}(${args.join(', ')});`;
  if (fds.length === 1 && w.fits(single)) {
    w.line(single);
    w.line(`else ${owner}.closeFd(${fds[0]});`);
    return;
  }
  w.open(`if (${cond}) {`);
  w.list(`${call}(`, args, ');');
  w.middle('} else {');
  for (const fd of fds) w.line(`${owner}.closeFd(${fd});`);
  w.close();
}
