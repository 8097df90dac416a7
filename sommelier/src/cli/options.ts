import { parseHostAddress, type HostAddress } from '../host/host-address.js';

/** What `tartine sommelier` runs with, after flags and SOMMELIER_* variables are merged. */
export interface SommelierOptions {
  help: boolean;
  host: HostAddress;
  /** Socket name under XDG_RUNTIME_DIR (or absolute path) to serve; unused with a command. */
  socket: string;
  /** Guest logical pixel → host logical pixels: 2 shows apps twice as large on the host. */
  scale: number;
  /** DPI buckets to snap to (empty: no snapping). */
  dpi: number[];
  /** Tag put in front of every toplevel app id, so the host knows the window's guest. */
  guestName: string;
  /** The program to run on a private connection (empty: serve the socket). */
  command: string[];
  /** Serve X11 apps through Xwayland and our X window manager (`-X`, SOMMELIER_X11=1). */
  x11: boolean;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 10;

/**
 * Every flag and the environment variable that mirrors it, as Crostini's sommelier has; a flag
 * given on the command line wins over the variable.
 */
const FLAGS: Record<string, { env: string; key: 'host' | 'socket' | 'scale' | 'dpi' | 'guest' }> = {
  '--host': { env: 'SOMMELIER_HOST', key: 'host' },
  '--socket': { env: 'SOMMELIER_SOCKET', key: 'socket' },
  '--scale': { env: 'SOMMELIER_SCALE', key: 'scale' },
  '--dpi': { env: 'SOMMELIER_DPI', key: 'dpi' },
  '--guest': { env: 'SOMMELIER_GUEST_NAME', key: 'guest' },
  '--app-id-prefix': { env: 'SOMMELIER_GUEST_NAME', key: 'guest' },
};

type Raw = Partial<Record<'host' | 'socket' | 'scale' | 'dpi' | 'guest', { value: string; from: string }>>;

/**
 * Parses `tartine sommelier` arguments and the SOMMELIER_* environment; throws an Error that
 * names the flag (or variable) at fault and what it expects.
 */
export function parseSommelierOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): SommelierOptions {
  const raw: Raw = {};
  for (const { env: name, key } of Object.values(FLAGS)) {
    const v = env[name];
    if (v !== undefined && v !== '' && raw[key] === undefined) raw[key] = { value: v, from: name };
  }
  let help = false;
  let x11 = env['SOMMELIER_X11'] === '1';
  let command: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      command = argv.slice(i + 1);
      if (command.length === 0) throw new Error('-- must be followed by the command to run');
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '-X' || arg === '--x11') {
      x11 = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[flag];
    if (!spec) throw new Error(`unknown option ${arg}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    raw[spec.key] = { value, from: flag };
  }
  return {
    help,
    // --help needs no host (and must work where none is set).
    host: help ? { kind: 'wayland', path: '' } : parseHost(raw.host, env),
    socket: raw.socket?.value ?? 'wayland-0',
    scale: raw.scale ? parseScale(raw.scale.value, raw.scale.from) : 1,
    dpi: raw.dpi ? parseDpi(raw.dpi.value, raw.dpi.from) : [],
    guestName: raw.guest ? parseGuestName(raw.guest.value, raw.guest.from) : 'penguin',
    command,
    x11,
  };
}

function parseHost(raw: Raw['host'], env: NodeJS.ProcessEnv): HostAddress {
  if (raw) {
    try {
      return parseHostAddress(raw.value, env);
    } catch (e) {
      throw new Error(`${raw.from} ${raw.value}: ${(e as Error).message}`);
    }
  }
  const display = env['WAYLAND_DISPLAY'];
  if (!display)
    throw new Error(
      'no host compositor: WAYLAND_DISPLAY is not set; pass --host wayland:PATH (or set SOMMELIER_HOST)',
    );
  return parseHostAddress(`wayland:${display}`, env);
}

export function parseScale(value: string, from: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < MIN_SCALE || n > MAX_SCALE)
    throw new Error(`${from} ${value}: expected a number from ${MIN_SCALE} to ${MAX_SCALE}, e.g. 1.5`);
  return n;
}

export function parseDpi(value: string, from: string): number[] {
  const list = value.split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const s of list) {
    const n = Number(s);
    if (s === '' || !Number.isFinite(n) || n <= 0 || n > 2000)
      throw new Error(`${from} ${value}: expected a comma-separated list of DPI values, e.g. 72,96,160,240`);
    out.push(n);
  }
  return out.sort((a, b) => a - b);
}

/** A guest name is one word: it is the part before ':' in the app ids the host sees. */
export function parseGuestName(value: string, from: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value))
    throw new Error(
      `${from} ${value}: expected a name of letters, digits, '.', '_' or '-' (at most 64), e.g. penguin`,
    );
  return value;
}

export const SOMMELIER_HELP = `Usage: tartine sommelier [options] [-- COMMAND ARGS...]

Runs sommelier, the guest proxy compositor: a Wayland compositor for guest apps that is itself a
client of the host compositor (exo). Each guest client gets its own host connection.

Without a command it serves $XDG_RUNTIME_DIR/NAME for any number of clients and prints
  READY {"wayland":"<socket path>"}
With -- COMMAND it runs only that program on a private connection (WAYLAND_SOCKET) and exits
with the program's exit code.

Options (each has an environment variable; the flag wins):
  --host ADDR        host compositor: wayland:PATH (a socket name under XDG_RUNTIME_DIR or an
                     absolute path, fds passed directly), or a stream link for VMs and other
                     machines: unix:PATH or tcp:HOST:PORT (exo --link-listen)
                                              [SOMMELIER_HOST, default wayland:$WAYLAND_DISPLAY]
  --socket NAME      socket to serve          [SOMMELIER_SOCKET, default wayland-0]
  --scale S          guest pixel size in host pixels, ${MIN_SCALE} to ${MAX_SCALE}: 2 shows apps twice as
                     large                    [SOMMELIER_SCALE, default 1]
  --dpi LIST         DPI buckets to snap to, e.g. 72,96,160,240          [SOMMELIER_DPI]
  --guest NAME       guest name put before app ids: the host sees NAME:APP_ID
                     (alias --app-id-prefix)  [SOMMELIER_GUEST_NAME, default penguin]
  --help             show this help

The launched command gets XCURSOR_SIZE (yours, else 24): cursors are not scaled with apps.

Per-app scale and DPI: $TARTINE_CONFIG_DIR/app-settings.json (default
~/.config/tartine/app-settings.json), keyed by app id or executable name, re-read when it
changes; its entries (the app's, else its default) win over --scale.
`;
