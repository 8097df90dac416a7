import * as net from 'node:net';
import { queryExtension, readSetup, type Setup } from '../../../protos/gen/x11/xproto.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import { XReader, XWriter, type XExtension, type XRequester } from './x-codec.js';

const trace = debugEnabled('x11');

/** An X error, as a reply's promise rejects with or `onError` reports. */
export class XProtocolError extends Error {
  override readonly name = 'XProtocolError';
  constructor(
    readonly code: number,
    readonly badValue: number,
    readonly major: number,
    readonly minor: number,
    readonly sequence: number,
  ) {
    super(`X error ${code} (request ${major}.${minor}, value 0x${badValue.toString(16)})`);
  }
}

/** An extension as the server numbered it (QueryExtension). */
export interface ExtensionInfo {
  major: number;
  firstEvent: number;
  firstError: number;
}

interface Pending {
  seq: number;
  read: (r: XReader) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Largest request the core protocol allows without BIG-REQUESTS: 65535 words. */
export const MAX_REQUEST_BYTES = 65535 * 4;

/**
 * A client connection to an X server (our window manager's, on the `-wm` socket): the setup
 * handshake, requests written into one output buffer and flushed once per turn, replies
 * matched to their requests by sequence number, errors and events handed to listeners.
 * Nothing waits synchronously: replies are promises.
 */
export class XConnection implements XRequester {
  setup!: Setup;
  private readonly out = new XWriter();
  private seq = 0;
  private readonly pending: Pending[] = [];
  private inbuf: Buffer = Buffer.alloc(0);
  private nextId = 0;
  private flushQueued = false;
  private closed = false;
  private readonly extensions = new Map<string, ExtensionInfo>();
  onEvent: (code: number, r: XReader) => void = () => {};
  onError: (e: XProtocolError) => void = (e) => trace && debugLog('x11', e.message);
  private closeListeners: Array<(why: string) => void> = [];

  private constructor(private readonly socket: net.Socket) {}

  /** Connects over an already connected socket fd (we own it) and completes the handshake. */
  static async open(fd: number): Promise<XConnection> {
    const socket = new net.Socket({ fd, readable: true, writable: true });
    const c = new XConnection(socket);
    await c.handshake();
    return c;
  }

  private handshake(): Promise<void> {
    return new Promise((resolve, reject) => {
      const hello = Buffer.alloc(12);
      hello[0] = 0x6c; // 'l': little-endian
      hello.writeUInt16LE(11, 2);
      this.socket.write(hello);
      let buf = Buffer.alloc(0);
      const fail = (why: string) => {
        this.socket.destroy();
        reject(new Error(`X connection setup failed: ${why}`));
      };
      const onData = (chunk: Buffer): void => {
        buf = Buffer.concat([buf, chunk]);
        if (buf.length < 8) return;
        const total = 8 + buf.readUInt16LE(6) * 4;
        if (buf.length < total) return;
        this.socket.off('data', onData);
        this.socket.off('close', onClose);
        if (buf[0] !== 1) return fail(`status ${buf[0]}: ${buf.subarray(8, 8 + buf[1]!).toString('latin1')}`);
        this.setup = readSetup(new XReader(buf.subarray(0, total)));
        this.start(buf.subarray(total));
        resolve();
      };
      const onClose = (): void => fail('the server closed the connection');
      this.socket.on('data', onData);
      this.socket.on('close', onClose);
      this.socket.on('error', () => {}); // 'close' follows
    });
  }

