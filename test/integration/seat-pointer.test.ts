import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WpCursorShapeManagerV1Proxy } from '../../protos/gen/client/cursor-shape-v1.js';
import { WlSeatProxy, type WlPointerProxy } from '../../protos/gen/client/wayland.js';
import { BTN_LEFT, type PointerGrab } from '../../exo-server/src/seat/seat-api.js';
import { n, startTestExo, TestClient, type TestExo } from './seat-fixture.js';

/** A wl_pointer whose events go to the client's log as short strings. */
type LoggedPointer = WlPointerProxy & { lastEnter: number; lastButton: number };

function logPointer(c: TestClient, version = 8, tag = 'p'): LoggedPointer {
  const seat = version === 8 ? c.seat : c.bind(WlSeatProxy, version);
  const p = seat.getPointer() as LoggedPointer;
  p.lastEnter = 0;
  p.lastButton = 0;
  p.on({
    enter: (serial, s, x, y) => {
      p.lastEnter = serial;
      c.log.push(`${tag}.enter ${s?.id} ${n(x)},${n(y)}`);
    },
    leave: (_serial, s) => c.log.push(`${tag}.leave ${s?.id}`),
    motion: (_t, x, y) => c.log.push(`${tag}.motion ${n(x)},${n(y)}`),
    button: (serial, _t, b, state) => {
      p.lastButton = serial;
      c.log.push(`${tag}.button ${b.toString(16)} ${state}`);
    },
    axis: (_t, axis, v) => c.log.push(`${tag}.axis ${axis} ${n(v)}`),
    axisSource: (s) => c.log.push(`${tag}.source ${s}`),
    axisStop: (_t, axis) => c.log.push(`${tag}.stop ${axis}`),
    axisDiscrete: (axis, d) => c.log.push(`${tag}.discrete ${axis} ${d}`),
    axisValue120: (axis, v) => c.log.push(`${tag}.v120 ${axis} ${v}`),
    frame: () => c.log.push(`${tag}.frame`),
  });
  return p;
}

