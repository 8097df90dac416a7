import { WlSurfaceResource, type WlSurfaceRequests } from '../protos/gen/server/wayland.js';
import { Display } from '../compositor/src/server/display.js';
import type { Transport, TransportHandlers } from '../compositor/src/wire/transport.js';
import { WireWriter } from '../compositor/src/wire/wire-writer.js';
import { benchSeconds, rate, versus, type BenchResult } from './bench-api.js';

/**
 * The server's whole request path without the kernel: framing (WireConnection), object lookup
 * and version check (Client), generated decode (WlSurfaceResource.dispatch) and the handler
 * call, for wl_surface.damage. The transport replays one 48 KiB chunk of messages per read,
 * so the anchor is the copy that read makes.
 */

const BATCH = 2048;
const BYTES = BATCH * 24;

class ReplayTransport implements Transport {
  readonly maxFdsPerSend = 28;
  handlers: TransportHandlers | null = null;
  constructor(private readonly chunk: Buffer) {}
  recv(buf: Buffer, off: number): number {
    this.chunk.copy(buf, off);
    return this.chunk.length;
  }
  send(_buf: Buffer, _off: number, len: number): number {
    return len;
  }
  start(h: TransportHandlers): void {
    this.handlers = h;
  }
  setWantWritable(): void {}
  dupFd(fd: number): number {
    return fd;
  }
  closeFd(): void {}
  allocBuffer(size: number): Buffer {
    return Buffer.alloc(size);
  }
  close(): void {}
}

export async function run(): Promise<BenchResult[]> {
  const seconds = benchSeconds(1.5);
  const w = new WireWriter((n) => Buffer.alloc(n), BYTES * 2);
  for (let i = 0; i < BATCH; i++) {
    w.begin(3, 2); // wl_surface#3.damage(x, y, w, h)
    for (let k = 0; k < 4; k++) w.int(i + k);
    w.finish();
  }
  const chunk = Buffer.from(w.buf.subarray(0, BYTES));

  const display = new Display();
  const transport = new ReplayTransport(chunk);
  const client = display.addClient(transport);
  let damaged = 0;
  const handler = { damage: () => damaged++ } as unknown as WlSurfaceRequests;
  client.createResource(WlSurfaceResource, 3, 6).setHandler(handler);
  const readable = transport.handlers!.readable;

  const copyTarget = Buffer.alloc(65536);
  const copyRate = rate(() => chunk.copy(copyTarget, 0), BATCH, seconds);
  const dispatchRate = rate(readable, BATCH, seconds);
  const ok = damaged > 0 && !client.destroyed;
  client.destroy();
  display.destroy();
  if (!ok) throw new Error('dispatch bench: the handler was not called');
  return [
    versus(
      'server dispatch wl_surface.damage',
      (dispatchRate * 24) / 1e6,
      'MB/s',
      'Buffer.copy',
      (copyRate * 24) / 1e6,
      {
        note: `${(dispatchRate / 1e6).toFixed(1)} M msg/s through framing, object lookup, decode and handler`,
      },
    ),
  ];
}
