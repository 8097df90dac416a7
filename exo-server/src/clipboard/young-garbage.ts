import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * A bulk transfer through Node streams (an HTTP upload, a file read for an answer) leaves a
 * fresh Buffer per read behind, garbage that V8 collects only once it passes its external
 * memory limit (about 64 MiB): the process's resident memory would grow by that much on every
 * large transfer. A scavenge frees these young buffers for about a millisecond, so transfers
 * ask for one every COLLECT_EVERY bytes, keeping the growth to a few times that.
 */

export const COLLECT_EVERY = 8 * 1024 * 1024;

type Gc = (opts: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;
let gc: Gc | null | undefined;

/** Runs a scavenge (best effort: where the gc function cannot be had, nothing happens). */
export function collectYoungGarbage(): void {
  if (gc === undefined) {
    try {
      // Setting the flag at run time makes `gc` exist in contexts created afterwards.
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as Gc;
    } catch {
      gc = null;
    }
  }
  gc?.({ type: 'minor' });
}

/** Counts bytes moved and scavenges every COLLECT_EVERY of them. */
export class GarbagePacer {
  private since = 0;

  moved(n: number): void {
    this.since += n;
    if (this.since < COLLECT_EVERY) return;
    this.since = 0;
    collectYoungGarbage();
  }
}
