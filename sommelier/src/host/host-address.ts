import * as path from 'node:path';
import {
  describeLinkAddress,
  parseLinkAddress,
  type LinkAddress,
} from '../../../compositor/src/link/link-address.js';
import { SocketTransport } from '../../../compositor/src/native/socket-transport.js';
import { connectUnix } from '../../../compositor/src/native/unix-socket.js';
import type { Transport } from '../../../compositor/src/wire/transport.js';
import { hostLinkChannel } from './stream-host.js';

/**
 * Where the host compositor is. `wayland:PATH` is its Wayland socket, with real fd passing (a
 * guest sharing the host's kernel). `unix:PATH` and `tcp:HOST:PORT` reach exo's link endpoint
 * (`tartine exo --link-listen`) over a framed byte stream without fd passing (a VM, another
 * machine): one stream carries every guest client. For those, `path` is the address as text.
 */
export type HostAddress =
  { kind: 'wayland'; path: string } | { kind: 'stream'; path: string; link: LinkAddress };

/** Parses `wayland:PATH` (a bare PATH means the same), `unix:PATH` or `tcp:HOST:PORT`. */
export function parseHostAddress(text: string, env: NodeJS.ProcessEnv = process.env): HostAddress {
  const colon = text.indexOf(':');
  const scheme = colon > 0 && !text.startsWith('/') ? text.slice(0, colon) : 'wayland';
  const rest = colon > 0 && !text.startsWith('/') ? text.slice(colon + 1) : text;
  if (scheme === 'unix' || scheme === 'tcp') {
    const link = parseLinkAddress(text, env);
    return { kind: 'stream', path: describeLinkAddress(link), link };
  }
  if (scheme !== 'wayland')
    throw new Error(`unknown host link '${scheme}:'; expected wayland:PATH, unix:PATH or tcp:HOST:PORT`);
  if (rest === '') throw new Error('wayland: needs a socket name or path, e.g. wayland:wayland-1');
  return { kind: 'wayland', path: resolveSocket(rest, env) };
}

function resolveSocket(name: string, env: NodeJS.ProcessEnv): string {
  if (path.isAbsolute(name)) return name;
  const dir = env['XDG_RUNTIME_DIR'];
  if (!dir)
    throw new Error(
      `XDG_RUNTIME_DIR is not set, so the host socket '${name}' cannot be found (or give a path)`,
    );
  return path.join(dir, name);
}

export function describeHost(a: HostAddress): string {
  return a.kind === 'wayland' ? `wayland:${a.path}` : a.path;
}

/** Opens one connection to the host: every guest client gets its own (a channel on a stream link). */
export function connectHost(a: HostAddress): Transport {
  if (a.kind === 'stream') return hostLinkChannel(a.link);
  return new SocketTransport(connectUnix(a.path));
}
