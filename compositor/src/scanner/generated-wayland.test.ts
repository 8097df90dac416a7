import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WlCallbackProxy,
  WlCompositorProxy,
  WlDataDeviceProxy,
  WlDataOfferProxy,
  WlKeyboardProxy,
  WlOutputProxy,
  WlRegistryProxy,
  WlSurfaceProxy,
} from '../../../protos/gen/client/wayland.js';
import {
  WlCallbackResource,
  WlDataDeviceResource,
  WlDataOfferResource,
  WlOutputResource,
  WlRegistryResource,
  WlShmPoolResource,
  WlShmResource,
  WlSubcompositorResource,
  WlSubsurfaceResource,
  WlSurfaceResource,
} from '../../../protos/gen/server/wayland.js';
import {
  WpCursorShapeDeviceV1Shape,
  wpCursorShapeDeviceV1ShapeValid,
} from '../../../protos/gen/spec/cursor-shape-v1.js';
import {
  WlOutputTransform,
  wlOutputTransformValid,
  wlPointerAxisSourceValid,
  wlSeatCapabilityValid,
  wlSurfaceSpec,
} from '../../../protos/gen/spec/wayland.js';
import type { Proxy, ProxyClass } from '../client/proxy.js';
import type { Resource, ResourceClass } from '../server/resource.js';
import { interfaceByName } from '../wire/spec.js';
import { WireReader } from '../wire/wire-reader.js';
import { WireWriter } from '../wire/wire-writer.js';

/**
 * Checks the committed bindings for wayland.xml: their metadata, and that the generated
 * dispatchers and senders move the right bytes and objects, against fake Client/Connection
 * objects that implement only what generated code calls.
 */

/** Encodes one message with `write` and returns a reader positioned on it. */
function message(write: (w: WireWriter) => void, fds: number[] = []): WireReader {
  const w = new WireWriter();
  w.begin(1, 0);
  write(w);
  w.finish();
  // Buffer.alloc is never pooled, so the copy is 4-byte aligned as the reader needs.
  const buf = Buffer.alloc(w.end);
  w.buf.copy(buf, 0, 0, w.end);
  const r = new WireReader(buf);
  r.setFdQueue(fds);
  r.begin(0, w.end);
  return r;
}

/** A reader over the last message a fake wrote. */
function lastMessage(fake: { writer: WireWriter; lastStart: number }): {
  id: number;
  opcode: number;
  r: WireReader;
} {
  const w = fake.writer;
  const buf = Buffer.alloc(w.end - fake.lastStart);
  w.buf.copy(buf, 0, fake.lastStart, w.end);
  const r = new WireReader(buf);
  r.setFdQueue([...w.fds]);
  r.begin(0, buf.length);
  return { id: buf.readUInt32LE(0), opcode: buf.readUInt32LE(4) & 0xffff, r };
}

class FakeClient {
  readonly objects = new Map<number, Resource>();
  readonly log: string[] = [];
  readonly closed: number[] = [];
  readonly writer = new WireWriter();
  lastStart = 0;
  private nextServerId = 0xff000000;

  lookup<T extends Resource>(id: number, cls: ResourceClass<T>): T {
    const o = this.objects.get(id);
    if (!(o instanceof cls)) throw new Error(`no ${cls.spec.name}#${id}`);
    return o;
  }
  lookupOrNull<T extends Resource>(id: number, cls: ResourceClass<T>): T | null {
    return id === 0 ? null : this.lookup(id, cls);
  }
  lookupAny(id: number): Resource {
    const o = this.objects.get(id);
    if (!o) throw new Error(`no object ${id}`);
    return o;
  }
  lookupAnyOrNull(id: number): Resource | null {
    return id === 0 ? null : this.lookupAny(id);
  }
  createResource<T extends Resource>(cls: ResourceClass<T>, id: number, version: number): T {
    this.log.push(`create ${cls.spec.name}#${id} v${version}`);
    return this.add(new cls(this as never, id, version));
  }
  createServerResource<T extends Resource>(cls: ResourceClass<T>, version: number): T {
    return this.add(new cls(this as never, this.nextServerId++, version));
  }
  add<T extends Resource>(r: T): T {
    this.objects.set(r.id, r);
    return r;
  }
  forgetResource(r: Resource): void {
    this.log.push(`forget ${r}`);
    this.objects.delete(r.id);
  }
  beginEvent(id: number, opcode: number): WireWriter {
    this.lastStart = this.writer.end;
    this.writer.begin(id, opcode);
    return this.writer;
  }
  endEvent(): void {
    this.writer.finish();
  }
  dupFd(fd: number): number {
    return fd + 1000;
  }
  closeFd(fd: number): void {
    this.closed.push(fd);
  }
}

class FakeConnection {
  readonly objects = new Map<number, Proxy>();
  readonly closed: number[] = [];
  readonly forgotten: number[] = [];
  readonly writer = new WireWriter();
  lastStart = 0;
  private nextId = 2;

