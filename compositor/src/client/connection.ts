import { WlCallbackProxy, WlDisplayProxy } from '../../../protos/gen/client/wayland.js';
import { debugEnabled, debugLog } from '../debug.js';
import { SocketTransport } from '../native/socket-transport.js';
import { connectUnix } from '../native/unix-socket.js';
import { formatMessage } from '../wire/message-dump.js';
import { interfaceByName, type InterfaceSpec, type MessageSpec } from '../wire/spec.js';
import type { Transport } from '../wire/transport.js';
import { WireConnection, type MessageSink } from '../wire/wire-connection.js';
import { SERVER_ID_START, WireError } from '../wire/wire-error.js';
import type { WireReader } from '../wire/wire-reader.js';
import type { WireWriter } from '../wire/wire-writer.js';
import type { Proxy, ProxyClass } from './proxy.js';
import * as path from 'node:path';

const traceWire = debugEnabled('wire');

/** The server reported a protocol error (wl_display.error), or the connection broke. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    message: string,
    readonly objectId = 0,
    readonly code = -1,
    readonly interfaceName = '',
  ) {
    super(message);
  }
}

/**
 * The client side of a Wayland connection (libwayland-client's wl_display): typed proxies,
 * event dispatch on Node's event loop, roundtrips. Requests are flushed at the end of the
 * current tick, or at once by `flush()`/`roundtrip()`.
 */
export class Connection implements MessageSink {
  readonly wire: WireConnection;
  readonly display: WlDisplayProxy;
  private readonly objects = new Map<number, Proxy>();
  /** Objects we destroyed whose ids the server has not released yet: their events are drained. */
  private readonly zombies = new Map<number, InterfaceSpec>();
  private readonly freeIds: number[] = [];
  private nextId = 2;
  private flushScheduled = false;
  private closeListeners: Array<(err: ConnectionError | null) => void> = [];
  error: ConnectionError | null = null;
  isClosed = false;

  constructor(transport: Transport) {
    this.wire = new WireConnection(transport, this);
    this.display = new WlDisplayProxy(this, 1, 1);
    this.objects.set(1, this.display);
    this.display.on({
      error: (obj, code, message) => {
        const name = obj ? obj.spec.name : 'unknown';
        this.fail(
          new ConnectionError(
            `protocol error on ${name}#${obj?.id ?? '?'} (code ${code}): ${message}`,
            obj?.id ?? 0,
            code,
            name,
          ),
        );
      },
      deleteId: (id) => this.releaseId(id),
    });
    this.wire.start();
  }

  /** Connects to `WAYLAND_DISPLAY` (or `name`: a socket name under XDG_RUNTIME_DIR, or an absolute path). */
  static connect(name?: string): Connection {
    const display = name ?? process.env['WAYLAND_DISPLAY'] ?? 'wayland-0';
    let socketPath = display;
    if (!path.isAbsolute(display)) {
      const dir = process.env['XDG_RUNTIME_DIR'];
      if (!dir)
        throw new ConnectionError('XDG_RUNTIME_DIR is not set, so the Wayland socket cannot be found');
      socketPath = path.join(dir, display);
    }
    return new Connection(new SocketTransport(connectUnix(socketPath)));
  }

  // --- proxies ---------------------------------------------------------------------------

  createProxy<T extends Proxy>(cls: ProxyClass<T>, version: number): T {
    const id = this.freeIds.pop() ?? this.nextId++;
    const p = new cls(this, id, version);
    this.objects.set(id, p);
    return p;
  }

  createServerProxy<T extends Proxy>(cls: ProxyClass<T>, id: number, version: number): T {
    if (id < SERVER_ID_START || this.objects.has(id)) throw new WireError(`server sent invalid new id ${id}`);
    this.zombies.delete(id);
    const p = new cls(this, id, version);
    this.objects.set(id, p);
    return p;
  }

  lookupProxy<T extends Proxy>(id: number, cls: ProxyClass<T>): T | null {
    const p = this.objects.get(id);
    return p instanceof cls ? p : null;
  }

  /** Any live proxy by id (for untyped object arguments such as wl_display.error's). */
  lookupAnyProxy(id: number): Proxy | null {
    return this.objects.get(id) ?? null;
  }

  /** Called when a proxy is destroyed locally: its id stays reserved until the server's delete_id. */
  forgetProxy(p: Proxy): void {
    if (this.objects.get(p.id) !== p) return;
    this.objects.delete(p.id);
    // Events already in flight to it are drained. A server id is never released by delete_id:
    // it stays a zombie until the server reuses it.
    this.zombies.set(p.id, p.spec);
  }

