// The clipboard between two guest clients through sommelier and exo: one sets the selection
// with its keyboard focus serial, the other gets the offer when it is focused and reads the
// data through a pipe that passes sommelier as an fd, both ways.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import { closeFd } from '../../compositor/src/native/libc.js';
import { pipe, readFd } from '../../compositor/src/native/shared-memory.js';
import {
  WlDataDeviceManagerProxy,
  WlSeatProxy,
  type WlDataDeviceProxy,
  type WlDataOfferProxy,
} from '../../protos/gen/client/wayland.js';
import { startExoProcess, type ExoProcess } from '../harness/exo-fixture.js';
import { waitFor } from '../harness/poll.js';
import { TestClient } from '../harness/wayland-test-client.js';
import { startSommelierProcess, type SommelierRun } from './sommelier-fixture.js';

let exo: ExoProcess;
let som: SommelierRun;

before(async () => {
  exo = await startExoProcess();
  som = await startSommelierProcess(exo.runtimeDir, exo.wayland, ['--scale', '2']);
});

after(async () => {
  await som?.stop();
  await exo?.stop();
});

interface Guest {
  c: TestClient;
  device: WlDataDeviceProxy;
  manager: WlDataDeviceManagerProxy;
  enterSerial: number | null;
  selection: WlDataOfferProxy | null;
  mimes: Map<WlDataOfferProxy, string[]>;
}

/** A guest with a window, a keyboard and a data device, focused by a click on its window. */
async function focusedGuest(title: string): Promise<Guest> {
  const c = await TestClient.connect(som.socket);
  const seat = c.bind(WlSeatProxy);
  const manager = c.bind(WlDataDeviceManagerProxy);
  const g: Guest = {
    c,
    manager,
    device: manager.getDataDevice(seat),
    enterSerial: null,
    selection: null,
    mimes: new Map(),
  };
  seat.getKeyboard().on({ enter: (serial) => (g.enterSerial = serial) });
  g.device.on({
    dataOffer: (offer) => {
      const list: string[] = [];
      g.mimes.set(offer, list);
      offer.on({ offer: (m) => list.push(m) });
    },
    selection: (offer) => (g.selection = offer),
  });
  await c.toplevel({ title, width: 80, height: 60 });
  const win = await exo.waitForWindow((w) => w.title === title);
  await exo.input({ type: 'click', x: win.x + 10, y: win.y + 10 });
  await waitFor(`${title} to get keyboard focus`, async () => (await c.roundtrip(), g.enterSerial !== null));
  return g;
}

test('copy in one guest client, paste in another, through sommelier', async () => {
  const a = await focusedGuest('copy-from');
  const source = a.manager.createDataSource();
  source.offer('text/plain;charset=utf-8');
  source.on({
    send: (_mime, fd) => {
      fs.writeSync(fd, 'through the relay');
      closeFd(fd);
    },
  });
  a.device.setSelection(source, a.enterSerial!);
  await a.c.roundtrip();

  const b = await focusedGuest('paste-into');
  try {
    const offer = await waitFor('the selection offer in the other client', async () => {
      await b.c.roundtrip();
      return b.selection ?? undefined;
    });
    assert.deepEqual(b.mimes.get(offer), ['text/plain;charset=utf-8']);
    const [readEnd, writeEnd] = pipe(true);
    offer.receive('text/plain;charset=utf-8', writeEnd);
    closeFd(writeEnd);
    await b.c.roundtrip();
    // The source answers on its own connection: let both sides run until the pipe closes.
    const chunks: Buffer[] = [];
    await waitFor('the pasted text', async () => {
      await Promise.all([a.c.roundtrip(), b.c.roundtrip()]);
      const buf = Buffer.alloc(256);
      // Non-blocking: -1 is "nothing yet", 0 the end of the data.
      const n = readFd(readEnd, buf);
      if (n > 0) chunks.push(buf.subarray(0, n));
      return n === 0;
    });
    closeFd(readEnd);
    assert.equal(Buffer.concat(chunks).toString(), 'through the relay');
  } finally {
    a.c.close();
    b.c.close();
  }
});
