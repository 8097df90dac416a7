import { queryClients, RES } from '../../../protos/gen/x11/res.js';
import { debugEnabled, debugLog } from '../../../compositor/src/debug.js';
import type { XConnection } from '../x11/x-connection.js';

const trace = debugEnabled('xwayland');

/**
 * Ends Xwayland once the last X client is gone. `-terminate` cannot: our window manager is a
 * client too, so the count never reaches zero. Every `intervalMs` we ask X-Resource for the
 * clients; after `graceMs` with only ourselves connected, `onIdle` runs (once).
 */
export class IdleExit {
  private idleSince: number | null = null;
  private readonly timer: NodeJS.Timeout;
  private done = false;

  private constructor(
    private readonly c: XConnection,
    private readonly onIdle: () => void,
    intervalMs: number,
    private readonly graceMs: number,
  ) {
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Null when the server has no X-Resource (then Xwayland just keeps running). */
  static async start(
    c: XConnection,
    onIdle: () => void,
    intervalMs = 1000,
    graceMs = 1500,
  ): Promise<IdleExit | null> {
    if (!(c.extension(RES) ?? (await c.initExtension(RES)))) return null;
    return new IdleExit(c, onIdle, intervalMs, graceMs);
  }

  private async poll(): Promise<void> {
    if (this.done || this.c.isClosed) return this.stop();
    let others: number;
    try {
      const { clients } = await queryClients(this.c);
      // Base 0 is the server itself.
      const ours = this.c.setup.resourceIdBase;
      others = clients.filter((cl) => cl.resourceBase !== 0 && cl.resourceBase !== ours).length;
      if (trace)
        debugLog('xwayland', `X clients: ${clients.map((cl) => cl.resourceBase.toString(16)).join(' ')}`);
    } catch {
      return;
    }
    if (others > 0) {
      this.idleSince = null;
      return;
    }
    this.idleSince ??= Date.now();
    if (Date.now() - this.idleSince >= this.graceMs && !this.done) {
      this.stop();
      this.onIdle();
    }
  }

  stop(): void {
    this.done = true;
    clearInterval(this.timer);
  }
}
