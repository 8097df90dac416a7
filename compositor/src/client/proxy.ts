import type { InterfaceSpec } from '../wire/spec.js';
import type { WireReader } from '../wire/wire-reader.js';
import type { WireWriter } from '../wire/wire-writer.js';
import type { Connection } from './connection.js';

/** A generated proxy class: constructible by the connection, with its interface description. */
export interface ProxyClass<T extends Proxy> {
  new (connection: Connection, id: number, version: number): T;
  readonly spec: InterfaceSpec;
}

/**
 * A client-side protocol object (libwayland's wl_proxy). Generated subclasses add typed request
 * methods and a `dispatch` that decodes events and calls the listener set with `on`.
 */
export abstract class Proxy {
  /** True once a destructor request was sent or the object was discarded. */
  isDestroyed = false;

  constructor(
    readonly connection: Connection,
    readonly id: number,
    readonly version: number,
  ) {}

  abstract get spec(): InterfaceSpec;

  /** Decodes event `opcode` from `r` and calls the listener (generated). */
  abstract dispatch(opcode: number, r: WireReader): void;

  /** Forgets this object locally without telling the server (wl_proxy_destroy). */
  discard(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.connection.forgetProxy(this);
  }

  protected beginRequest(opcode: number): WireWriter {
    if (this.isDestroyed) throw new Error(`request on destroyed ${this.spec.name}#${this.id}`);
    return this.connection.beginRequest(this.id, opcode);
  }

  protected endRequest(): void {
    this.connection.endRequest(this.spec);
  }

  /** Appends a duplicate of `fd` (the caller keeps its own). */
  protected requestFd(w: WireWriter, fd: number): void {
    w.fd(this.connection.dupFd(fd));
  }

  protected requireVersion(since: number, request: string): void {
    if (this.version < since)
      throw new Error(`${this.spec.name}.${request} needs version ${since}, the object has ${this.version}`);
  }

  /** Called by generated destructor requests after the request is queued. */
  protected markDestroyed(): void {
    this.discard();
  }

  toString(): string {
    return `${this.spec.name}#${this.id}`;
  }
}
