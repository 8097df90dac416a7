import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  configureWindow,
  decodeXprotoEvent,
  encodeClientMessageEvent,
  internAtom,
  readGetPropertyReply,
} from '../../../protos/gen/x11/xproto.js';
import { data32 } from './client-message.js';
import { motifDecorated, sizeHints, wmHints } from './properties.js';
import { XDecodeError, XReader, XWriter, type XExtension, type XRequester } from './x-codec.js';

/** Records requests as the connection would send them (length patched, padded to 4). */
class Recorder implements XRequester {
  readonly out = new XWriter();
  readonly sent: Buffer[] = [];
  begin(opcode: number, data: number): XWriter {
    this.out.start = this.out.length;
    this.out.u8(opcode);
    this.out.u8(data);
    this.out.u16(0);
    return this.out;
  }
  beginExt(_ext: XExtension, minor: number): XWriter {
    return this.begin(200, minor);
  }
  send(w: XWriter): number {
    w.align(4);
    w.buf.writeUInt16LE((w.length - w.start) / 4, w.start + 2);
    this.sent.push(w.take());
    return this.sent.length;
  }
  sendWithReply<T>(w: XWriter): Promise<T> {
    this.send(w);
    return new Promise(() => {});
  }
}

describe('X11 codec and generated bindings', () => {
  test('InternAtom: data byte, derived name length, padding', () => {
    const r = new Recorder();
    void internAtom(r, { onlyIfExists: true, name: 'WM_S0' });
    assert.deepEqual([...r.sent[0]!], [16, 1, 4, 0, 5, 0, 0, 0, ...Buffer.from('WM_S0'), 0, 0, 0]);
  });

  test('ConfigureWindow: the value mask follows the values given, in bit order', () => {
    const r = new Recorder();
    configureWindow(r, { window: 0x400001, valueList: { height: 300, x: -5 } });
    const b = r.sent[0]!;
    assert.equal(b.readUInt16LE(2), 5); // 20 bytes
    assert.equal(b.readUInt32LE(4), 0x400001);
    assert.equal(b.readUInt16LE(8), 1 | 8);
    assert.equal(b.readInt32LE(12), -5);
    assert.equal(b.readUInt32LE(16), 300);
  });

  test('a ClientMessage survives encoding and decoding', () => {
    const data = Buffer.alloc(20);
    data.writeUInt32LE(42, 0);
    const bytes = encodeClientMessageEvent({ format: 32, window: 7, type: 99, data });
    assert.equal(bytes.length, 32);
    const e = decodeXprotoEvent(33, new XReader(bytes));
    assert.equal(e?.kind, 'ClientMessage');
    if (e?.kind !== 'ClientMessage') return;
    assert.deepEqual([e.window, e.type, e.format, e.synthetic], [7, 99, 32, false]);
    assert.deepEqual(data32(e.data), [42, 0, 0, 0, 0]);
  });

  test('a GetProperty reply: format in byte 1, value length from its fields', () => {
    const reply = Buffer.alloc(32 + 8);
    reply[0] = 1;
    reply[1] = 32;
    reply.writeUInt32LE(2, 4);
    reply.writeUInt32LE(6, 8); // type CARDINAL
    reply.writeUInt32LE(2, 16); // value_len
    reply.writeUInt32LE(0x11, 32);
    reply.writeUInt32LE(0x22, 36);
    const p = readGetPropertyReply(new XReader(reply));
    assert.deepEqual([p.format, p.type, p.valueLen, p.value.length], [32, 6, 2, 8]);
  });

  test('short messages are a decode error, not garbage', () => {
    assert.throws(() => readGetPropertyReply(new XReader(Buffer.alloc(20))), XDecodeError);
  });

  test('ICCCM and Motif hints', () => {
    const prop = (values: number[]) => {
      const value = Buffer.alloc(values.length * 4);
      values.forEach((v, i) => value.writeUInt32LE(v >>> 0, i * 4));
      return { format: 32, type: 0, bytesAfter: 0, valueLen: values.length, value };
    };
    assert.deepEqual(wmHints(prop([1, 0])), { input: false, urgent: false });
    assert.deepEqual(wmHints(prop([])), { input: true, urgent: false });
    const normal = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    normal[0] = (1 << 4) | (1 << 5);
    normal[5] = 200;
    normal[6] = 100;
    normal[7] = 800;
    normal[8] = 600;
    assert.deepEqual(sizeHints(prop(normal)), {
      minWidth: 200,
      minHeight: 100,
      maxWidth: 800,
      maxHeight: 600,
    });
    assert.equal(motifDecorated(prop([2, 0, 0, 0, 0])), false);
    assert.equal(motifDecorated(prop([1, 0, 0, 0, 0])), true);
  });
});
