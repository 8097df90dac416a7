import { closeFd } from '../../compositor/src/native/libc.js';
import { connectUnix, recvMsg, sendMsg } from '../../compositor/src/native/unix-socket.js';
import { WireWriter } from '../../compositor/src/wire/wire-writer.js';

/**
 * A hand-made Wayland client for robustness tests: it sends whatever bytes a test crafts (well
 * formed or not) over a plain unix socket and reads back the raw messages the server sends.
 */

export interface RawMessage {
  id: number;
  opcode: number;
  /** The arguments (the message without its 8-byte header). */
  body: Buffer;
}

export interface DisplayErrorEvent {
  objectId: number;
  code: number;
  message: string;
}

/** Encodes one well-formed message; `args` appends the arguments. */
export function encode(id: number, opcode: number, args: (w: WireWriter) => void = () => {}): Buffer {
  const w = new WireWriter();
  w.begin(id, opcode);
  args(w);
  w.finish();
  return Buffer.from(w.buf.subarray(w.start, w.end));
}

/** A header with any size field, followed by `body` (for malformed framing). */
export function rawHeader(id: number, opcode: number, size: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(8 + body.length);
  b.writeUInt32LE(id, 0);
  b.writeUInt32LE(((size << 16) | opcode) >>> 0, 4);
  body.copy(b, 8);
  return b;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class RawClient {
  readonly fd: number;
  private input = Buffer.alloc(0);
  private eof = false;
  private closed = false;
  readonly messages: RawMessage[] = [];
  /** Fds the server sent us (closed by `close`). */
  readonly receivedFds: number[] = [];

  constructor(socketPath: string) {
    this.fd = connectUnix(socketPath);
  }

  send(bytes: Buffer, fds: readonly number[] = []): void {
    let off = 0;
    while (off < bytes.length) {
      const n = sendMsg(this.fd, bytes, off, bytes.length - off, off === 0 ? fds : []);
      if (n < 0) throw new Error('raw client: socket full');
      off += n;
    }
  }

  /** Reads what is available now; returns false once the server closed the connection. */
  private pump(): boolean {
    const buf = Buffer.alloc(65536);
    for (;;) {
      let n: number;
      try {
        n = recvMsg(this.fd, buf, 0, buf.length, this.receivedFds);
      } catch {
        n = 0; // ECONNRESET and the like: the server is gone
      }
      if (n < 0) break;
      if (n === 0) {
        this.eof = true;
        break;
      }
      this.input = Buffer.concat([this.input, buf.subarray(0, n)]);
    }
    while (this.input.length >= 8) {
      const size = this.input.readUInt32LE(4) >>> 16;
      if (size < 8 || this.input.length < size) break;
      this.messages.push({
        id: this.input.readUInt32LE(0),
        opcode: this.input.readUInt32LE(4) & 0xffff,
        body: Buffer.from(this.input.subarray(8, size)),
      });
      this.input = this.input.subarray(size);
    }
    return !this.eof;
  }

  /** Waits until `pick` finds a message (checking every message received so far). */
  async waitFor<T>(pick: (m: RawMessage) => T | undefined, what: string, ms = 5000): Promise<T> {
    const deadline = Date.now() + ms;
    let seen = 0;
    for (;;) {
      const open = this.pump();
      for (; seen < this.messages.length; seen++) {
        const v = pick(this.messages[seen]!);
        if (v !== undefined) return v;
      }
      if (!open) throw new Error(`raw client: connection closed before ${what}`);
      if (Date.now() > deadline) throw new Error(`raw client: timed out waiting for ${what}`);
      await sleep(2);
    }
  }

  /** The wl_display.error the server sends before cutting us off. */
  waitError(ms = 5000): Promise<DisplayErrorEvent> {
    return this.waitFor(
      (m) => (m.id === 1 && m.opcode === 0 ? parseError(m.body) : undefined),
      'wl_display.error',
      ms,
    );
  }

  /** Resolves once the server closed the connection. */
  async waitClosed(ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.pump()) {
      if (Date.now() > deadline) throw new Error('raw client: the server did not close the connection');
      await sleep(2);
    }
  }

  /** wl_display.sync with callback id `callbackId`, then waits for its done. */
  async roundtrip(callbackId: number, ms = 5000): Promise<void> {
    this.send(encode(1, 0, (w) => w.newId(callbackId)));
    await this.waitFor(
      (m) => (m.id === callbackId && m.opcode === 0 ? true : undefined),
      'wl_callback.done',
      ms,
    );
  }

  /** wl_registry.global events received so far: interface name → {name, version}. */
  globals(registryId: number): Map<string, { name: number; version: number }> {
    const out = new Map<string, { name: number; version: number }>();
    for (const m of this.messages) {
      if (m.id !== registryId || m.opcode !== 0) continue;
      const name = m.body.readUInt32LE(0);
      const len = m.body.readUInt32LE(4);
      const iface = m.body.toString('utf8', 8, 8 + len - 1);
      const version = m.body.readUInt32LE(8 + ((len + 3) & ~3));
      out.set(iface, { name, version });
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeFd(this.fd);
    for (const fd of this.receivedFds) closeFd(fd);
    this.receivedFds.length = 0;
  }
}

export function parseError(body: Buffer): DisplayErrorEvent {
  const objectId = body.readUInt32LE(0);
  const code = body.readUInt32LE(4);
  const len = body.readUInt32LE(8);
  return { objectId, code, message: len > 0 ? body.toString('utf8', 12, 12 + len - 1) : '' };
}

/** Requests of the core protocol the tests craft, by hand. */
export const Req = {
  sync: (callbackId: number) => encode(1, 0, (w) => w.newId(callbackId)),
  getRegistry: (registryId: number) => encode(1, 1, (w) => w.newId(registryId)),
  bind: (registryId: number, name: number, iface: string, version: number, id: number) =>
    encode(registryId, 0, (w) => {
      w.uint(name);
      w.string(iface);
      w.uint(version);
      w.newId(id);
    }),
  createSurface: (compositorId: number, id: number) => encode(compositorId, 0, (w) => w.newId(id)),
  /** wl_shm.create_pool: its fd must travel with the bytes (SCM_RIGHTS). */
  createPool: (shmId: number, id: number, size: number) =>
    encode(shmId, 0, (w) => {
      w.newId(id);
      w.int(size);
    }),
};
