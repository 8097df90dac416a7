import { parseExoArgs, type ExoArgs } from './cli/exo-args.js';
import { startExo } from './start-exo.js';

/** `tartine exo`: runs the host compositor until interrupted, printing one READY line when serving. */
export async function main(argv: string[]): Promise<number> {
  let args: ExoArgs;
  try {
    args = parseExoArgs(argv);
  } catch (e) {
    process.stderr.write(`tartine exo: ${(e as Error).message}\nRun 'tartine exo --help' for the options.\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(EXO_HELP);
    return 0;
  }
  let running;
  try {
    running = await startExo(args);
  } catch (e) {
    process.stderr.write(`tartine exo: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`READY ${JSON.stringify(running.ready)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      running.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

export const EXO_HELP = `Usage: tartine exo [--headless] [options]

Runs the Tartine host compositor (exo). When it is ready it prints one line:
  READY {"wayland":"<socket path>","url":"<desktop url>","api":"<api base url>","token":"<token>"}

Options:
  --headless          composite in memory only (no browser desktop)
  --socket NAME       Wayland socket name under $XDG_RUNTIME_DIR, or an absolute path
                      (default: the first free wayland-N)
  --port N            TCP port of the control API and desktop on 127.0.0.1 (default: any free port)
  --size WxH          desktop size in logical pixels (default: 1280x800)
  --scale S           output scale, e.g. 1, 1.25, 1.5, 2 (default: 1)
  --keyboard LAYOUT   XKB keyboard layout (default: us)
  --link-listen ADDR  accept guests' stream links (sommelier --host ADDR) on unix:PATH or
                      tcp:HOST:PORT (HOST defaults to 127.0.0.1)
  --xwayland          serve X11 apps through rootless Xwayland, started on the first X client
                      (the READY line then carries "display")
  --listen HOST       address of the desktop and API (default 127.0.0.1; anything wider is
                      reachable by others and prints a warning)
  --help              show this help
`;
