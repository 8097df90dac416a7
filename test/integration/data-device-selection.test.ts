import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { closeFd } from '../../compositor/src/native/libc.js';
import { pipe } from '../../compositor/src/native/shared-memory.js';
import { readAllAndClose, writeAllAndClose } from '../../exo-server/src/data-device/fd-transfer.js';
import { selectionsOf } from '../../exo-server/src/data-device/selections.js';
import {
  ZwpPrimarySelectionDeviceManagerV1Proxy,
  type ZwpPrimarySelectionOfferV1Proxy,
} from '../../protos/gen/client/primary-selection-unstable-v1.js';
import {
  WlDataDeviceManagerProxy,
  type WlDataDeviceProxy,
  type WlDataOfferProxy,
  type WlDataSourceProxy,
} from '../../protos/gen/client/wayland.js';
import { startTestExo, TestClient, type TestExo } from './seat-fixture.js';

const TEXT = 'text/plain;charset=utf-8';

/** A client with a keyboard (for the enter serial), a data device, and the offers it was given. */
class ClipboardClient {
  enterSerial = 0;
  selection: WlDataOfferProxy | null = null;
  selectionTypes: string[] = [];
  readonly events: string[] = [];
  manager!: WlDataDeviceManagerProxy;
  device!: WlDataDeviceProxy;

  constructor(readonly c: TestClient) {}

  static async create(t: TestExo): Promise<ClipboardClient> {
    const cc = new ClipboardClient(await TestClient.connect(t));
    cc.c.seat.getKeyboard().on({ enter: (serial) => (cc.enterSerial = serial) });
    cc.manager = cc.c.bind(WlDataDeviceManagerProxy, 3);
    cc.device = cc.manager.getDataDevice(cc.c.seat);
    const types = new Map<WlDataOfferProxy, string[]>();
    cc.device.on({
      dataOffer: (offer) => {
        types.set(offer, []);
        offer.on({ offer: (mime) => types.get(offer)!.push(mime) });
      },
      selection: (offer) => {
        cc.selection = offer;
        cc.selectionTypes = offer ? types.get(offer)! : [];
        cc.events.push(`selection ${offer ? cc.selectionTypes.join('|') : 'null'}`);
      },
    });
    await cc.c.conn.roundtrip();
    return cc;
  }

  /** Offers `data` as the selection, serving it whenever asked. */
  copy(data: Record<string, string>, serial = this.enterSerial): WlDataSourceProxy {
    const source = this.manager.createDataSource();
    for (const mime of Object.keys(data)) source.offer(mime);
    source.on({
      send: (mime, fd) => void writeAllAndClose(fd, Buffer.from(data[mime] ?? '')).catch(() => {}),
      cancelled: () => this.events.push('cancelled'),
    });
    this.device.setSelection(source, serial);
    return source;
  }

  /** Reads the offered selection as `mime` (keeps the event loop turning while the source writes). */
  async paste(mime = TEXT, offer = this.selection): Promise<string> {
    assert.ok(offer, 'no selection offer');
    const [r, w] = pipe(true);
    offer.receive(mime, w);
    closeFd(w);
    await this.c.sync();
    return (await readAllAndClose(r, { timeoutMs: 2000 })).toString('utf8');
  }
}

