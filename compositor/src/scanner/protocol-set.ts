import type { Interface, Protocol } from './protocol-model.js';
import { ScanError } from './xml-parser.js';

/**
 * All protocol files of one scanner run. Protocols refer to each other's interfaces
 * (xdg_surface takes a wl_surface), so references are checked here, against every file, and
 * the emitters ask which file defines an interface to write the right import.
 */
export class ProtocolSet {
  private readonly owners = new Map<string, { protocol: Protocol; iface: Interface }>();

  constructor(readonly protocols: readonly Protocol[]) {
    const bases = new Map<string, Protocol>();
    for (const p of protocols) {
      const other = bases.get(p.base);
      if (other) throw new ScanError(p.path, 1, `generates the same files as ${other.path}`);
      bases.set(p.base, p);
      for (const iface of p.interfaces) {
        const prev = this.owners.get(iface.name);
        if (prev)
          throw new ScanError(
            p.path,
            iface.line,
            `interface ${iface.name} is also defined in ${prev.protocol.path}`,
          );
        this.owners.set(iface.name, { protocol: p, iface });
      }
    }
    for (const p of protocols) for (const iface of p.interfaces) this.check(p, iface);
  }

  /** The protocol that defines interface `name` (which was checked to exist). */
  ownerOf(name: string): Protocol {
    const o = this.owners.get(name);
    if (!o) throw new Error(`unknown interface ${name}`);
    return o.protocol;
  }

  private check(p: Protocol, iface: Interface): void {
    for (const msg of [...iface.requests, ...iface.events]) {
      for (const arg of msg.args) {
        const where = `${iface.name}.${msg.name}`;
        if (arg.interface !== null && !this.owners.has(arg.interface))
          throw new ScanError(p.path, arg.line, `${where} refers to unknown interface ${arg.interface}`);
        if (arg.enum === null) continue;
        const dot = arg.enum.indexOf('.');
        const owner = dot === -1 ? iface : this.owners.get(arg.enum.slice(0, dot))?.iface;
        const enumName = arg.enum.slice(dot + 1);
        if (!owner)
          throw new ScanError(
            p.path,
            arg.line,
            `${where} refers to an enum of unknown interface: ${arg.enum}`,
          );
        if (!owner.enums.some((e) => e.name === enumName))
          throw new ScanError(p.path, arg.line, `${where} refers to unknown enum ${arg.enum}`);
      }
    }
  }
}
