import * as v8 from 'node:v8';
import { parseSommelierOptions, SOMMELIER_HELP, type SommelierOptions } from './cli/options.js';
import { exitStatus, launchClient, launchScale } from './launch.js';
import { settingsPath } from './settings/app-settings.js';
import { Sommelier } from './sommelier.js';

/**
 * `tartine sommelier`: serves guest clients until interrupted (exit 0) or until the host goes
 * away (exit 1); with `-- COMMAND`, runs that program alone and exits with its status.
 */
export async function main(argv: string[]): Promise<number> {
  let opts: SommelierOptions;
  try {
    opts = parseSommelierOptions(argv);
  } catch (e) {
    process.stderr.write(
      `sommelier: ${(e as Error).message}\nRun 'tartine sommelier --help' for the options.\n`,
    );
    return 2;
  }
  if (opts.help) {
    process.stdout.write(SOMMELIER_HELP);
    return 0;
  }
  // Sommelier allocates little per frame (pixels live in shared memory, not on the heap): a
  // young generation that stays at its first megabyte instead of growing to 16 saves a few MB
  // of resident memory for a few more scavenges of a fraction of a millisecond.
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  let som: Sommelier;
  try {
    som = await Sommelier.start({
      host: opts.host,
      scale: opts.scale,
      dpi: opts.dpi,
      guestName: opts.guestName,
      settingsFile: settingsPath(),
    });
  } catch (e) {
    process.stderr.write(`sommelier: ${(e as Error).message}\n`);
    return 1;
  }
  // -X: X11 apps through Xwayland; the default display reaches what we start through our
  // environment, a launched command the display of its scale (xwayland/x-displays.ts).
  // (Loaded only then: the X11 codec and window manager are a few MB of memory nobody else needs.)
  const x11 = opts.x11 ? (await import('./xwayland/start-xwayland.js')).startSommelierXwayland(som) : null;
  if (x11) process.env['DISPLAY'] = x11.display;
  try {
    if (opts.command.length === 0) return await serve(som, opts, x11?.display);
    let display: string | undefined;
    try {
      display = x11?.bridgeFor(launchScale(som, opts.command)).display;
    } catch (e) {
      process.stderr.write(
        `sommelier: no X display at the app's scale (${(e as Error).message}); using ${x11?.display}\n`,
      );
    }
    return await runCommand(som, opts, display ? { DISPLAY: display } : {});
  } finally {
    x11?.stop();
    som.destroy();
  }
}

async function runCommand(som: Sommelier, opts: SommelierOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const child = launchClient(som, opts.command, env);
  // Interrupting sommelier interrupts the program; its exit status is ours.
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve) => {
      child.once('error', (e) => {
        process.stderr.write(`sommelier: cannot run ${opts.command[0]}: ${e.message}\n`);
        resolve(127);
      });
      child.once('exit', (code, signal) => resolve(exitStatus(code, signal)));
      som.onHostLost(() => {
        child.kill('SIGTERM');
        resolve(1);
      });
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}

async function serve(som: Sommelier, opts: SommelierOptions, x11?: string): Promise<number> {
  let socket: string;
  try {
    socket = som.listen(opts.socket);
  } catch (e) {
    process.stderr.write(
      `sommelier: cannot serve '${opts.socket}': ${(e as Error).message}; choose another name with --socket NAME\n`,
    );
    return 1;
  }
  process.stdout.write(`READY ${JSON.stringify({ wayland: socket, ...(x11 ? { x11 } : {}) })}\n`);
  return new Promise<number>((resolve) => {
    const stop = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = (): void => stop(0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    som.onHostLost(() => stop(1));
  });
}