  private start(rest: Buffer): void {
    this.socket.on('data', (chunk: Buffer) => this.received(chunk));
    this.socket.on('close', () => this.lost('the X server closed the connection'));
    if (rest.length > 0) this.received(rest);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A new resource id (window, pixmap...). */
  generateId(): number {
    const { resourceIdBase: base, resourceIdMask: mask } = this.setup;
    const step = mask & -mask;
    const id = base | ((this.nextId++ * step) & mask);
    return id >>> 0;
  }

  /** Asks the server for an extension's numbers; resolves null when it does not have it. */
  async initExtension(ext: XExtension): Promise<ExtensionInfo | null> {
    const r = await queryExtension(this, { name: ext.xname });
    if (!r.present) return null;
    const info = { major: r.majorOpcode, firstEvent: r.firstEvent, firstError: r.firstError };
    this.extensions.set(ext.xname, info);
    return info;
  }

  extension(ext: XExtension): ExtensionInfo | undefined {
    return this.extensions.get(ext.xname);
  }

  // --- XRequester ---------------------------------------------------------------------------

  begin(opcode: number, data: number): XWriter {
    const w = this.out;
    w.start = w.length;
    w.u8(opcode);
    w.u8(data);
    w.u16(0);
    return w;
  }

  beginExt(ext: XExtension, minor: number): XWriter {
    const info = this.extensions.get(ext.xname);
    if (!info) throw new Error(`X extension ${ext.xname} was not initialized`);
    return this.begin(info.major, minor);
  }

  send(w: XWriter): number {
    w.align(4);
    const size = w.length - w.start;
    if (size > MAX_REQUEST_BYTES) {
      w.length = w.start;
      throw new Error(`X request of ${size} bytes is larger than ${MAX_REQUEST_BYTES}`);
    }
    w.buf.writeUInt16LE(size / 4, w.start + 2);
    this.seq++;
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
    return this.seq;
  }

  sendWithReply<T>(w: XWriter, read: (r: XReader) => T): Promise<T> {
    const seq = this.send(w);
    if (this.closed) return Promise.reject(new Error('the X connection is closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ seq, read, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  /** Writes what was queued now. */
  flush(): void {
    this.flushQueued = false;
    if (this.out.length === 0) return;
    const bytes = this.out.take();
    if (!this.closed) this.socket.write(bytes);
  }

  // --- input --------------------------------------------------------------------------------

  private received(chunk: Buffer): void {
    let buf = this.inbuf.length > 0 ? Buffer.concat([this.inbuf, chunk]) : chunk;
    let off = 0;
    while (buf.length - off >= 32) {
      const type = buf[off]!;
      // Replies and generic events carry extra length in 4-byte units.
      const size = type === 1 || (type & 0x7f) === 35 ? 32 + buf.readUInt32LE(off + 4) * 4 : 32;
      if (buf.length - off < size) break;
      const msg = buf.subarray(off, off + size);
      off += size;
      try {
        this.dispatch(msg);
      } catch (e) {
        // A listener's bug must not stall the stream: report it and go on.
        process.stderr.write(`xwayland-bridge: error handling an X message: ${(e as Error).stack}\n`);
      }
    }
    buf = buf.subarray(off);
    this.inbuf = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
  }

  private dispatch(msg: Buffer): void {
    const type = msg[0]!;
    const seq16 = msg.readUInt16LE(2);
    if (type === 0) {
      const err = new XProtocolError(msg[1]!, msg.readUInt32LE(4), msg[10]!, msg.readUInt16LE(8), seq16);
      const head = this.pending[0];
      if (head && (head.seq & 0xffff) === seq16) {
        this.pending.shift();
        head.reject(err);
      } else this.onError(err);
      return;
    }
    if (type === 1) {
      const head = this.pending[0];
      if (!head || (head.seq & 0xffff) !== seq16) {
        process.stderr.write(`xwayland-bridge: X reply for unknown request ${seq16}\n`);
        return;
      }
      this.pending.shift();
      try {
        head.resolve(head.read(new XReader(msg)));
      } catch (e) {
        head.reject(e as Error);
      }
      return;
    }
    this.onEvent(type & 0x7f, new XReader(msg));
  }

  onClose(cb: (why: string) => void): void {
    this.closeListeners.push(cb);
  }

  private lost(why: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(new Error(why));
    for (const cb of this.closeListeners) cb(why);
  }

  close(): void {
    this.flush();
    this.lost('closed');
    this.socket.destroy();
  }
}
