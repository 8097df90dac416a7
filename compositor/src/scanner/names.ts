/**
 * How protocol names become TypeScript names. Everything the emitters name goes through here,
 * so the mapping is the same in every generated file.
 */

function words(name: string): string[] {
  return name.split('_').filter((w) => w !== '');
}

const upperFirst = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** `get_xdg_surface` → `GetXdgSurface`. */
export function pascal(name: string): string {
  return words(name).map(upperFirst).join('');
}

/** `get_xdg_surface` → `getXdgSurface`. */
export function camel(name: string): string {
  const p = pascal(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** Names derived from an interface name, e.g. `wl_surface`. */
export const typeNames = {
  resource: (iface: string): string => `${pascal(iface)}Resource`,
  proxy: (iface: string): string => `${pascal(iface)}Proxy`,
  requests: (iface: string): string => `${pascal(iface)}Requests`,
  events: (iface: string): string => `${pascal(iface)}Events`,
  spec: (iface: string): string => `${camel(iface)}Spec`,
  /** `wl_output` + `transform` → `WlOutputTransform` (the TS enum). */
  enumType: (iface: string, en: string): string => `${pascal(iface)}${pascal(en)}`,
  enumSpec: (iface: string, en: string): string => `${camel(iface)}${pascal(en)}EnumSpec`,
  enumValid: (iface: string, en: string): string => `${camel(iface)}${pascal(en)}Valid`,
};

/** TS enum member: `flipped_90` → `Flipped90`; a leading digit gets `_` (`90` → `_90`). */
export function enumMember(entry: string): string {
  const p = pascal(entry);
  return /^[0-9]/.test(p) ? `_${p}` : p;
}

/** Words that cannot name a parameter or local in strict-mode ES modules. */
const RESERVED = new Set(
  (
    'arguments await break case catch class const continue debugger default delete do else enum eval export ' +
    'extends false finally for function if implements import in instanceof interface let new null package ' +
    'private protected public return static super switch this throw true try typeof var void while with yield'
  ).split(' '),
);

/**
 * Identifiers the generated method bodies use for their own purposes: the writer `w`, the
 * reader `r`, the handler `h`, the listener `l` and the handler's first parameter `resource`.
 */
const INTERNAL = new Set(['w', 'r', 'h', 'l', 'resource']);

/** A protocol argument's parameter name: camelCase, with `_` appended when it would clash. */
export function argName(name: string): string {
  const c = camel(name);
  return RESERVED.has(c) || INTERNAL.has(c) ? `${c}_` : c;
}

/** `base`, or `base_`, `base__`... whichever is not in `taken`; the result is added to `taken`. */
export function fresh(base: string, taken: Set<string>): string {
  let n = base;
  while (taken.has(n) || RESERVED.has(n) || INTERNAL.has(n)) n += '_';
  taken.add(n);
  return n;
}

/** Members of the runtime `Proxy` base and of the generated proxy class itself. */
const PROXY_MEMBERS = new Set([
  'connection',
  'id',
  'version',
  'isDestroyed',
  'spec',
  'dispatch',
  'discard',
  'beginRequest',
  'endRequest',
  'requestFd',
  'requireVersion',
  'markDestroyed',
  'listener',
  'on',
  'toString',
  'constructor',
]);

/** Method name of a request on a proxy; a name taken by the base class gets a `Request` suffix. */
export function requestMethod(request: string): string {
  const c = camel(request);
  return PROXY_MEMBERS.has(c) ? `${c}Request` : c;
}

/** Method name of an event sender on a resource: `send` + PascalCase. */
export function eventSender(event: string): string {
  return `send${pascal(event)}`;
}

/** Single-quoted TS string literal. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
