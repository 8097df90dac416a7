import * as fs from 'node:fs';
import { DaemonPaths } from '../../../daemons/src/concierge/daemon-paths.js';
import type { GuestShare } from '../../../vmm/src/guest-backend.js';

/** A running guest as exo needs it: its name, the host pid of its first process, its shares. */
export interface RunningGuest {
  name: string;
  pid: number;
  shares: GuestShare[];
}

interface GuestInfoView {
  name: string;
  status: string;
  pid: number;
  shares: GuestShare[];
}

interface ConciergeLike {
  call<T>(method: string, request: unknown, timeoutMs?: number): Promise<T>;
  close(): void;
}

/**
 * The running guests, asked from the concierge daemon (which owns them) and kept for a moment:
 * exo learns each guest's host pid (to tell which guest a Wayland client runs in) and its
 * shared folders (to translate paths). No daemon means no guest runs. The gRPC code is loaded
 * on first use, so exo starts without it.
 */
export class RunningGuests {
  private last: { at: number; guests: RunningGuest[] } | null = null;
  private pending: Promise<RunningGuest[]> | null = null;
  private client: ConciergeLike | null = null;

  constructor(private readonly maxAgeMs = 1000) {}

  /** The running guests, at most `maxAgeMs` old (fresh with 0). */
  async list(maxAgeMs = this.maxAgeMs): Promise<RunningGuest[]> {
    if (this.last && Date.now() - this.last.at <= maxAgeMs) return this.last.guests;
    this.pending ??= this.fetch().finally(() => (this.pending = null));
    return this.pending;
  }

  /** What was last learned (empty before the first answer), without asking. */
  known(): RunningGuest[] {
    return this.last?.guests ?? [];
  }

  private async fetch(): Promise<RunningGuest[]> {
    let guests: RunningGuest[] = [];
    try {
      // No daemon, no guest: gRPC is not even loaded then (exo without guests stays light).
      if (!this.client && !fs.existsSync(DaemonPaths.concierge())) throw new Error('no daemon');
      if (!this.client) {
        const { ConciergeClient } = await import('../../../daemons/src/concierge/concierge-client.js');
        this.client = await ConciergeClient.connect(false);
      }
      if (this.client) {
        const r = await this.client.call<{ guests: GuestInfoView[] }>('listGuests', {}, 5000);
        guests = r.guests
          .filter((g) => g.status === 'running' && g.pid > 0)
          .map((g) => ({ name: g.name, pid: g.pid, shares: g.shares }));
      }
    } catch {
      // The daemon went away (its guests with it): ask a new one next time.
      this.client?.close();
      this.client = null;
    }
    this.last = { at: Date.now(), guests };
    return guests;
  }

  close(): void {
    this.client?.close();
    this.client = null;
  }
}

const registry = new WeakMap<object, RunningGuests>();

/** The running-guests view of one exo (made on first use). */
export function runningGuestsOf(exo: object): RunningGuests {
  let g = registry.get(exo);
  if (!g) {
    g = new RunningGuests();
    registry.set(exo, g);
  }
  return g;
}
