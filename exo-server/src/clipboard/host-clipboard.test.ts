import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostData } from '../data-device/host-source.js';
import type { SelectionKind, Selections } from '../data-device/selections.js';
import { ClipboardError, HostClipboard, type ClipboardSnapshot } from './host-clipboard.js';
import { HOST_HTML, HOST_TEXT } from './mime.js';
import { SHARE_NOTHING } from './uri-list.js';

/** Just enough of Selections: who owns it, what a guest offers, and a log of host sets. */
function fakeSelections() {
  const listeners: Array<(k: SelectionKind) => void> = [];
  const f = {
    owner: 'none' as 'client' | 'host' | 'none',
    guestData: new Map<string, Buffer>(),
    /** Reads wait for this (a slow guest). */
    gate: Promise.resolve(),
    signals: [] as AbortSignal[],
    hostSets: [] as string[][],
    changed(): void {
      for (const cb of listeners) cb('clipboard');
    },
    guestCopies(data: Record<string, string>): void {
      f.owner = 'client';
      f.guestData = new Map(Object.entries(data).map(([k, v]) => [k, Buffer.from(v)]));
      f.changed();
    },
    api: {
      onSelectionChanged: (cb: (k: SelectionKind) => void) => (listeners.push(cb), () => {}),
      owner: () => f.owner,
      mimeTypes: () => (f.owner === 'client' ? [...f.guestData.keys()] : []),
      readSelectionBytes: async (mime: string, opts: { signal?: AbortSignal }) => {
        f.signals.push(opts.signal!);
        await f.gate;
        if (opts.signal?.aborted) throw new Error('stopped');
        return f.guestData.get(mime)!;
      },
      setHostSelection: (offers: Array<[string, HostData]>) => {
        f.hostSets.push(offers.map(([m]) => m));
        f.owner = 'host';
        f.changed();
      },
      clearSelection: () => {
        f.owner = 'none';
        f.changed();
      },
    },
  };
  return f;
}

function setup() {
  const f = fakeSelections();
  const logs: string[] = [];
  const clip = new HostClipboard(f.api as unknown as Selections, 'clipboard', {
    maxBytes: 1 << 20,
    timeoutMs: 1000,
    pathMapper: () => SHARE_NOTHING,
    log: (m) => logs.push(m),
  });
  const changes: ClipboardSnapshot[] = [];
  clip.onChange((s) => changes.push(s));
  return { f, clip, changes, logs };
}

const text = (s: ClipboardSnapshot): string | undefined => s.items.get(HOST_TEXT)?.toString();

describe('HostClipboard', () => {
  it('set offers the host text to the guest and reports the change once', async () => {
    const { f, clip, changes } = setup();
    const s = await clip.set([{ mime: 'text/plain;charset=utf-16', bytes: Buffer.from('日本', 'utf16le') }]);
    assert.equal(s.owner, 'host');
    assert.equal(text(s), '日本');
    assert.deepEqual(f.hostSets, [
      [HOST_TEXT, 'UTF8_STRING', 'text/plain;charset=utf-16', 'text/plain', 'TEXT'],
    ]);
    assert.equal(changes.length, 1, 'its own selection change is not taken for a guest copy');
    await assert.rejects(clip.set([{ mime: 'application/x-thing', bytes: Buffer.from('x') }]), (e) => {
      assert.ok(e instanceof ClipboardError && e.unsupported);
      return true;
    });
    assert.equal(text(clip.current), '日本', 'a refused set changes nothing');
  });

  it('reads a guest copy eagerly and tells listeners when it is read', async () => {
    const { f, clip, changes } = setup();
    f.guestCopies({ 'text/plain;charset=utf-8': 'copied', 'text/html': '<i>copied</i>' });
    assert.equal(clip.current.owner, 'guest');
    const s = await clip.settled();
    assert.equal(text(s), 'copied');
    assert.equal(s.items.get(HOST_HTML)?.toString(), '<i>copied</i>');
    assert.ok(s.readMs !== undefined && s.readMs >= 0);
    assert.deepEqual(
      changes.map((c) => c.owner),
      ['guest'],
    );
    assert.equal(clip.payload('UTF8_STRING')?.data.toString(), 'copied', 'aliases of the host set');
  });

  it('stops reading a guest copy that another one replaced', async () => {
    const { f, clip } = setup();
    let open!: () => void;
    f.gate = new Promise((r) => (open = r));
    f.guestCopies({ 'text/plain;charset=utf-8': 'first' });
    f.guestCopies({ 'text/plain;charset=utf-8': 'second' });
    assert.equal(f.signals[0]!.aborted, true);
    open();
    assert.equal(text(await clip.settled()), 'second');
  });

  it('a paste gesture keeps the guest selection when the browser holds what the guest copied', async () => {
    const { f, clip } = setup();
    f.guestCopies({ 'text/plain;charset=utf-8': 'same', 'application/x-rich': 'rich' });
    await clip.settled();
    await clip.pasteGesture([{ mime: 'text/plain', bytes: Buffer.from('same') }]);
    assert.equal(clip.current.owner, 'guest');
    assert.deepEqual(f.hostSets, []);
    await clip.pasteGesture([{ mime: 'text/plain', bytes: Buffer.from('other') }]);
    assert.equal(clip.current.owner, 'host');
    assert.equal(text(clip.current), 'other');
  });

  it('a paste gesture without items offers the host clipboard again', async () => {
    const { f, clip } = setup();
    await clip.pasteGesture(); // nothing held: nothing offered
    assert.deepEqual(f.hostSets, []);
    await clip.set([
      { mime: 'text/uri-list', bytes: Buffer.from('https://example.com/\r\nfile:///home/me/x\r\n') },
    ]);
    await clip.pasteGesture();
    assert.deepEqual(f.hostSets, [['text/uri-list'], ['text/uri-list']], 'a fresh offer each time');
    assert.equal(clip.current.dropped.length, 1, 'the unshared file is noted once');
  });
});
