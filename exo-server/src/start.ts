import * as path from 'node:path';
import { parseExoArgs } from './cli/exo-args.js';
import { startExo } from './start-exo.js';

/**
 * `tartine start` (what `npm start` runs): starts exo and says how to use it. Until the
 * browser desktop lands, exo runs headless and this prints how to connect a client and
 * look at the desktop through the control API.
 */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'Usage: tartine start [exo options]\nStarts exo and prints how to connect apps to it. See `tartine exo --help` for the options.\n',
    );
    return 0;
  }
  if (!process.env['XDG_RUNTIME_DIR']) {
    process.stderr.write(
      'tartine start: XDG_RUNTIME_DIR is not set. Set it to a private directory you own, for example:\n' +
        '  export XDG_RUNTIME_DIR=/run/user/$(id -u)   (or: mkdir -m 700 -p /tmp/xdg && export XDG_RUNTIME_DIR=/tmp/xdg)\n',
    );
    return 1;
  }
  let running;
  try {
    running = await startExo(parseExoArgs(['--headless', ...argv]));
  } catch (e) {
    process.stderr.write(`tartine start: ${(e as Error).message}\n`);
    return 1;
  }
  const r = running.ready;
  const name =
    path.dirname(r.wayland) === process.env['XDG_RUNTIME_DIR'] ? path.basename(r.wayland) : r.wayland;
  process.stdout.write(
    [
      `Tartine's compositor (exo) is running on the Wayland socket ${r.wayland}.`,
      '',
      'Connect an app to it from another terminal:',
      `  WAYLAND_DISPLAY=${name} weston-terminal`,
      `  WAYLAND_DISPLAY=${name} foot`,
      '',
      r.api
        ? `Control API: ${r.api} (send "Authorization: Bearer ${r.token}"), e.g.\n  curl -H 'Authorization: Bearer ${r.token}' ${r.api}/windows\n  curl -H 'Authorization: Bearer ${r.token}' -o desktop.png ${r.api}/screenshot.png`
        : '',
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
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