  private releaseId(id: number): void {
    const live = this.objects.get(id);
    // The server destroyed it (e.g. wl_callback after done): forget it and recycle the id.
    if (live) this.objects.delete(id);
    this.zombies.delete(id);
    if (id < SERVER_ID_START) this.freeIds.push(id);
  }

  // --- requests --------------------------------------------------------------------------

  beginRequest(id: number, opcode: number): WireWriter {
    if (this.isClosed) throw this.error ?? new ConnectionError('connection is closed');
    const w = this.wire.writer;
    w.begin(id, opcode);
    return w;
  }

  endRequest(spec: InterfaceSpec): void {
    const w = this.wire.writer;
    w.finish();
    if (traceWire) {
      const start = w.messageStart;
      const word = w.buf.readUInt32LE(start + 4);
      const rq = spec.requests[word & 0xffff];
      if (rq)
        debugLog(
          'wire',
          ` -> ${formatMessage(w.buf, start, word >>> 16, spec, w.buf.readUInt32LE(start), rq)}`,
        );
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  dupFd(fd: number): number {
    return this.wire.transport.dupFd(fd);
  }

  closeFd(fd: number): void {
    this.wire.transport.closeFd(fd);
  }

  flush(): void {
    this.flushScheduled = false;
    this.wire.flush();
  }

  /** Resolves once the server has handled every request sent so far (wl_display.sync). */
  roundtrip(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.isClosed) {
        reject(this.error ?? new ConnectionError('connection is closed'));
        return;
      }
      const cb: WlCallbackProxy = this.display.sync();
      const off = this.onClose((err) =>
        reject(err ?? new ConnectionError('connection closed during roundtrip')),
      );
      cb.on({
        done: () => {
          off();
          resolve();
        },
      });
      this.flush();
    });
  }

  /** Runs `cb` when the connection ends; returns a function that removes it. */
  onClose(cb: (err: ConnectionError | null) => void): () => void {
    this.closeListeners.push(cb);
    return () => {
      const i = this.closeListeners.indexOf(cb);
      if (i >= 0) this.closeListeners.splice(i, 1);
    };
  }

  // --- MessageSink -----------------------------------------------------------------------

  message(senderId: number, opcode: number, size: number, reader: WireReader): void {
    const p = this.objects.get(senderId);
    const spec = p ? p.spec : this.zombies.get(senderId);
    if (!spec) {
      this.fail(new ConnectionError(`server sent an event to unknown object ${senderId}`));
      return;
    }
    const ev = spec.events[opcode];
    if (!ev) {
      this.fail(new ConnectionError(`server sent unknown event ${opcode} to ${spec.name}#${senderId}`));
      return;
    }
    if (traceWire)
      debugLog(
        'wire',
        `<-  ${formatMessage(this.wire.inputBuffer, this.wire.messageStart, size, spec, senderId, ev)}`,
      );
    try {
      if (p) p.dispatch(opcode, reader);
      else this.drainZombieEvent(ev, reader);
    } catch (e) {
      if (e instanceof WireError) {
        this.wire.discardMessageFds();
        this.fail(new ConnectionError(`malformed event ${spec.name}.${ev.name}: ${e.message}`));
      } else throw e;
    }
  }

  /**
   * An event to an object we destroyed: dropped, but the fds it carries are closed and the
   * objects it creates become zombies too, so their own events are drained rather than fatal.
   */
  private drainZombieEvent(ev: MessageSpec, reader: WireReader): void {
    for (const a of ev.args) {
      if (a.type === 'h') this.closeFd(reader.fd());
      else if (a.type === 's') reader.stringOrNull();
      else if (a.type === 'a') reader.array();
      else if (a.type === 'n') {
        const id = reader.newId();
        const spec = a.interface === null ? undefined : interfaceByName(a.interface);
        if (spec && !this.objects.has(id)) this.zombies.set(id, spec);
      } else reader.uint();
    }
  }

  batchDone(): void {
    if (this.wire.writer.pending > 0) this.flush();
  }

  closed(reason: Error | null): void {
    this.isClosed = true;
    if (!this.error && reason)
      this.error = reason instanceof ConnectionError ? reason : new ConnectionError(reason.message);
    const ls = this.closeListeners;
    this.closeListeners = [];
    for (const cb of ls) cb(this.error);
  }

  private fail(err: ConnectionError): void {
    if (!this.error) this.error = err;
    this.wire.close(err);
  }

  /** Disconnects. */
  close(): void {
    if (this.isClosed) return;
    this.wire.flush();
    this.wire.close(null);
  }

  get objectCount(): number {
    return this.objects.size;
  }
}
