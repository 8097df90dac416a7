import { WlDataDeviceManagerDndAction } from '../../../protos/gen/spec/wayland.js';
import type { Exo } from '../exo.js';
import { BTN_LEFT } from '../seat/seat-api.js';
import { Drag } from './drag.js';
import { HostDataSource, type HostData } from './host-source.js';
import { dataDevicesOf } from './register-data-device.js';

/**
 * Drag-and-drop that exo starts itself (files dropped on the browser page): a host data source
 * that offers a copy, dragged to a point and dropped there once the client under it has
 * accepted a type and an action. The drag runs as a normal Drag, so the target sees exactly
 * what a drag from another client looks like.
 */
class HostDragSource extends HostDataSource {
  override readonly dndActions: number = WlDataDeviceManagerDndAction.Copy;
  acceptedMime: string | null = null;
  chosenAction: number = WlDataDeviceManagerDndAction.None;
  private readonly waiters: Array<() => void> = [];
  finished = false;

  override target(mime?: string | null): void {
    this.acceptedMime = mime ?? null;
    this.wake();
  }

  override action(action?: number): void {
    this.chosenAction = action ?? WlDataDeviceManagerDndAction.None;
    this.wake();
  }

  override dndFinished(): void {
    this.finished = true;
    this.wake();
  }

  /** Resolves when `ready` holds, or false after `ms`. */
  waitFor(ready: () => boolean, ms: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(check);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(ready());
      }, ms);
      const check = (): void => {
        if (!ready()) return;
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(check), 1);
        resolve(true);
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

export type HostDropResult = 'finished' | 'dropped' | 'refused' | 'no-target';

/**
 * Drags `data` (MIME type → bytes) to (x, y), desktop logical pixels, and drops it there if the
 * surface's client accepts it within `acceptMs`. Answers 'finished' when the target finished
 * the transfer, 'dropped' when it took the drop but did not finish within `finishMs`,
 * 'refused' when it did not accept, 'no-target' when no client surface is there.
 */
export async function dropFromHost(
  exo: Exo,
  data: Array<[string, HostData]>,
  x: number,
  y: number,
  opts: { acceptMs?: number; finishMs?: number } = {},
): Promise<HostDropResult> {
  const devices = dataDevicesOf(exo);
  if (!devices) throw new Error('no data device installed');
  if (!exo.scene.surfaceAt(x, y)) return 'no-target';
  const seat = exo.seat;
  const source = new HostDragSource(data);
  source.used = 'drag';
  seat.pointerMotion(x, y);
  const drag = new Drag(exo, (c) => devices.devices.of(c), source, null, null);
  drag.start();
  exo.flush();
  const accepted = await source.waitFor(
    () => source.acceptedMime !== null && source.chosenAction !== WlDataDeviceManagerDndAction.None,
    opts.acceptMs ?? 2000,
  );
  if (!accepted || source.destroyed) {
    drag.cancel();
    exo.flush();
    return 'refused';
  }
  drag.button(BTN_LEFT, false); // the release over the target: the drop
  exo.flush();
  const finished = await source.waitFor(() => source.finished || source.destroyed, opts.finishMs ?? 5000);
  return finished && source.finished ? 'finished' : 'dropped';
}