describe('seat: wl_pointer', () => {
  let t: TestExo;
  let a: TestClient;
  let b: TestClient;
  let pa: LoggedPointer;
  let pb: LoggedPointer;
  let wa: Awaited<ReturnType<TestClient['window']>>;
  let wb: Awaited<ReturnType<TestClient['window']>>;

  before(async () => {
    t = await startTestExo();
    a = await TestClient.connect(t);
    b = await TestClient.connect(t);
    pa = logPointer(a);
    pb = logPointer(b);
    wa = await a.window(0, 0, 100, 100);
    wb = await b.window(200, 0, 100, 100);
    t.exo.seat.pointerMotion(150, 150); // over the desktop
    await a.sync();
    await b.sync();
    a.take();
    b.take();
  });

  after(() => {
    try {
      a.close();
      b.close();
    } finally {
      t.stop();
    }
  });

  it('advertises seat0 with pointer, keyboard and touch', async () => {
    const c = await TestClient.connect(t);
    const got: string[] = [];
    c.seat.on({ capabilities: (caps) => got.push(`caps ${caps}`), name: (nm) => got.push(`name ${nm}`) });
    await c.conn.roundtrip();
    assert.deepEqual(got, ['caps 7', 'name seat0']);
    c.close();
  });

  it('sends enter, motion and leave to the client under the pointer only', async () => {
    t.exo.seat.pointerMotion(50, 40);
    await a.sync();
    assert.deepEqual(a.take(), [`p.enter ${wa.proxy.id} 50,40`, 'p.frame']);
    t.exo.seat.pointerMotion(60.5, 40);
    await a.sync();
    assert.deepEqual(a.take(), ['p.motion 60.5,40', 'p.frame']);
    t.exo.seat.pointerMotion(250, 10);
    await a.sync();
    await b.sync();
    assert.deepEqual(a.take(), [`p.leave ${wa.proxy.id}`, 'p.frame']);
    assert.deepEqual(b.take(), [`p.enter ${wb.proxy.id} 50,10`, 'p.frame']);
    assert.equal(t.exo.seat.pointerFocus, wb.surface);
  });

  it('keeps focus on the pressed surface while a button is held (implicit grab)', async () => {
    t.exo.seat.pointerMotion(250, 10);
    t.exo.seat.pointerButton(BTN_LEFT, true);
    t.exo.seat.pointerMotion(50, 50); // over A
    await a.sync();
    await b.sync();
    assert.deepEqual(b.take(), ['p.button 110 1', 'p.frame', 'p.motion -150,50', 'p.frame']);
    assert.deepEqual(a.take(), []);
    assert.equal(t.shell.pressed.at(-1), wb.surface);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    await a.sync();
    await b.sync();
    assert.deepEqual(b.take(), ['p.button 110 0', 'p.frame', `p.leave ${wb.proxy.id}`, 'p.frame']);
    assert.deepEqual(a.take(), [`p.enter ${wa.proxy.id} 50,50`, 'p.frame']);
  });

  it('validates grab serials: a held press of the client, or its last press', async () => {
    t.exo.seat.pointerMotion(50, 50);
    t.exo.seat.pointerButton(BTN_LEFT, true);
    await a.sync();
    const serial = pa.lastButton;
    assert.ok(serial > 0);
    assert.equal(t.exo.seat.validGrabSerial(wa.surface, serial), true);
    assert.equal(t.exo.seat.validGrabSerial(wb.surface, serial), false, 'another client');
    assert.equal(t.exo.seat.validGrabSerial(wa.surface, serial + 1000), false);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    assert.equal(t.exo.seat.validGrabSerial(wa.surface, serial), true, 'still the last press');
    t.exo.seat.touchDown(1, 250, 10);
    t.exo.seat.touchUp(1);
    assert.equal(t.exo.seat.validGrabSerial(wa.surface, serial), false, 'a later press replaced it');
    await a.sync();
    a.take();
  });

  it('sends axis events by version: value120 (v8), discrete (v5), plain axis (v1)', async () => {
    const c5 = await TestClient.connect(t);
    const c1 = await TestClient.connect(t);
    logPointer(c5, 5, 'p5');
    logPointer(c1, 1, 'p1');
    const w5 = await c5.window(400, 0);
    const w1 = await c1.window(600, 0);
    t.exo.seat.pointerMotion(450, 50);
    await a.sync();
    a.take();
    t.exo.seat.pointerAxis({ dx: 0, dy: 15, dy120: 120, source: 'wheel' });
    await c5.sync();
    assert.deepEqual(c5.take(), [
      `p5.enter ${w5.proxy.id} 50,50`,
      'p5.frame',
      'p5.source 0',
      'p5.discrete 0 1',
      'p5.axis 0 15',
      'p5.frame',
    ]);
    t.exo.seat.pointerMotion(650, 50);
    t.exo.seat.pointerAxis({ dx: -10, dy: 0, source: 'finger' });
    t.exo.seat.pointerAxis({ dx: 0, dy: 0, source: 'finger' });
    await c1.sync();
    assert.deepEqual(c1.take(), [`p1.enter ${w1.proxy.id} 50,50`, 'p1.axis 1 -10']);
    t.exo.seat.pointerMotion(50, 50);
    t.exo.seat.pointerAxis({ dx: 0, dy: 7.5, dy120: 60, source: 'wheel' });
    t.exo.seat.pointerAxis({ dx: 0, dy: 0, source: 'finger' });
    await a.sync();
    assert.deepEqual(a.take(), [
      `p.enter ${wa.proxy.id} 50,50`,
      'p.frame',
      'p.source 0',
      'p.v120 0 60',
      'p.axis 0 7.5',
      'p.frame',
      'p.source 1',
      'p.stop 0',
      'p.stop 1',
      'p.frame',
    ]);
    c5.close();
    c1.close();
  });

  it('honours set_cursor only from the focused client with its enter serial; role errors', async () => {
    t.exo.seat.pointerMotion(50, 50);
    await a.sync();
    const cursor = await a.surface(16, 16);
    pa.setCursor(pa.lastEnter - 1, cursor.proxy, 3, 4); // stale serial: ignored
    await a.sync();
    assert.equal(t.exo.seat.cursor.surface, null);
    pa.setCursor(pa.lastEnter, cursor.proxy, 3, 4);
    await a.sync();
    assert.equal(t.exo.seat.cursor.surface, cursor.surface);
    assert.deepEqual([t.exo.seat.cursor.hotspotX, t.exo.seat.cursor.hotspotY], [3, 4]);
    // An attach offset moves the hotspot (v5+).
    a.attachSolid(cursor.proxy, 16, 16, 0xffffffff);
    cursor.proxy.offset(1, 2);
    cursor.proxy.commit();
    await a.sync();
    assert.deepEqual([t.exo.seat.cursor.hotspotX, t.exo.seat.cursor.hotspotY], [2, 2]);
    assert.ok(!t.exo.scene.views().some((v) => v.surface === cursor.surface), 'the cursor is not composited');
    // B is not under the pointer: its request changes nothing.
    const bc = await b.surface(8, 8);
    pb.setCursor(pb.lastEnter, bc.proxy, 0, 0);
    await b.sync();
    assert.equal(t.exo.seat.cursor.surface, cursor.surface);
    // Hidden cursor.
    pa.setCursor(pa.lastEnter, null, 0, 0);
    await a.sync();
    assert.equal(t.exo.seat.cursor.visible, false);
    // The focus moving to another client resets to the default arrow.
    t.exo.seat.pointerMotion(250, 50);
    assert.equal(t.exo.seat.cursor.shape, 'default');
    assert.equal(t.exo.seat.cursor.visible, true);
  });

  it('records wp_cursor_shape_v1 names and rejects invalid shapes', async () => {
    const c = await TestClient.connect(t);
    const p = logPointer(c, 8, 'c');
    await c.window(800, 0);
    t.exo.seat.pointerMotion(850, 50);
    await c.sync();
    const mgr = c.bind(WpCursorShapeManagerV1Proxy, 1);
    const dev = mgr.getPointer(p);
    dev.setShape(p.lastEnter, 9); // text
    await c.sync();
    assert.equal(t.exo.seat.cursor.shape, 'text');
    dev.setShape(p.lastEnter, 2);
    await c.sync();
    assert.equal(t.exo.seat.cursor.shape, 'context-menu');
    dev.setShape(p.lastEnter, 999);
    await assert.rejects(c.conn.roundtrip(), /invalid_shape|999 is not a cursor shape/);
  });

  it('posts wl_pointer.error.role for a surface that already has another role', async () => {
    const c = await TestClient.connect(t);
    const p = logPointer(c, 8, 'c');
    const w = await c.window(800, 200);
    t.exo.seat.pointerMotion(850, 250);
    await c.sync();
    p.setCursor(p.lastEnter, w.proxy, 0, 0);
    await assert.rejects(c.conn.roundtrip(), /wl_pointer.*test_window role/);
    // Other clients go on.
    await a.sync();
  });

  it('gives all pointer input to an explicit grab and re-enters after it', async () => {
    t.exo.seat.pointerMotion(50, 50);
    await a.sync();
    a.take();
    const seen: string[] = [];
    const grab: PointerGrab = {
      motion: (x, y) => seen.push(`motion ${x},${y}`),
      button: (btn, pressed) => seen.push(`button ${btn.toString(16)} ${pressed}`),
      cancel: () => seen.push('cancel'),
    };
    t.exo.seat.startPointerGrab(grab);
    t.exo.seat.setCursorShape('grabbing');
    assert.equal(t.exo.seat.cursor.shape, 'grabbing');
    t.exo.seat.pointerMotion(60, 60);
    t.exo.seat.pointerButton(BTN_LEFT, true);
    t.exo.seat.pointerButton(BTN_LEFT, false);
    t.exo.seat.endPointerGrab(grab);
    await a.sync();
    assert.deepEqual(seen, ['motion 60,60', 'button 110 true', 'button 110 false']);
    assert.equal(t.exo.seat.cursor.shape, 'default', 'the client under the pointer sets its own');
    assert.deepEqual(a.take(), [
      `p.leave ${wa.proxy.id}`,
      'p.frame',
      `p.enter ${wa.proxy.id} 60,60`,
      'p.frame',
    ]);
  });

  it('follows windows that move under a still pointer, and drops a destroyed focus', async () => {
    t.exo.seat.pointerMotion(50, 50);
    await a.sync();
    a.take();
    t.shell.move(wa.surface, 10, 10);
    await a.sync();
    assert.deepEqual(a.take(), ['p.motion 40,40', 'p.frame']);
    const top = await a.window(0, 0, 100, 100);
    await a.sync();
    assert.deepEqual(a.take(), [
      `p.leave ${wa.proxy.id}`,
      'p.frame',
      `p.enter ${top.proxy.id} 50,50`,
      'p.frame',
    ]);
    top.proxy.destroy();
    await a.sync();
    await new Promise((r) => setImmediate(r));
    await a.sync();
    assert.deepEqual(a.take(), [`p.enter ${wa.proxy.id} 40,40`, 'p.frame']);
  });

  it('clamps the pointer to the output', () => {
    t.exo.seat.pointerMotion(-20, 1e6);
    assert.equal(t.exo.seat.pointerX, 0);
    assert.ok(t.exo.seat.pointerY < t.exo.output.height && t.exo.seat.pointerY > t.exo.output.height - 1);
  });
});
