import { WlCallbackResource, WlDisplayResource } from '../../../protos/gen/server/wayland.js';
import { debugEnabled, debugLog } from '../debug.js';
import { formatMessage } from '../wire/message-dump.js';
import type { InterfaceSpec } from '../wire/spec.js';
import type { Transport } from '../wire/transport.js';
import { WireConnection, type MessageSink } from '../wire/wire-connection.js';
import { SERVER_ID_START, WireError } from '../wire/wire-error.js';
import type { WireReader } from '../wire/wire-reader.js';
import type { WireWriter } from '../wire/wire-writer.js';
import type { Display } from './display.js';
import { DisplayError, ProtocolError } from './protocol-error.js';
import type { Resource, ResourceClass } from './resource.js';

const traceWire = debugEnabled('wire');
/** A client that lets this much output pile up unread is dropped rather than grown without bound. */
const MAX_PENDING_OUTPUT = 32 * 1024 * 1024;

export interface Credentials {
  pid: number;
  uid: number;
  gid: number;
}

/**
 * One connected client (libwayland's wl_client): its object map, request dispatch, protocol
 * errors and destruction. A protocol error is sent, flushed, and the client disconnected;
 * nothing a client sends can throw out of here into the server.
 */
export class Client implements MessageSink {
  readonly connection: WireConnection;
  private readonly objects = new Map<number, Resource>();
  private nextServerId = SERVER_ID_START;
  private destroying = false;
  private errorSent = false;
  private dispatching = false;
  private dropScheduled = false;
  private destroyListeners: Array<() => void> = [];
  readonly displayResource: WlDisplayResource;
  /** Free-form per-client data for higher layers (window manager, sommelier...). */
  readonly data = new Map<string, unknown>();

  constructor(
    readonly display: Display,
    transport: Transport,
    readonly credentials: Credentials | null,
  ) {
    this.connection = new WireConnection(transport, this);
    this.displayResource = new WlDisplayResource(this, 1, 1);
    this.objects.set(1, this.displayResource);
    this.displayResource.setHandler({
      sync: (_r, callback) => this.sync(callback),
      getRegistry: (_r, registry) => display.registry.bindRegistry(this, registry),
    });
  }

  get destroyed(): boolean {
    return this.destroying;
  }

  start(): void {
    this.connection.start();
  }

  private sync(callback: WlCallbackResource): void {
    callback.sendDone(this.display.nextSerial());
    callback.destroy();
  }

  // --- MessageSink ---------------------------------------------------------------------

  message(senderId: number, opcode: number, size: number, reader: WireReader): void {
    if (this.errorSent) return;
    const resource = this.objects.get(senderId);
    if (!resource) {
      this.postError(1, DisplayError.invalidObject, `invalid object ${senderId}`);
      return;
    }
    const spec = resource.spec;
    const request = spec.requests[opcode];
    if (!request || request.since > resource.version) {
      this.postError(
        senderId,
        DisplayError.invalidMethod,
        request
          ? `invalid method ${opcode} (${request.name} since ${request.since} > version ${resource.version}), object ${spec.name}#${senderId}`
          : `invalid method ${opcode}, object ${spec.name}#${senderId}`,
      );
      return;
    }
    if (traceWire) {
      const c = this.connection;
      debugLog('wire', ` -> ${formatMessage(c.inputBuffer, c.messageStart, size, spec, senderId, request)}`);
    }
    this.dispatching = true;
    try {
      resource.dispatch(opcode, reader);
      // Not thrown as a WireError: the handler has run and owns the fds it took.
      if (reader.remaining() !== 0)
        this.postError(
          senderId,
          DisplayError.invalidMethod,
          `invalid arguments for ${spec.name}#${senderId}.${request.name}: ${reader.remaining() * 4} bytes beyond the arguments`,
        );
    } catch (e) {
      this.handleDispatchError(e, spec, senderId, request.name);
    } finally {
      this.dispatching = false;
    }
    // An error posted while the request ran takes effect once the handler has unwound.
    if (this.errorSent) this.destroy();
  }

  private handleDispatchError(e: unknown, spec: InterfaceSpec, id: number, name: string): void {
    if (e instanceof WireError) {
      this.connection.discardMessageFds();
      this.postError(
        id,
        DisplayError.invalidMethod,
        `invalid arguments for ${spec.name}#${id}.${name}: ${e.message}`,
      );
    } else if (e instanceof ProtocolError) {
      this.postError(e.objectId, e.code, e.message);
    } else {
      // A bug on our side: this client is cut off, everyone else goes on.
      const err = e as Error;
      process.stderr.write(
        `tartine: internal error handling ${spec.name}.${name}: ${err.stack ?? String(err)}\n`,
      );
      this.postError(
        id,
        DisplayError.implementation,
        `internal error in ${spec.name}.${name}: ${err.message}`,
      );
    }
  }

  batchDone(): void {
    this.display.flushClients();
  }

  malformed(senderId: number, opcode: number, error: WireError): void {
    if (this.objects.has(senderId)) this.postError(senderId, DisplayError.invalidMethod, error.message);
    else this.postError(1, DisplayError.invalidObject, `invalid object ${senderId}: ${error.message}`);
  }

  closed(reason: Error | null): void {
    if (reason && debugEnabled('wire'))
      debugLog('wire', `client ${this.credentials?.pid ?? '?'} dropped: ${reason.message}`);
    this.destroy();
  }

