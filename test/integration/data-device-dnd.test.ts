import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { closeFd } from '../../compositor/src/native/libc.js';
import { pipe } from '../../compositor/src/native/shared-memory.js';
import { readAllAndClose, writeAllAndClose } from '../../exo-server/src/data-device/fd-transfer.js';
import { BTN_LEFT } from '../../exo-server/src/seat/seat-api.js';
import {
  WlDataDeviceManagerProxy,
  type WlDataDeviceProxy,
  type WlDataOfferProxy,
  type WlPointerProxy,
  type WlSurfaceProxy,
} from '../../protos/gen/client/wayland.js';
import type { Surface } from '../../exo-server/src/surface/surface.js';
import { n, startTestExo, TestClient, type TestExo } from './seat-fixture.js';

const COPY = 1;
const MOVE = 2;

/** A client with a window, a pointer and a data device whose drag events are logged. */
class DndClient {
  buttonSerial = 0;
  enterSerial = 0;
  offer: WlDataOfferProxy | null = null;
  manager!: WlDataDeviceManagerProxy;
  device!: WlDataDeviceProxy;
  pointer!: WlPointerProxy;
  window!: { proxy: WlSurfaceProxy; surface: Surface };

  constructor(readonly c: TestClient) {}

  static async create(t: TestExo, x: number): Promise<DndClient> {
    const d = new DndClient(await TestClient.connect(t));
    const log = d.c.log;
    d.pointer = d.c.seat.getPointer();
    d.pointer.on({
      button: (serial) => (d.buttonSerial = serial),
      enter: () => log.push('pointer.enter'),
      leave: () => log.push('pointer.leave'),
    });
    d.manager = d.c.bind(WlDataDeviceManagerProxy, 3);
    d.device = d.manager.getDataDevice(d.c.seat);
    d.device.on({
      dataOffer: (offer) =>
        offer.on({
          offer: (mime) => log.push(`offer ${mime}`),
          sourceActions: (a) => log.push(`source_actions ${a}`),
          action: (a) => log.push(`offer.action ${a}`),
        }),
      enter: (serial, surface, x, y, offer) => {
        d.enterSerial = serial;
        d.offer = offer;
        log.push(`enter ${surface?.id} ${n(x)},${n(y)} ${offer ? 'offer' : 'null'}`);
      },
      leave: () => log.push('leave'),
      motion: (_t, x, y) => log.push(`motion ${n(x)},${n(y)}`),
      drop: () => log.push('drop'),
    });
    d.window = await d.c.window(x, 0);
    return d;
  }

  /** Presses the button over this window (as the user starting a drag). */
  async press(t: TestExo, x: number, y: number): Promise<void> {
    t.exo.seat.pointerMotion(x, y);
    t.exo.seat.pointerButton(BTN_LEFT, true);
    await this.c.sync();
  }

  startDrag(
    data: string | null,
    opts: { actions?: number; icon?: WlSurfaceProxy | null; serial?: number } = {},
  ) {
    const log = this.c.log;
    let source = null;
    if (data !== null) {
      source = this.manager.createDataSource();
      source.offer('text/plain');
      if (opts.actions !== undefined) source.setActions(opts.actions);
      source.on({
        send: (_mime, fd) => void writeAllAndClose(fd, Buffer.from(data)),
        target: (mime) => log.push(`target ${mime}`),
        action: (a) => log.push(`source.action ${a}`),
        dndDropPerformed: () => log.push('dnd_drop_performed'),
        dndFinished: () => log.push('dnd_finished'),
        cancelled: () => log.push('cancelled'),
      });
    }
    this.device.startDrag(source, this.window.proxy, opts.icon ?? null, opts.serial ?? this.buttonSerial);
    return source;
  }
}

