import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDesktopState } from './desktop-state.js';

const USAGE = `Usage: tartine run [--scale S] -- APP [ARGS...]

Launches APP into the running Tartine desktop (started with \`npm start\` or \`tartine start\`).
  --scale S   the app's scale (0.1 to 10), applied by sommelier
`;

/** `tartine run`: starts an app on the running desktop and returns at once. */
export async function main(argv: string[]): Promise<number> {
  const sep = argv.indexOf('--');
  const opts = sep < 0 ? argv : argv.slice(0, sep);
  const cmd = sep < 0 ? [] : argv.slice(sep + 1);
  if (opts.includes('--help') || opts.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let scale: number | null = null;
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i]!;
    if (o === '--scale' || o.startsWith('--scale=')) {
      const v = o.includes('=') ? o.slice(8) : opts[++i];
      const n = Number(v);
      if (v === undefined || !Number.isFinite(n) || n < 0.1 || n > 10) {
        process.stderr.write(`tartine run: --scale ${v ?? ''}: expected a number from 0.1 to 10\n`);
        return 2;
      }
      scale = n;
    } else {
      process.stderr.write(`tartine run: unknown option ${o}\n${USAGE}`);
      return 2;
    }
  }
  if (cmd.length === 0) {
    process.stderr.write(`tartine run: no app given: put it after --, e.g. tartine run -- foot\n`);
    return 2;
  }
  const desktop = readDesktopState();
  if (!desktop) {
    process.stderr.write(
      'tartine run: no Tartine desktop is running. Start one with `npm start` (or `tartine start`), then run this again.\n',
    );
    return 1;
  }
  const sommelier = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../sommelier/src/main.js');
  const viaSommelier = fs.existsSync(sommelier);
  const tartine = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../../bin/tartine.js');
  const [file, args] = viaSommelier
    ? [
        process.execPath,
        [
          tartine,
          'sommelier',
          '-X', // X11 apps too: their Xwayland starts only if the app speaks X
          '--host',
          `wayland:${desktop.wayland}`,
          ...(scale ? ['--scale', String(scale)] : []),
          '--',
          ...cmd,
        ],
      ]
    : [cmd[0]!, cmd.slice(1)];
  if (!viaSommelier && scale !== null)
    process.stderr.write('tartine run: sommelier is not built, so --scale is ignored\n');
  const child = spawn(file, args, {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, WAYLAND_DISPLAY: desktop.wayland },
  });
  const ok = await new Promise<boolean>((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`tartine run: cannot start ${cmd[0]}: ${e.message}\n`);
      resolve(false);
    });
    child.once('spawn', () => resolve(true));
  });
  if (!ok) return 1;
  child.unref();
  process.stdout.write(`Started ${cmd.join(' ')} (pid ${child.pid}) on ${desktop.url || desktop.wayland}\n`);
  return 0;
}