  // --- objects -------------------------------------------------------------------------

  lookup<T extends Resource>(id: number, cls: ResourceClass<T>): T {
    const r = this.objects.get(id);
    if (r instanceof cls) return r;
    throw new ProtocolError(
      1,
      DisplayError.invalidObject,
      r
        ? `object ${id} is a ${r.spec.name}, expected ${cls.spec.name}`
        : `invalid object ${id} (expected ${cls.spec.name})`,
    );
  }

  lookupOrNull<T extends Resource>(id: number, cls: ResourceClass<T>): T | null {
    return id === 0 ? null : this.lookup(id, cls);
  }

  lookupAny(id: number): Resource {
    const r = this.objects.get(id);
    if (!r) throw new ProtocolError(1, DisplayError.invalidObject, `invalid object ${id}`);
    return r;
  }

  lookupAnyOrNull(id: number): Resource | null {
    return id === 0 ? null : this.lookupAny(id);
  }

  /** Looks up an object by id without raising errors (for higher layers). */
  getObject(id: number): Resource | undefined {
    return this.objects.get(id);
  }

  /** Registers an object the client created with a new_id. */
  createResource<T extends Resource>(cls: ResourceClass<T>, id: number, version: number): T {
    if (id >= SERVER_ID_START || this.objects.has(id)) {
      // Generated dispatch reads every argument before creating objects: fds it took have no owner yet.
      if (this.dispatching) this.connection.discardMessageFds();
      throw new ProtocolError(1, DisplayError.invalidObject, `invalid new id ${id}`);
    }
    const r = new cls(this, id, version);
    this.objects.set(id, r);
    return r;
  }

  /** Creates an object with a server-allocated id (for new_id arguments of events). */
  createServerResource<T extends Resource>(cls: ResourceClass<T>, version: number): T {
    let id = this.nextServerId;
    while (this.objects.has(id)) id = id >= 0xfffffffe ? SERVER_ID_START : id + 1;
    this.nextServerId = id + 1;
    const r = new cls(this, id, version);
    this.objects.set(id, r);
    return r;
  }

  /** Called by Resource.destroy: frees the id and, for client ids, tells the client it may reuse it. */
  forgetResource(r: Resource): void {
    if (this.objects.get(r.id) !== r) return;
    this.objects.delete(r.id);
    if (!this.destroying && r.id < SERVER_ID_START) this.displayResource.sendDeleteId(r.id);
  }

  /** Number of live objects (for tests and leak checks). */
  get objectCount(): number {
    return this.objects.size;
  }

  // --- events --------------------------------------------------------------------------

  beginEvent(id: number, opcode: number): WireWriter {
    const w = this.connection.writer;
    w.begin(id, opcode);
    return w;
  }

  endEvent(spec: InterfaceSpec): void {
    const w = this.connection.writer;
    w.finish();
    if (this.connection.closed) {
      // An event to an object of a client that is gone: drop it, and the fds it duplicated.
      for (const fd of w.fds) this.connection.transport.closeFd(fd);
      w.consume(w.pending, w.fds.length);
      return;
    }
    if (traceWire) {
      const start = w.messageStart;
      const id = w.buf.readUInt32LE(start);
      const word = w.buf.readUInt32LE(start + 4);
      const ev = spec.events[word & 0xffff];
      if (ev) debugLog('wire', `<-  ${formatMessage(w.buf, start, word >>> 16, spec, id, ev)}`);
    }
    this.display.markDirty(this);
    if (w.pending > MAX_PENDING_OUTPUT && !this.dropScheduled) {
      this.dropScheduled = true;
      process.nextTick(() => this.destroy());
    }
  }

  dupFd(fd: number): number {
    return this.connection.transport.dupFd(fd);
  }

  closeFd(fd: number): void {
    this.connection.transport.closeFd(fd);
  }

  flush(): boolean {
    return this.connection.flush();
  }

  // --- errors and lifetime -------------------------------------------------------------

  /** Sends wl_display.error and disconnects the client once it is flushed. */
  postError(objectId: number, code: number, message: string): void {
    if (this.errorSent || this.destroying) return;
    this.errorSent = true;
    if (debugEnabled('wire'))
      debugLog('wire', `protocol error for client ${this.credentials?.pid ?? '?'}: ${message}`);
    const w = this.beginEvent(1, 0);
    w.object(objectId);
    w.uint(code);
    w.string(message.length > 1000 ? message.slice(0, 1000) : message);
    w.finish();
    this.connection.flush();
    if (!this.dispatching) this.destroy();
  }

  onDestroy(cb: () => void): void {
    this.destroyListeners.push(cb);
  }

  /** Destroys every object (newest first, so children go before their parents), then the connection. */
  destroy(): void {
    if (this.destroying) return;
    this.destroying = true;
    const all = [...this.objects.values()].reverse();
    for (const r of all) {
      try {
        r.destroy();
      } catch (e) {
        process.stderr.write(`tartine: error destroying ${r.spec.name}: ${(e as Error).stack}\n`);
      }
    }
    this.objects.clear();
    this.connection.close(null);
    this.display.removeClient(this);
    for (const cb of this.destroyListeners) cb();
    this.destroyListeners = [];
  }
}