describe('data device: drag and drop', () => {
  let t: TestExo;
  let a: DndClient;
  let b: DndClient;

  before(async () => {
    t = await startTestExo();
    a = await DndClient.create(t, 0);
    b = await DndClient.create(t, 200);
  });

  beforeEach(async () => {
    if (t.exo.seat.buttonsDown > 0) t.exo.seat.pointerButton(BTN_LEFT, false);
    t.exo.seat.pointerMotion(150, 150);
    await a.c.sync();
    await b.c.sync();
    a.c.take();
    b.c.take();
  });

  after(() => {
    try {
      a.c.close();
      b.c.close();
    } finally {
      t.stop();
    }
  });

  it('drags data with an icon, negotiates the action, drops and finishes', async () => {
    const icon = await a.c.surface(8, 8);
    await a.press(t, 50, 50);
    a.c.take();
    a.startDrag('dragged text', { actions: COPY | MOVE, icon: icon.proxy });
    await a.c.sync();
    assert.deepEqual(a.c.take(), [
      'pointer.leave',
      'offer text/plain',
      'source_actions 3',
      `enter ${a.window.proxy.id} 50,50 offer`,
    ]);
    const overlay = t.exo.scene.overlays.find((o) => o.surface === icon.surface);
    assert.ok(overlay, 'the icon is drawn during the drag');
    assert.deepEqual([overlay.x, overlay.y], [50, 50]);

    t.exo.seat.pointerMotion(250, 60);
    await b.c.sync();
    await a.c.sync();
    assert.deepEqual(a.c.take(), ['leave']);
    assert.deepEqual(b.c.take(), [
      'offer text/plain',
      'source_actions 3',
      `enter ${b.window.proxy.id} 50,60 offer`,
    ]);
    assert.deepEqual([overlay.x, overlay.y], [250, 60]);

    b.offer!.accept(b.enterSerial, 'text/plain');
    b.offer!.setActions(COPY | MOVE, MOVE);
    await b.c.sync();
    await a.c.sync();
    assert.deepEqual(b.c.take(), ['offer.action 2']);
    assert.deepEqual(a.c.take(), ['target text/plain', 'source.action 2']);

    t.exo.seat.pointerMotion(260, 61);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    await b.c.sync();
    await a.c.sync();
    assert.deepEqual(b.c.take(), ['motion 60,61', 'drop', 'pointer.enter']);
    assert.deepEqual(a.c.take(), ['dnd_drop_performed']);
    assert.ok(!t.exo.scene.overlays.includes(overlay), 'the icon is gone after the drop');

    const [r, w] = pipe(true);
    b.offer!.receive('text/plain', w);
    closeFd(w);
    await b.c.sync();
    await a.c.sync();
    assert.equal((await readAllAndClose(r)).toString(), 'dragged text');
    b.offer!.finish();
    await b.c.sync();
    await a.c.sync();
    assert.deepEqual(a.c.take(), ['dnd_finished']);
  });

  it('keeps a drag icon on whole pixels when the pointer is fractional', async () => {
    const icon = await a.c.surface(8, 8);
    await a.press(t, 50, 50);
    a.startDrag('fractional', { actions: COPY, icon: icon.proxy });
    await a.c.sync();
    t.exo.seat.pointerMotion(120.4, 33.6);
    // The icon commits after a fractional move: this used to disconnect the dragging client.
    a.c.attachSolid(icon.proxy, 8, 8, 0xff00ff00);
    icon.proxy.commit();
    await a.c.sync();
    const overlay = t.exo.scene.overlays.find((o) => o.surface === icon.surface);
    assert.ok(overlay, 'the icon is drawn during the drag');
    assert.deepEqual([overlay.x, overlay.y], [120, 34]);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    await a.c.sync();
    assert.ok(a.c.take().includes('cancelled'), 'the client is still connected and told the drop failed');
  });

  it('cancels a drop on a target that accepted nothing', async () => {
    await a.press(t, 50, 50);
    a.startDrag('nobody wants me', { actions: COPY });
    await a.c.sync();
    t.exo.seat.pointerMotion(250, 50);
    await b.c.sync();
    a.c.take();
    b.c.take();
    t.exo.seat.pointerButton(BTN_LEFT, false);
    await b.c.sync();
    await a.c.sync();
    assert.deepEqual(b.c.take(), ['leave', 'pointer.enter']);
    assert.deepEqual(a.c.take(), ['cancelled']);
  });

  it('refuses start_drag without a held press matching the serial', async () => {
    await a.press(t, 50, 50);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    a.c.take();
    a.startDrag('late', { actions: COPY });
    await a.c.sync();
    assert.deepEqual(a.c.take(), ['cancelled']);
    await a.press(t, 50, 50);
    a.startDrag('wrong serial', { actions: COPY, serial: a.buttonSerial + 99 });
    await a.c.sync();
    assert.ok(a.c.take().includes('cancelled'));
  });

  it('keeps an in-client drag (null source) to the origin client', async () => {
    await a.press(t, 50, 50);
    a.c.take();
    a.startDrag(null);
    await a.c.sync(); // the server has the request before the pointer moves
    t.exo.seat.pointerMotion(60, 50);
    t.exo.seat.pointerMotion(250, 50); // over B: B hears nothing
    await a.c.sync();
    await b.c.sync();
    assert.deepEqual(b.c.take(), []);
    assert.deepEqual(a.c.take(), [
      'pointer.leave',
      `enter ${a.window.proxy.id} 50,50 null`,
      'motion 60,50',
      'leave',
    ]);
    t.exo.seat.pointerMotion(40, 40);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    await a.c.sync();
    assert.deepEqual(a.c.take(), [`enter ${a.window.proxy.id} 40,40 null`, 'drop', 'pointer.enter']);
  });

  it('posts wl_data_device.error.role for an icon with another role', async () => {
    const c = await DndClient.create(t, 400);
    await c.press(t, 450, 50);
    c.startDrag('x', { actions: COPY, icon: c.window.proxy });
    await assert.rejects(c.c.conn.roundtrip(), /already has the test_window role/);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    await a.c.sync(); // others go on
  });
});
