import { FdWatcher } from '../compositor/src/native/fd-watcher.js';
import { c, closeFd } from '../compositor/src/native/libc.js';
import { pipe, readFd } from '../compositor/src/native/shared-memory.js';
import type { WindowInfo } from '../exo-server/src/shell/shell-api.js';
import {
  WlDataDeviceManagerProxy,
  WlSeatProxy,
  type WlDataOfferProxy,
} from '../protos/gen/client/wayland.js';
import type { ExoProcess } from '../test/harness/exo-fixture.js';
import { waitFor } from '../test/harness/poll.js';
import { TestClient } from '../test/harness/wayland-test-client.js';

/**
 * The reading side of the clipboard benchmark: a guest client that takes keyboard focus, waits
 * for the selection offer a change brings, and reads it to its end into one reused buffer, so
 * the reader costs the same whoever serves the data.
 */

const TEXT = 'text/plain;charset=utf-8';
/** Pause between setting a selection and reading it, so the reads start from a quiet system. */
const SETTLE_MS = 200;
const F_SETPIPE_SZ = 1031;
const sink = Buffer.alloc(1 << 20);

/** A guest client with keyboard focus that reads the selection it is offered, timing each read. */
export class Reader {
  private offer: WlDataOfferProxy | null = null;
  /** Called at the next selection offer. */
  private onOffer: (() => void) | null = null;

  private focused = false;

  private constructor(
    readonly c: TestClient,
    private readonly exo: ExoProcess,
    private readonly title: string,
    /** The exo window to activate for focus: its own, or (nested in weston) weston's. */
    private readonly exoWindow: (w: WindowInfo) => boolean,
  ) {}

  /** Connects to `socket` and maps a window, and gets keyboard focus. */
  static async open(
    socket: string,
    exo: ExoProcess,
    title: string,
    exoWindow: (w: WindowInfo) => boolean = (w) => w.title === title,
  ): Promise<Reader> {
    const r = new Reader(await TestClient.connect(socket), exo, title, exoWindow);
    const seat = r.c.bind(WlSeatProxy);
    const device = r.c.bind(WlDataDeviceManagerProxy).getDataDevice(seat);
    seat.getKeyboard().on({ enter: () => (r.focused = true), leave: () => (r.focused = false) });
    device.on({
      selection: (o) => {
        r.offer = o;
        const cb = o ? r.onOffer : null;
        if (cb) {
          r.onOffer = null;
          cb();
        }
      },
    });
    await r.c.toplevel({ title, width: 40, height: 40 });
    await r.focus();
    return r;
  }

  /** Gets keyboard focus (the selection is offered only to the focused client). */
  async focus(): Promise<void> {
    const win = await this.exo.waitForWindow(this.exoWindow);
    await this.exo.act(win.id, { action: 'activate' }); // raises it and gives it keyboard focus
    await waitFor(
      `${this.title} to get keyboard focus`,
      async () => (await this.c.roundtrip(), this.focused),
    );
  }

  /**
   * Runs `set` (which changes the selection) and waits for the new offer, lets both sides
   * settle, then reads the offer to its end into a reused buffer: the time and the byte count.
   */
  async paste(set: (() => Promise<void>) | null, settle = true): Promise<{ ms: number; bytes: number }> {
    if (set) {
      await this.offered(set);
      if (settle) await new Promise((r) => setTimeout(r, SETTLE_MS));
    }
    const [r, w] = pipe(true);
    const start = performance.now();
    this.offer!.receive(TEXT, w);
    closeFd(w);
    this.c.roundtrip().catch(() => {});
    const bytes = await drain(r);
    return { ms: performance.now() - start, bytes };
  }

  /** Runs `set` (which changes the selection) and resolves once this client is offered the new one. */
  async offered(set: () => Promise<void>): Promise<void> {
    const offered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no selection offer for ${this.title} in 10 s`)),
        10_000,
      );
      this.onOffer = () => (clearTimeout(timer), resolve());
    });
    await set();
    await offered;
  }

  close(): void {
    this.c.close();
  }
}

/** Reads `fd` to its end into one reused buffer (the reader costs the same everywhere); the byte count. */
export function drain(fd: number): Promise<number> {
  c.fcntl(fd, F_SETPIPE_SZ, 1 << 20); // as exo's reader does
  return new Promise((resolve, reject) => {
    let total = 0;
    const timer = setTimeout(() => finish(new Error(`read stalled at ${total} bytes`)), 30_000);
    const finish = (err: Error | null): void => {
      clearTimeout(timer);
      watcher.close();
      closeFd(fd);
      if (err) reject(err);
      else resolve(total);
    };
    const watcher = new FdWatcher(fd, () => {
      for (;;) {
        const n = readFd(fd, sink);
        if (n < 0) return;
        if (n === 0) return finish(null);
        total += n;
      }
    });
  });
}
