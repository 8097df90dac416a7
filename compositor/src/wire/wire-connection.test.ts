import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryTransport } from '../testing/memory-transport.js';
import { WireConnection, type MessageSink } from './wire-connection.js';
import type { WireReader } from './wire-reader.js';

class Recorder implements MessageSink {
  messages: Array<{ id: number; opcode: number; size: number; args: number[]; fds: number[] }> = [];
  closedWith: Error | null | undefined = undefined;
  fdsPerMessage = 0;
  message(id: number, opcode: number, size: number, r: WireReader): void {
    const args: number[] = [];
    while (r.remaining() > 0) args.push(r.uint());
    const fds: number[] = [];
    for (let i = 0; i < this.fdsPerMessage; i++) fds.push(r.fd());
    this.messages.push({ id, opcode, size, args, fds });
  }
  batchDone(): void {}
  closed(reason: Error | null): void {
    this.closedWith = reason;
  }
}

function setup(): {
  a: WireConnection;
  b: WireConnection;
  ta: MemoryTransport;
  tb: MemoryTransport;
  rb: Recorder;
} {
  const [ta, tb] = MemoryTransport.pair();
  const ra = new Recorder();
  const rb = new Recorder();
  const a = new WireConnection(ta, ra);
  const b = new WireConnection(tb, rb);
  a.start();
  b.start();
  return { a, b, ta, tb, rb };
}

describe('WireConnection framing', () => {
  it('reassembles messages split across reads', () => {
    const { a, ta, tb, rb } = setup();
    ta.sendCap = 5; // every send moves 5 bytes at most
    for (let i = 0; i < 3; i++) {
      a.writer.begin(10 + i, i);
      a.writer.uint(i * 100);
      a.writer.finish();
    }
    while (a.writer.pending > 0) {
      a.flush();
      tb.pump();
    }
    assert.deepEqual(
      rb.messages.map((m) => [m.id, m.opcode, m.args[0]]),
      [
        [10, 0, 0],
        [11, 1, 100],
        [12, 2, 200],
      ],
    );
  });

  it('never sends more than 28 fds at once and cuts before the message owning fd 29', () => {
    const { a, ta, tb, rb } = setup();
    rb.fdsPerMessage = 1;
    for (let i = 0; i < 100; i++) {
      a.writer.begin(1, 0);
      a.writer.fd(1000 + i);
      a.writer.finish();
    }
    a.flush();
    tb.pump();
    assert.ok(ta.sendCalls.every((c) => c.fds <= 28));
    assert.equal(ta.sendCalls[0]!.bytes, 28 * 8);
    assert.equal(rb.messages.length, 100);
    assert.deepEqual(
      rb.messages.map((m) => m.fds[0]),
      Array.from({ length: 100 }, (_, i) => 1000 + i),
    );
    // our copies of the sent fds were closed after sending
    assert.equal(ta.closedFds.length, 100);
  });

  it('keeps output queued while the peer is full and sends it when writable', () => {
    const { a, ta, tb, rb } = setup();
    ta.blocked = true;
    a.writer.begin(1, 0);
    a.writer.finish();
    assert.equal(a.flush(), false);
    assert.equal(a.writer.pending, 8);
    ta.unblock();
    tb.pump();
    assert.equal(rb.messages.length, 1);
  });

  for (const [what, word] of [
    ['a size below 8', 4 << 16],
    ['a size not a multiple of 4', 10 << 16],
    ['a size above 4096', 0xfff0 << 16],
  ] as const) {
    it(`drops a peer that sends ${what}`, () => {
      const { a, tb, rb } = setup();
      a.writer.begin(1, 0);
      a.writer.finish();
      a.writer.buf.writeUInt32LE(word >>> 0, 4);
      a.flush();
      tb.pump();
      assert.equal(rb.messages.length, 0);
      assert.match(String(rb.closedWith), /invalid message size/);
    });
  }

  it('closes fds still queued when the connection closes', () => {
    const { a, b, tb } = setup();
    a.writer.begin(1, 0);
    a.writer.finish();
    a.transport.send(a.writer.buf, 0, 4, [77, 78]); // half a header plus two fds
    tb.pump();
    b.close();
    assert.deepEqual(tb.closedFds, [77, 78]);
  });
});
