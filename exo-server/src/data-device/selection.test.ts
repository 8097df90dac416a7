import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Client } from '../../../compositor/src/server/client.js';
import type { SeatApi } from '../seat/seat-api.js';
import type { Surface } from '../surface/surface.js';
import type { DataSource } from './data-source.js';
import { Selection, type SelectionDevice } from './selection.js';

/** Just enough of a seat: keyboard focus and its listeners. */
function fakeSeat() {
  const listeners: Array<(s: Surface | null) => void> = [];
  const seat = {
    keyboardFocus: null as Surface | null,
    onKeyboardFocusChanged: (cb: (s: Surface | null) => void) => {
      listeners.push(cb);
      return () => {};
    },
    focus(s: Surface | null) {
      seat.keyboardFocus = s;
      for (const cb of listeners) cb(s);
    },
  };
  return seat;
}

function surfaceOf(client: object): Surface {
  return { destroyed: false, resource: { client } } as unknown as Surface;
}

function fakeSource(name: string, log: string[]): DataSource & { kill(): void } {
  const destroyListeners: Array<() => void> = [];
  return {
    client: null,
    mimeTypes: [name],
    dndActions: 0,
    destroyed: false,
    used: null,
    send: () => {},
    cancel: () => log.push(`${name} cancelled`),
    target: () => {},
    action: () => {},
    dropPerformed: () => {},
    dndFinished: () => {},
    onDestroy: (cb) => {
      destroyListeners.push(cb);
      return () => destroyListeners.splice(destroyListeners.indexOf(cb), 1);
    },
    kill() {
      (this as { destroyed: boolean }).destroyed = true;
      for (const cb of [...destroyListeners]) cb();
    },
  };
}

describe('Selection', () => {
  const setup = () => {
    const log: string[] = [];
    const seat = fakeSeat();
    const clients = { a: {}, b: {} };
    const devices = new Map<object, SelectionDevice[]>();
    for (const [name, c] of Object.entries(clients)) {
      devices.set(c, [
        {
          offerSelection: (s) => {
            log.push(`${name} <- ${s ? s.mimeTypes[0] : 'null'}`);
            return { deactivate: () => log.push(`${name} revoked`) };
          },
        },
      ]);
    }
    const sel = new Selection('clipboard', seat as unknown as SeatApi, (c: Client) => devices.get(c) ?? []);
    return { log, seat, clients, sel };
  };

  it('offers only to the focused client, on focus change and on selection change', () => {
    const { log, seat, clients, sel } = setup();
    sel.set(fakeSource('one', log), 1);
    assert.deepEqual(log.splice(0), [], 'nobody focused');
    seat.focus(surfaceOf(clients.a));
    assert.deepEqual(log.splice(0), ['a <- one']);
    sel.set(fakeSource('two', log), 2);
    assert.deepEqual(log.splice(0), ['one cancelled', 'a revoked', 'a <- two']);
    seat.focus(surfaceOf(clients.b));
    assert.deepEqual(log.splice(0), ['a revoked', 'b <- two']);
    seat.focus(null);
    assert.deepEqual(log.splice(0), ['b revoked']);
  });

  it('refuses a set with an older serial and clears when the source dies', () => {
    const { log, seat, clients, sel } = setup();
    seat.focus(surfaceOf(clients.a));
    const s5 = fakeSource('five', log);
    sel.set(s5, 5);
    log.splice(0);
    sel.set(fakeSource('three', log), 3);
    assert.deepEqual(log.splice(0), ['three cancelled']);
    assert.equal(sel.source, s5);
    s5.kill();
    assert.deepEqual(log.splice(0), ['a revoked', 'a <- null']);
    assert.equal(sel.source, null);
  });

  it('tells a new device of the focused client at once', () => {
    const { log, seat, clients, sel } = setup();
    sel.set(fakeSource('x', log), 1);
    seat.focus(surfaceOf(clients.a));
    log.splice(0);
    sel.deviceAdded(clients.b as Client, { offerSelection: () => (log.push('b new'), null) });
    sel.deviceAdded(clients.a as Client, { offerSelection: () => (log.push('a new'), null) });
    assert.deepEqual(log, ['a new']);
  });
});
