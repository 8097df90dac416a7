import { HeadlessBackend } from './backend/headless.js';
import type { ExoArgs } from './cli/exo-args.js';
import { Exo } from './exo.js';
import { registerCompositor } from './protocols/compositor.js';
import { registerOutput } from './protocols/output.js';
import { registerShm } from './protocols/shm.js';
import { registerSubcompositor } from './protocols/subcompositor.js';
import { registerExtras } from './protocols/register-extras.js';
import { registerShell } from './shell/register-shell.js';
import { registerSeat } from './seat/register-seat.js';
import { registerDataDevice } from './data-device/register-data-device.js';
import { startControlApi } from './api/control-api.js';

export interface ReadyInfo {
  wayland: string;
  url: string;
  api: string;
  token: string;
}

export interface RunningExo {
  exo: Exo;
  backend: HeadlessBackend;
  ready: ReadyInfo;
  stop(): void;
}

/**
 * Builds a running exo from its options, the way tinywl's main() reads: the display, the
 * protocol globals (mechanism), the window manager and seat (policy), the backend.
 */
export async function startExo(args: ExoArgs): Promise<RunningExo> {
  const exo = new Exo({ width: args.width, height: args.height, scale: args.scale, keyboardLayout: args.keyboard });
  registerCompositor(exo);
  registerSubcompositor(exo);
  registerShm(exo);
  registerOutput(exo);
  registerExtras(exo);
  registerShell(exo);
  registerSeat(exo);
  registerDataDevice(exo);
  const backend = new HeadlessBackend(exo);
  const wayland = exo.display.addSocket(args.socket);
  const api = await startControlApi(exo, backend, { host: args.listen, port: args.port });
  const ready: ReadyInfo = { wayland, url: api.url, api: api.api, token: api.token };
  return {
    exo,
    backend,
    ready,
    stop: () => {
      void api.close();
      exo.destroy();
    },
  };
}
