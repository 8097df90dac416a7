/**
 * Protocol metadata, as the scanner emits it for every interface. The codec and the
 * protocol dump are driven by these descriptions; nothing here knows what objects mean.
 */

/** One argument type code, as in libwayland's signature strings. */
export type ArgType = 'i' | 'u' | 'f' | 's' | 'o' | 'n' | 'a' | 'h';

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  /** Interface name for typed `o`/`n` arguments; null for untyped new_id (wl_registry.bind). */
  readonly interface: string | null;
  readonly nullable: boolean;
  /** Enum name (`wl_output.transform` or a local `transform`), when the XML names one. */
  readonly enum: string | null;
}

export interface MessageSpec {
  readonly name: string;
  readonly opcode: number;
  /** Version of the interface that introduced this message. */
  readonly since: number;
  /** `type="destructor"` in the XML: the object is gone after this request. */
  readonly destructor: boolean;
  readonly args: readonly ArgSpec[];
}

export interface EnumEntrySpec {
  readonly name: string;
  readonly value: number;
  readonly since: number;
}

export interface EnumSpec {
  readonly name: string;
  readonly bitfield: boolean;
  readonly entries: readonly EnumEntrySpec[];
}

export interface InterfaceSpec {
  readonly name: string;
  readonly version: number;
  readonly requests: readonly MessageSpec[];
  readonly events: readonly MessageSpec[];
  readonly enums: readonly EnumSpec[];
}

/** Checks a value against an enum as known at `version`; bitfields accept any combination of known bits. */
export function enumValueValid(spec: EnumSpec, value: number, version: number): boolean {
  if (spec.bitfield) {
    let mask = 0;
    for (const e of spec.entries) if (e.since <= version) mask |= e.value;
    return (value & ~mask) >>> 0 === 0;
  }
  for (const e of spec.entries) if (e.value === value && e.since <= version) return true;
  return false;
}

/** All interfaces the generated code knows, by name: used by the dump and by generic relays. */
const registry = new Map<string, InterfaceSpec>();

export function registerInterfaces(specs: readonly InterfaceSpec[]): void {
  for (const s of specs) registry.set(s.name, s);
}

export function interfaceByName(name: string): InterfaceSpec | undefined {
  return registry.get(name);
}