describe('data device: selection', () => {
  let t: TestExo;
  let a: ClipboardClient;
  let b: ClipboardClient;
  let wa: Awaited<ReturnType<TestClient['window']>>;
  let wb: Awaited<ReturnType<TestClient['window']>>;

  before(async () => {
    t = await startTestExo();
    a = await ClipboardClient.create(t);
    b = await ClipboardClient.create(t);
    wa = await a.c.window(0, 0);
    wb = await b.c.window(200, 0);
  });

  after(() => {
    try {
      a.c.close();
      b.c.close();
    } finally {
      t.stop();
    }
  });

  it('copies from one client and pastes in another, offering only to the focused client', async () => {
    t.exo.seat.setKeyboardFocus(wa.surface);
    await a.c.sync();
    assert.deepEqual(a.events.splice(0), ['selection null']);
    a.copy({ [TEXT]: 'hello', 'text/plain': 'hello' });
    await a.c.sync();
    await b.c.sync();
    assert.deepEqual(a.events.splice(0), [`selection ${TEXT}|text/plain`]);
    assert.deepEqual(b.events.splice(0), [], 'no focus, no selection');
    t.exo.seat.setKeyboardFocus(wb.surface);
    await b.c.sync();
    assert.deepEqual(b.events.splice(0), [`selection ${TEXT}|text/plain`]);
    assert.equal(await b.paste(), 'hello');
  });

  it('revokes offers of a client that lost the focus', async () => {
    const offer = b.selection;
    t.exo.seat.setKeyboardFocus(wa.surface);
    await b.c.sync();
    assert.equal(await b.paste(TEXT, offer), '', 'a revoked offer reads as empty');
    t.exo.seat.setKeyboardFocus(wb.surface);
    await b.c.sync();
    assert.equal(await b.paste(), 'hello');
  });

  it('lets the host read the selection and replace it', async () => {
    const sel = selectionsOf(t.exo);
    await a.c.sync();
    a.events.splice(0);
    assert.deepEqual(sel.mimeTypes(), [TEXT, 'text/plain']);
    assert.equal(sel.owner(), 'client');
    const readP = sel.readSelection(TEXT);
    await a.c.sync(); // the owner serves the request
    assert.equal((await readP).toString(), 'hello');
    await assert.rejects(sel.readSelection('image/png'), /has no image\/png/);

    const changes: string[] = [];
    const off = sel.onSelectionChanged((kind) => changes.push(kind));
    sel.setHostSelection({ [TEXT]: 'from the host', 'text/html': '<b>x</b>' });
    off();
    await a.c.sync();
    await b.c.sync();
    assert.deepEqual(a.events.splice(0), ['cancelled']);
    assert.equal(b.events.at(-1), `selection ${TEXT}|text/html`);
    assert.equal(await b.paste(), 'from the host');
    assert.equal(sel.owner(), 'host');
    assert.equal((await sel.readSelection('text/html')).toString(), '<b>x</b>');
    assert.deepEqual(changes, ['clipboard']);
  });

  it('serves large host selections without blocking (pipe back-pressure)', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    selectionsOf(t.exo).setHostSelection({ [TEXT]: big });
    await b.c.sync();
    assert.equal((await b.paste()).length, big.length);
  });

  it('bounds host reads by size', async () => {
    t.exo.seat.setKeyboardFocus(wa.surface);
    await a.c.sync();
    a.copy({ [TEXT]: 'y'.repeat(100_000) });
    await a.c.sync();
    const p = selectionsOf(t.exo).readSelection(TEXT, { maxBytes: 1000 });
    await a.c.sync();
    await assert.rejects(p, /larger than 1000 bytes/);
  });

  it('clears the selection when its source is destroyed', async () => {
    const source = a.copy({ [TEXT]: 'short-lived' });
    await a.c.sync();
    a.events.splice(0);
    source.destroy();
    await a.c.sync();
    assert.deepEqual(a.events.splice(0), ['selection null']);
    assert.equal(selectionsOf(t.exo).owner(), 'none');
  });

  it('refuses set_selection with a serial that is not a recent input event of the client', async () => {
    a.copy({ [TEXT]: 'sneaky' }, a.enterSerial + 12345);
    await a.c.sync();
    assert.deepEqual(a.events.splice(0), ['cancelled']);
    // B never got input with A's serial either.
    b.copy({ [TEXT]: 'sneaky' }, a.enterSerial);
    await b.c.sync();
    assert.ok(b.events.includes('cancelled'));
    assert.equal(selectionsOf(t.exo).owner(), 'none');
  });

  it('posts a protocol error for bad set_actions to that client only', async () => {
    const bad = await ClipboardClient.create(t);
    const source = bad.manager.createDataSource();
    source.setActions(0x40);
    await assert.rejects(bad.c.conn.roundtrip(), /invalid_action_mask|not a dnd_action mask/);
    const twice = await ClipboardClient.create(t);
    const s2 = twice.manager.createDataSource();
    s2.setActions(1);
    s2.setActions(1);
    await assert.rejects(twice.c.conn.roundtrip(), /once only/);
    const dndAsSelection = await ClipboardClient.create(t);
    const s3 = dndAsSelection.manager.createDataSource();
    s3.setActions(1);
    dndAsSelection.device.setSelection(s3, 1);
    await assert.rejects(dndAsSelection.c.conn.roundtrip(), /drag-and-drop source cannot be the selection/);
    // Everyone else is fine.
    a.copy({ [TEXT]: 'still works' });
    await a.c.sync();
    assert.equal(await a.paste(), 'still works');
  });

  it('leaks no fd over copies, pastes, revoked offers and host reads', async () => {
    const openFds = () => fs.readdirSync('/proc/self/fd').length;
    t.exo.seat.setKeyboardFocus(wa.surface);
    await a.c.sync();
    const before = openFds();
    for (let i = 0; i < 5; i++) {
      a.copy({ [TEXT]: `round ${i}` });
      await a.c.sync();
      assert.equal(await a.paste(), `round ${i}`);
      const stale = a.selection;
      t.exo.seat.setKeyboardFocus(wb.surface);
      await a.c.sync();
      assert.equal(await a.paste(TEXT, stale), '');
      const p = selectionsOf(t.exo).readSelection(TEXT);
      await a.c.sync();
      assert.equal((await p).toString(), `round ${i}`);
      selectionsOf(t.exo).setHostSelection({ [TEXT]: 'host' });
      await b.c.sync();
      assert.equal(await b.paste(), 'host');
      t.exo.seat.setKeyboardFocus(wa.surface);
      await a.c.sync();
    }
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(openFds(), before);
  });

  it('finish and set_actions on a selection offer are protocol errors', async () => {
    const c = await ClipboardClient.create(t);
    const w = await c.c.window(400, 0);
    t.exo.seat.setKeyboardFocus(w.surface);
    await c.c.sync();
    assert.ok(c.selection);
    c.selection.finish();
    await assert.rejects(c.c.conn.roundtrip(), /finish on a selection offer/);
  });
});