  createProxy<T extends Proxy>(cls: ProxyClass<T>, version: number): T {
    return this.add(new cls(this as never, this.nextId++, version));
  }
  createServerProxy<T extends Proxy>(cls: ProxyClass<T>, id: number, version: number): T {
    return this.add(new cls(this as never, id, version));
  }
  add<T extends Proxy>(p: T): T {
    this.objects.set(p.id, p);
    return p;
  }
  lookupProxy<T extends Proxy>(id: number, cls: ProxyClass<T>): T | null {
    const p = this.objects.get(id);
    return p instanceof cls ? p : null;
  }
  lookupAnyProxy(id: number): Proxy | null {
    return this.objects.get(id) ?? null;
  }
  forgetProxy(p: Proxy): void {
    this.forgotten.push(p.id);
    this.objects.delete(p.id);
  }
  beginRequest(id: number, opcode: number): WireWriter {
    this.lastStart = this.writer.end;
    this.writer.begin(id, opcode);
    return this.writer;
  }
  endRequest(): void {
    this.writer.finish();
  }
  dupFd(fd: number): number {
    return fd + 1000;
  }
  closeFd(fd: number): void {
    this.closed.push(fd);
  }
}

describe('generated spec for wayland.xml', () => {
  it('describes wl_surface', () => {
    assert.equal(wlSurfaceSpec.version, 6);
    assert.equal(interfaceByName('wl_surface'), wlSurfaceSpec);
    const attach = wlSurfaceSpec.requests[1]!;
    assert.equal(attach.name, 'attach');
    assert.equal(attach.opcode, 1);
    assert.equal(attach.args.map((a) => (a.nullable ? '?' : '') + a.type).join(''), '?oii');
    assert.equal(attach.args[0]!.interface, 'wl_buffer');
    assert.equal(wlSurfaceSpec.requests[0]!.destructor, true);
    assert.equal(wlSurfaceSpec.requests[8]!.args[0]!.enum, null);
    assert.equal(wlSurfaceSpec.requests[7]!.args[0]!.enum, 'wl_output.transform');
  });

  it('generates enums and their validity checks', () => {
    assert.equal(WlOutputTransform._90, 1);
    assert.equal(WlOutputTransform.Flipped270, 7);
    assert.ok(wlOutputTransformValid(7, 1));
    assert.ok(!wlOutputTransformValid(8, 1));
    assert.ok(!wlOutputTransformValid(-1, 4));
    assert.ok(wlSeatCapabilityValid(7, 1), 'bitfield combinations are valid');
    assert.ok(!wlSeatCapabilityValid(8, 1));
    assert.ok(!wlPointerAxisSourceValid(3, 5), 'wheel_tilt is since 6');
    assert.ok(wlPointerAxisSourceValid(3, 6));
    assert.equal(WpCursorShapeDeviceV1Shape.ZoomOut, 34);
    assert.ok(wpCursorShapeDeviceV1ShapeValid(1, 1));
    assert.ok(!wpCursorShapeDeviceV1ShapeValid(0, 1));
  });
});

