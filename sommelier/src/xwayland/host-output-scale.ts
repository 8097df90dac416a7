import { WlOutputProxy } from '../../../protos/gen/client/wayland.js';
import type { HostGlobal } from '../host/host-probe.js';
import type { Sommelier } from '../sommelier.js';

/**
 * The host's output scale D (the largest wl_output scale), which an Xwayland takes when it
 * starts: its X pixels are then drawn at 96·D DPI and shown as host device pixels. Followed on
 * sommelier's own host connection (the probe's), since no guest session outlives every
 * Xwayland; null until the host's first `done`.
 */
export class HostOutputScale {
  private readonly outputs = new Map<number, { proxy: WlOutputProxy; scale: number }>();
  private listeners: Array<(scale: number) => void> = [];
  private closed = false;
  current: number | null = null;

  constructor(sommelier: Sommelier) {
    const probe = sommelier.probe;
    probe.onLost(() => (this.closed = true));
    const add = (g: HostGlobal): void => {
      if (this.closed || g.iface !== 'wl_output' || g.version < 2) return;
      const output = { proxy: probe.bind(g, WlOutputProxy, 2), scale: 1 };
      this.outputs.set(g.name, output);
      output.proxy.on({
        scale: (factor) => (output.scale = Math.max(1, factor)),
        done: () => this.update(),
      });
    };
    for (const g of probe.globals.values()) add(g);
    probe.onGlobal(add);
    probe.onGlobalRemove((g) => {
      const output = this.outputs.get(g.name);
      if (!output || this.closed) return;
      // (wl_output 2 has no destructor: the proxy just goes unused.)
      this.outputs.delete(g.name);
      this.update();
    });
  }

  /** Called with each new value of `current`. */
  onChange(cb: (scale: number) => void): void {
    this.listeners.push(cb);
  }

  private update(): void {
    let d = 1;
    for (const o of this.outputs.values()) d = Math.max(d, o.scale);
    if (d === this.current) return;
    this.current = d;
    for (const cb of [...this.listeners]) cb(d);
  }

  close(): void {
    this.closed = true;
    this.listeners = [];
  }
}
