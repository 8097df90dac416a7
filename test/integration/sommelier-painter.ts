/**
 * A guest client for the sommelier tests that controls exactly what it draws and damages: one
 * toplevel, one shm buffer in a pool it keeps (a memfd, or a plain file it can truncate), and
 * frames committed with chosen damage, each waiting for its frame callback.
 */
import * as fs from 'node:fs';
import { closeFd } from '../../compositor/src/native/libc.js';
import { createMemfd, mapShared } from '../../compositor/src/native/shared-memory.js';
import { WlShmProxy, type WlBufferProxy } from '../../protos/gen/client/wayland.js';
import { WlShmFormat } from '../../protos/gen/spec/wayland.js';
import { waitFor } from '../harness/poll.js';
import { TestClient, type Toplevel } from '../harness/wayland-test-client.js';

export type Rect = [number, number, number, number];

export class Painter {
  /** Buffer releases received (sommelier releases right after copying). */
  releases = 0;
  frames = 0;
  private truncated = false;

  private constructor(
    readonly client: TestClient,
    readonly win: Toplevel,
    readonly width: number,
    readonly height: number,
    readonly fd: number,
    private readonly map: Buffer,
    readonly buffer: WlBufferProxy,
  ) {
    buffer.on({ release: () => this.releases++ });
  }

  /**
   * Connects to `socket` and maps a `width`×`height` toplevel. With `file`, the pool is that
   * plain file (which sommelier cannot seal) instead of a memfd.
   */
  static async open(
    socket: string,
    width: number,
    height: number,
    opts: { title?: string; appId?: string; file?: string } = {},
  ): Promise<Painter> {
    const client = await TestClient.connect(socket);
    const win = await client.toplevel({ title: opts.title ?? 'painter', appId: opts.appId, width, height });
    const size = width * height * 4;
    let fd: number;
    if (opts.file) {
      fd = fs.openSync(opts.file, 'w+', 0o600);
      fs.ftruncateSync(fd, size);
    } else fd = createMemfd('painter', size);
    const map = mapShared(fd, size, true);
    const pool = client.bind(WlShmProxy).createPool(fd, size);
    const buffer = pool.createBuffer(0, width, height, width * 4, WlShmFormat.Argb8888);
    pool.destroy();
    return new Painter(client, win, width, height, fd, map, buffer);
  }

  /** Paints a rectangle of the buffer one colour (0xAARRGGBB). */
  fill(r: Rect, argb: number): void {
    if (this.truncated) throw new Error('the pool was truncated: its mapping must not be touched');
    const px = new Uint32Array(this.map.buffer, this.map.byteOffset, this.width * this.height);
    for (let y = r[1]; y < r[1] + r[3]; y++)
      px.fill(argb >>> 0, y * this.width + r[0], y * this.width + r[0] + r[2]);
  }

  /** Attaches the buffer with `damage` (buffer coordinates), commits, waits for the frame callback. */
  async frame(damage: Rect): Promise<void> {
    const s = this.win.surface;
    let done = false;
    s.attach(this.buffer, 0, 0);
    s.damageBuffer(...damage);
    s.frame().on({ done: () => (done = true) });
    s.commit();
    await waitFor('the frame callback', async () => {
      await this.client.roundtrip();
      return done;
    });
    this.frames++;
  }

  /** Commits without waiting (for a client killed mid-frame). */
  commitNow(damage: Rect): void {
    const s = this.win.surface;
    s.attach(this.buffer, 0, 0);
    s.damageBuffer(...damage);
    s.commit();
    this.client.conn.flush();
  }

  /** Shrinks the pool's file to `size` bytes under sommelier's feet (file pools only). */
  truncate(size = 0): void {
    this.truncated = true;
    fs.ftruncateSync(this.fd, size);
  }

  close(): void {
    this.client.close();
    closeFd(this.fd);
  }
}
