import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceEvents, HostOffer, HostSelectionChannel } from './host-selection-channel.js';
import { SelectionLink } from './x-selection-link.js';

/** A host selection channel that records what the link asks of it. */
function fakeChannel() {
  const published: Array<{
    mimes: readonly string[];
    serial: number;
    events: SourceEvents;
    destroyed: boolean;
  }> = [];
  const channel: HostSelectionChannel = {
    onSelection: () => {},
    publish(mimes, serial, events) {
      const entry = { mimes, serial, events, destroyed: false };
      published.push(entry);
      return { destroy: () => (entry.destroyed = true) };
    },
  };
  return { channel, published };
}

function offer(mimes: string[]): HostOffer & { destroyed: boolean } {
  return {
    mimeTypes: mimes,
    destroyed: false,
    receive() {},
    destroy() {
      this.destroyed = true;
    },
  };
}

const xSource = (log: string[]) => ({
  mimeTypes: ['text/plain;charset=utf-8'],
  send: () => log.push('send'),
  cancelled: () => log.push('cancelled'),
});

describe('SelectionLink (X selections on Xwayland’s host connection)', () => {
  it('offers the host selection to X, and the next one, destroying the old offer', () => {
    const { channel } = fakeChannel();
    const link = new SelectionLink('clipboard', channel, { serial: 5 });
    const seen: Array<readonly string[] | null> = [];
    link.watch((o) => seen.push(o ? o.mimeTypes : null));
    assert.deepEqual(seen, [null], 'the current one (none) at once');
    const a = offer(['text/plain']);
    channel.onSelection(a);
    const b = offer(['image/png']);
    channel.onSelection(b);
    assert.deepEqual(seen, [null, ['text/plain'], ['image/png']]);
    assert.ok(a.destroyed);
    assert.ok(!b.destroyed);
  });

  it('publishes an X selection with the latest input serial and ignores it coming back', () => {
    const { channel, published } = fakeChannel();
    const serial = { serial: 7 as number | null };
    const link = new SelectionLink('primary', channel, serial);
    const seen: unknown[] = [];
    link.watch((o) => seen.push(o));
    seen.length = 0;
    const log: string[] = [];
    link.set(xSource(log));
    assert.equal(published.length, 1);
    assert.equal(published[0]!.serial, 7);
    channel.onSelection(offer(['text/plain;charset=utf-8'])); // our own, announced back
    assert.deepEqual(seen, []);
    // Another client replaces it: the host cancels ours first, then offers the new one.
    published[0]!.events.cancelled();
    assert.deepEqual(log, ['cancelled']);
    assert.ok(published[0]!.destroyed);
    channel.onSelection(offer(['text/html']));
    assert.equal(seen.length, 1);
  });

  it('keeps an X selection in X before any X window had input, and replaces sources in order', () => {
    const { channel, published } = fakeChannel();
    const serial = { serial: null as number | null };
    const link = new SelectionLink('clipboard', channel, serial);
    link.set(xSource([]));
    assert.equal(published.length, 0);
    serial.serial = 9;
    link.set(xSource([]));
    link.set(xSource([]));
    assert.equal(published.length, 2);
    assert.ok(published[0]!.destroyed, 'the older source goes once the new one is set');
    assert.ok(!published[1]!.destroyed);
    link.set(null);
    assert.ok(published[1]!.destroyed, 'X gave it up');
  });
});
