import * as path from 'node:path';
import { SocketTransport } from '../../../compositor/src/native/socket-transport.js';
import { connectUnix } from '../../../compositor/src/native/unix-socket.js';
import type { Transport } from '../../../compositor/src/wire/transport.js';

/**
 * Where the host compositor is. `wayland:PATH` is its Wayland socket, with real fd passing (a
 * guest sharing the host's kernel). The framed byte stream links (`unix:`, `tcp:`) come later.
 */
export type HostAddress = { kind: 'wayland'; path: string };

/** Parses `wayland:PATH` (a bare PATH means the same); PATH is absolute or under XDG_RUNTIME_DIR. */
export function parseHostAddress(text: string, env: NodeJS.ProcessEnv = process.env): HostAddress {
  const colon = text.indexOf(':');
  const scheme = colon > 0 && !text.startsWith('/') ? text.slice(0, colon) : 'wayland';
  const rest = colon > 0 && !text.startsWith('/') ? text.slice(colon + 1) : text;
  if (scheme === 'unix' || scheme === 'tcp')
    throw new Error(
      `${scheme}: host links (the framed byte stream) are not implemented yet; use wayland:PATH`,
    );
  if (scheme !== 'wayland') throw new Error(`unknown host link '${scheme}:'; expected wayland:PATH`);
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
  return `wayland:${a.path}`;
}

/** Opens one connection to the host: every guest client gets its own. */
export function connectHost(a: HostAddress): Transport {
  return new SocketTransport(connectUnix(a.path));
}
