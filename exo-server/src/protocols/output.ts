import { WlOutputResource } from '../../../protos/gen/server/wayland.js';
import {
  ZxdgOutputManagerV1Resource,
  type ZxdgOutputV1Resource,
} from '../../../protos/gen/server/xdg-output-unstable-v1.js';
import type { Client } from '../../../compositor/src/server/client.js';
import type { Exo } from '../exo.js';
import type { Surface } from '../surface/surface.js';

const OUTPUT_NAME = 'TARTINE-1';
const OUTPUT_DESCRIPTION = 'Tartine desktop';

/**
 * wl_output (v4) and zxdg_output_manager_v1 (v3): the single output that is the desktop.
 * Its mode is in device pixels, its scale the integer above the desktop's fractional scale,
 * and xdg_output gives the logical size. Surfaces enter the output when first mapped.
 */
export function registerOutput(exo: Exo): void {
  const outputs = new Map<Client, Set<WlOutputResource>>();
  const xdgOutputs = new Set<ZxdgOutputV1Resource>();
  const entered = new WeakSet<Surface>();

  const sendOutput = (r: WlOutputResource): void => {
    const o = exo.output;
    // Physical size in millimetres at 96 dpi, so toolkits compute a sane DPI.
    r.sendGeometry(
      0,
      0,
      Math.round((o.pixelWidth * 25.4) / 96),
      Math.round((o.pixelHeight * 25.4) / 96),
      0,
      'Tartine',
      'Desktop',
      0,
    );
    r.sendMode(3, o.pixelWidth, o.pixelHeight, exo.frames.refreshHz * 1000);
    if (r.version >= 2) r.sendScale(o.integerScale);
    if (r.version >= 4) {
      r.sendName(OUTPUT_NAME);
      r.sendDescription(OUTPUT_DESCRIPTION);
    }
  };

  const sendXdgOutput = (x: ZxdgOutputV1Resource): void => {
    x.sendLogicalPosition(0, 0);
    x.sendLogicalSize(exo.output.width, exo.output.height);
    if (x.version >= 2) {
      x.sendName(OUTPUT_NAME);
      x.sendDescription(OUTPUT_DESCRIPTION);
    }
  };

  const enter = (surface: Surface): void => {
    if (entered.has(surface)) return;
    const mine = outputs.get(surface.resource.client);
    if (!mine || mine.size === 0) return;
    entered.add(surface);
    for (const o of mine) surface.resource.sendEnter(o);
  };

  exo.display.createGlobal(WlOutputResource, 4, (r) => {
    let set = outputs.get(r.client);
    if (!set) {
      set = new Set();
      outputs.set(r.client, set);
      r.client.onDestroy(() => outputs.delete(r.client));
    }
    set.add(r);
    r.onDestroy(() => set.delete(r));
    r.setHandler({});
    sendOutput(r);
    if (r.version >= 2) r.sendDone();
    // Surfaces already on screen enter the new output object too.
    for (const v of exo.scene.views(false)) {
      if (v.surface.resource.client === r.client && entered.has(v.surface)) v.surface.resource.sendEnter(r);
    }
  });

  exo.display.createGlobal(ZxdgOutputManagerV1Resource, 3, (m) => {
    m.setHandler({
      getXdgOutput: (_r, id) => {
        xdgOutputs.add(id);
        id.onDestroy(() => xdgOutputs.delete(id));
        id.setHandler({});
        sendXdgOutput(id);
        // Since v3 the wl_output.done that follows closes the batch; before that, xdg_output.done.
        if (id.version < 3) id.sendDone();
        else for (const o of outputs.get(id.client) ?? []) if (o.version >= 2) o.sendDone();
      },
    });
  });

  exo.onSurfaceCreated((surface) => {
    if (surface.resource.version >= 6) surface.resource.sendPreferredBufferScale(exo.output.integerScale);
    surface.onCommit(() => {
      if (surface.mapped) enter(surface);
    });
  });

  exo.output.onChange(() => {
    for (const set of outputs.values())
      for (const r of set) {
        sendOutput(r);
        for (const x of xdgOutputs) if (x.client === r.client) sendXdgOutput(x);
        if (r.version >= 2) r.sendDone();
      }
    for (const x of xdgOutputs) if (x.version < 3) x.sendDone();
    for (const v of exo.scene.views(false))
      if (v.surface.resource.version >= 6)
        v.surface.resource.sendPreferredBufferScale(exo.output.integerScale);
    exo.flush();
  });
}
