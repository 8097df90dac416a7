import { parseLinkAddress } from '../../../compositor/src/link/link-address.js';

/** Options of `tartine exo`. */
export interface ExoArgs {
  help: boolean;
  headless: boolean;
  socket: string | undefined;
  port: number;
  width: number;
  height: number;
  scale: number;
  keyboard: string;
  /** Extra host for the desktop and API (`--listen`); default 127.0.0.1 only. */
  listen: string;
  /** Where guests' stream links connect (`--link-listen unix:PATH|tcp:HOST:PORT`), if anywhere. */
  linkListen: string | undefined;
  /** Serve X11 apps through rootless Xwayland (`--xwayland`): DISPLAY is in the READY line. */
  xwayland: boolean;
  /** Tests only (not in --help): the wlcs integration's control socket to connect to (test/wlcs/). */
  wlcsControl: string | undefined;
}

/** Parses `tartine exo` arguments; throws an Error naming the bad argument and what is expected. */
export function parseExoArgs(argv: string[]): ExoArgs {
  const a: ExoArgs = {
    help: false,
    headless: false,
    socket: undefined,
    port: 0,
    width: 1280,
    height: 800,
    scale: 1,
    keyboard: 'us',
    listen: '127.0.0.1',
    linkListen: undefined,
    xwayland: false,
    wlcsControl: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        a.help = true;
        break;
      case '--headless':
        a.headless = true;
        break;
      case '--socket':
        a.socket = value();
        break;
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535)
          throw new Error(`--port ${v}: expected a TCP port number (0-65535)`);
        a.port = n;
        break;
      }
      case '--size': {
        const v = value();
        const m = /^(\d+)x(\d+)$/.exec(v);
        if (!m) throw new Error(`--size ${v}: expected WIDTHxHEIGHT, e.g. 1280x800`);
        a.width = Number(m[1]);
        a.height = Number(m[2]);
        if (a.width < 64 || a.height < 64 || a.width > 16384 || a.height > 16384)
          throw new Error(`--size ${v}: each side must be between 64 and 16384 pixels`);
        break;
      }
      case '--scale': {
        const v = value();
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0.5 || n > 4)
          throw new Error(`--scale ${v}: expected a number from 0.5 to 4, e.g. 1.5`);
        a.scale = n;
        break;
      }
      case '--keyboard':
        a.keyboard = value();
        break;
      case '--listen':
        a.listen = value();
        break;
      case '--link-listen': {
        const v = value();
        try {
          parseLinkAddress(v);
        } catch (e) {
          throw new Error(`--link-listen ${v}: ${(e as Error).message}`);
        }
        a.linkListen = v;
        break;
      }
      case '--xwayland':
        a.xwayland = true;
        break;
      case '--wlcs-control':
        a.wlcsControl = value();
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return a;
}