describe('generated server code', () => {
  it('creates new_id resources and closes fds nobody takes', () => {
    const client = new FakeClient();
    const shm = client.add(new WlShmResource(client as never, 3, 1));
    shm.dispatch(
      0,
      message(
        (w) => {
          w.newId(5);
          w.fd(42);
          w.int(4096);
        },
        [42],
      ),
    );
    assert.ok(client.objects.get(5) instanceof WlShmPoolResource);
    assert.deepEqual(client.closed, [42], 'an inert wl_shm must not leak the pool fd');

    const got: unknown[] = [];
    shm.setHandler({ createPool: (res, pool, fd, size) => got.push(res, pool.id, fd, size) });
    shm.dispatch(
      0,
      message((w) => (w.newId(6), w.fd(43), w.int(64)), [43]),
    );
    assert.deepEqual(got, [shm, 6, 43, 64]);
    assert.deepEqual(client.closed, [42]);
  });

  it('creates a new_id only after the other arguments decode', () => {
    const client = new FakeClient();
    const sub = client.add(new WlSubcompositorResource(client as never, 3, 1));
    const surface = client.add(new WlSurfaceResource(client as never, 4, 5));
    const get = (parent: number) => message((w) => (w.newId(9), w.object(4), w.object(parent)));
    assert.throws(() => sub.dispatch(1, get(77)), /no wl_surface#77/);
    assert.deepEqual(client.log, [], 'nothing registered for a failed request');
    let args: unknown[] = [];
    sub.setHandler({ getSubsurface: (_r, s, a, b) => (args = [s, a, b]) });
    sub.dispatch(1, get(4));
    assert.deepEqual(client.log, ['create wl_subsurface#9 v1']);
    assert.ok(args[0] instanceof WlSubsurfaceResource);
    assert.deepEqual(args.slice(1), [surface, surface]);
  });

  it('destroys on destructor requests, with or without a handler', () => {
    const client = new FakeClient();
    const surface = client.add(new WlSurfaceResource(client as never, 4, 6));
    surface.dispatch(
      0,
      message(() => {}),
    );
    assert.ok(surface.destroyed);
    assert.deepEqual(client.log, ['forget wl_surface#4']);
  });

  it('passes wl_registry.bind its raw interface, version and id', () => {
    const client = new FakeClient();
    const registry = new WlRegistryResource(client as never, 2, 1);
    let args: unknown[] = [];
    registry.setHandler({ bind: (_r, ...rest) => (args = rest) });
    registry.dispatch(
      0,
      message((w) => (w.uint(7), w.string('wl_seat'), w.uint(5), w.newId(12))),
    );
    assert.deepEqual(args, [7, 'wl_seat', 5, 12]);
  });

  it('sends events, with version checks, new objects and destructor events', () => {
    const client = new FakeClient();
    const surface = new WlSurfaceResource(client as never, 4, 6);
    surface.sendEnter(new WlOutputResource(client as never, 9, 4));
    let m = lastMessage(client);
    assert.deepEqual([m.id, m.opcode, m.r.object(), m.r.remaining()], [4, 0, 9, 0]);

    assert.throws(() => new WlOutputResource(client as never, 9, 3).sendName('x'), /needs version 4/);

    const device = new WlDataDeviceResource(client as never, 5, 3);
    const offer = device.sendDataOffer();
    assert.ok(offer instanceof WlDataOfferResource);
    assert.equal(offer.version, 3);
    m = lastMessage(client);
    assert.equal(m.r.newId(), offer.id);
    assert.equal(client.objects.get(offer.id), offer);

    const cb = client.add(new WlCallbackResource(client as never, 20, 1));
    cb.sendDone(77);
    assert.ok(cb.destroyed);
    assert.equal(lastMessage(client).r.uint(), 77);
  });
});

describe('generated client code', () => {
  it('binds with wl_registry.bind through a proxy class', () => {
    const conn = new FakeConnection();
    const registry = conn.add(new WlRegistryProxy(conn as never, 2, 1));
    const comp = registry.bind(7, WlCompositorProxy, 4);
    assert.ok(comp instanceof WlCompositorProxy);
    assert.equal(comp.version, 4);
    const { id, opcode, r } = lastMessage(conn);
    assert.deepEqual(
      [id, opcode, r.uint(), r.string(), r.uint(), r.newId()],
      [2, 0, 7, 'wl_compositor', 4, comp.id],
    );
  });

  it('writes requests and marks destructors', () => {
    const conn = new FakeConnection();
    const surface = conn.add(new WlSurfaceProxy(conn as never, 3, 6));
    surface.attach(null, -1, 2);
    const { r } = lastMessage(conn);
    assert.deepEqual([r.object(), r.int(), r.int()], [0, -1, 2]);
    surface.destroy();
    assert.ok(surface.isDestroyed);
    assert.deepEqual(conn.forgotten, [3]);
    assert.throws(() => surface.commit(), /destroyed/);
    assert.throws(() => new WlOutputProxy(conn as never, 8, 2).release(), /needs version 3/);
  });

  it('dispatches events, creating new objects and closing unwanted fds', () => {
    const conn = new FakeConnection();
    const keyboard = new WlKeyboardProxy(conn as never, 4, 7);
    keyboard.dispatch(
      0,
      message((w) => (w.uint(1), w.fd(50), w.uint(100)), [50]),
    );
    assert.deepEqual(conn.closed, [50], 'a keymap fd without listener is closed');
    let got = [] as unknown[];
    keyboard.on({ keymap: (...a) => (got = a) });
    keyboard.dispatch(
      0,
      message((w) => (w.uint(1), w.fd(51), w.uint(100)), [51]),
    );
    assert.deepEqual(got, [1, 51, 100]);
    assert.deepEqual(conn.closed, [50]);

    const surface = new WlSurfaceProxy(conn as never, 5, 6);
    surface.on({ enter: (o) => (got = [o]) });
    surface.dispatch(
      0,
      message((w) => w.object(99)),
    );
    assert.deepEqual(got, [null], 'an unknown object arrives as null');

    const device = new WlDataDeviceProxy(conn as never, 6, 3);
    const offers: unknown[] = [];
    device.on({ dataOffer: (o) => offers.push(o) });
    device.dispatch(
      0,
      message((w) => w.newId(0xff000001)),
    );
    assert.ok(offers[0] instanceof WlDataOfferProxy);
    assert.equal(conn.objects.get(0xff000001), offers[0]);

    const cb = conn.add(new WlCallbackProxy(conn as never, 7, 1));
    cb.on({ done: (data) => (got = [data]) });
    cb.dispatch(
      0,
      message((w) => w.uint(5)),
    );
    assert.deepEqual(got, [5]);
    assert.ok(cb.isDestroyed, 'wl_callback.done is a destructor event');
  });
});
