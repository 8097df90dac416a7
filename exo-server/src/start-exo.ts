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
import { registerClipboard } from './clipboard/register-clipboard.js';
import { installClipboardPaths } from './guests/clipboard-paths.js';
import { startControlApi } from './api/control-api.js';
import { WebBackend } from './backend/web/web-backend.js';
import { WlcsControl } from './wlcs/wlcs-control.js';
import { startXwayland } from './xwayland/start-xwayland.js';
import { LinkListener } from './link/link-listener.js';

export interface ReadyInfo {
  wayland: string;
  url: string;
  api: string;
  token: string;
  /** The stream link endpoint (`--link-listen`), with the real port for tcp:HOST:0. */
  link?: string;
  /** The X display (`:N`) with --xwayland. */
  x11?: string;
}

export interface RunningExo {
  exo: Exo;
  backend: HeadlessBackend;
  /** The browser desktop (null with --headless). */
  web: WebBackend | null;
  ready: ReadyInfo;
  stop(): void;
}

/**
 * Builds a running exo from its options, the way tinywl's main() reads: the display, the
 * protocol globals (mechanism), the window manager and seat (policy), the backend.
 */
export async function startExo(args: ExoArgs): Promise<RunningExo> {
  const exo = new Exo({
    width: args.width,
    height: args.height,
    scale: args.scale,
    keyboardLayout: args.keyboard,
    acceptBufferBeforeConfigureAck: args.wlcsControl !== undefined,
  });
  registerCompositor(exo);
  registerSubcompositor(exo);
  registerShm(exo);
  registerOutput(exo);
  registerExtras(exo);
  const wm = registerShell(exo);
  registerSeat(exo);
  registerDataDevice(exo);
  registerClipboard(exo);
  installClipboardPaths(exo); // file paths on the clipboard follow the focused app's guest
  const web = args.headless ? null : new WebBackend(exo);
  const backend = new HeadlessBackend(exo, { lazy: web !== null });
  const wayland = exo.display.addSocket(args.socket);
  if (args.listen !== '127.0.0.1' && args.listen !== 'localhost')
    process.stderr.write(
      `tartine exo: warning: the desktop and API listen on ${args.listen}, not only on this machine; anyone who can reach it and has the token controls your apps\n`,
    );
  const link = args.linkListen ? await LinkListener.start(exo, args.linkListen) : null;
  const api = await startControlApi(exo, backend, { host: args.listen, port: args.port, web });
  const ready: ReadyInfo = { wayland, url: api.url, api: api.api, token: api.token };
  // X11 apps (--xwayland): Xwayland starts with the first X client.
  const xwayland = args.xwayland ? startXwayland(exo, wm) : null;
  if (xwayland) ready.x11 = xwayland.display;
  if (link) ready.link = link.address;
  const running: RunningExo = {
    exo,
    backend,
    web,
    ready,
    stop: () => {
      xwayland?.stop();
      void api.close();
      link?.close();
      exo.destroy();
    },
  };
  // Under the wlcs conformance suite (test/wlcs/), the test ends when its module hangs up.
  if (args.wlcsControl)
    new WlcsControl(exo, args.wlcsControl, () => {
      running.stop();
      process.exit(0);
    });
  return running;
}
