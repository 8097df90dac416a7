import type { InterfaceSpec } from '../wire/spec.js';
import type { WireReader } from '../wire/wire-reader.js';
import { WireWriter } from '../wire/wire-writer.js';
import { ProtocolError } from './protocol-error.js';
import type { Client } from './client.js';

/** Where events sent on destroyed resources are encoded and dropped. */
const discarding = new WireWriter();

/** A generated resource class: constructible by the dispatcher, with its interface description. */
export interface ResourceClass<T extends Resource> {
  new (client: Client, id: number, version: number): T;
  readonly spec: InterfaceSpec;
}

/**
 * A server-side protocol object owned by one client (libwayland's wl_resource). Generated
 * subclasses add typed `send*` event methods and a `dispatch` that decodes requests and calls
 * the handler. A resource without a handler is inert: it ignores requests, and destructor
 * requests still destroy it.
 */
export abstract class Resource {
  destroyed = false;
  private destroyListeners: Array<() => void> | null = null;

  constructor(
    readonly client: Client,
    readonly id: number,
    readonly version: number,
  ) {}

  abstract get spec(): InterfaceSpec;

  /** Decodes request `opcode` from `r` and calls the handler (generated). */
  abstract dispatch(opcode: number, r: WireReader): void;

  /** Drops the handler: later requests are ignored (the object behind it is gone). */
  abstract makeInert(): void;

  /** Runs `cb` once when this resource is destroyed, by request or with its client. */
  onDestroy(cb: () => void): void {
    (this.destroyListeners ??= []).push(cb);
  }

  /** Destroys the resource: listeners run, its id is freed (and the client told, for client ids). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.client.forgetResource(this);
    const ls = this.destroyListeners;
    this.destroyListeners = null;
    if (ls) for (const cb of ls) cb();
  }

  /** Posts a protocol error about this object; the client is disconnected after it is flushed. */
  postError(code: number, message: string): void {
    this.client.postError(this.id, code, message);
  }

  /** A ProtocolError about this object, for handlers to throw. */
  error(code: number, message: string): ProtocolError {
    return new ProtocolError(this.id, code, `${this.spec.name}#${this.id}: ${message}`);
  }

  /** Starts event `opcode` on this object; generated senders append arguments then call `endEvent`. */
  protected beginEvent(opcode: number): WireWriter {
    // An event on a destroyed object must not go out: its id may already name a new object.
    if (this.destroyed) {
      discarding.begin(this.id, opcode);
      return discarding;
    }
    return this.client.beginEvent(this.id, opcode);
  }

  protected endEvent(): void {
    if (this.destroyed) {
      for (const fd of discarding.fds) this.client.closeFd(fd);
      discarding.consume(discarding.pending, discarding.fds.length);
      return;
    }
    this.client.endEvent(this.spec);
  }

  /** Appends a duplicate of `fd` (the caller keeps its own). */
  protected eventFd(w: WireWriter, fd: number): void {
    w.fd(this.client.dupFd(fd));
  }

  protected requireVersion(since: number, event: string): void {
    if (this.version < since)
      throw new Error(`${this.spec.name}.${event} needs version ${since}, the object has ${this.version}`);
  }

  toString(): string {
    return `${this.spec.name}#${this.id}`;
  }
}