describe('data device: primary selection', () => {
  let t: TestExo;

  before(async () => {
    t = await startTestExo();
  });

  after(() => t.stop());

  it('works like the clipboard, focus-gated', async () => {
    const mk = async () => {
      const c = await TestClient.connect(t);
      let enter = 0;
      c.seat.getKeyboard().on({ enter: (s) => (enter = s) });
      const mgr = c.bind(ZwpPrimarySelectionDeviceManagerV1Proxy, 1);
      const dev = mgr.getDevice(c.seat);
      const state = {
        offer: null as ZwpPrimarySelectionOfferV1Proxy | null,
        types: [] as string[],
        enter: () => enter,
      };
      dev.on({
        dataOffer: (o) => {
          state.types = [];
          o.on({ offer: (m) => state.types.push(m) });
        },
        selection: (o) => (state.offer = o),
      });
      const w = await c.window(0, 0);
      return { c, mgr, dev, state, w };
    };
    const a = await mk();
    const b = await mk();
    t.exo.seat.setKeyboardFocus(a.w.surface);
    await a.c.sync();
    const src = a.mgr.createSource();
    src.offer('text/plain');
    src.on({ send: (_m, fd) => void writeAllAndClose(fd, Buffer.from('primary!')) });
    a.dev.setSelection(src, a.state.enter());
    await a.c.sync();
    assert.equal(b.state.offer, null);
    t.exo.seat.setKeyboardFocus(b.w.surface);
    await b.c.sync();
    assert.deepEqual(b.state.types, ['text/plain']);
    const [r, w] = pipe(true);
    b.state.offer!.receive('text/plain', w);
    closeFd(w);
    await b.c.sync();
    await a.c.sync();
    assert.equal((await readAllAndClose(r)).toString(), 'primary!');
    const readP = selectionsOf(t.exo).readSelection('text/plain', { kind: 'primary' });
    await a.c.sync();
    assert.equal((await readP).toString(), 'primary!');
    a.c.close();
    b.c.close();
  });
});
