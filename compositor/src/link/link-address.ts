import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { adoptAccepted, ChunkReads, connectWithReads } from './link-socket.js';

/** Where a stream link listens or connects: a unix stream socket (no fds passed) or TCP. */
export type LinkAddress = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

const DEFAULT_TCP_HOST = '127.0.0.1';

/**
 * Parses `unix:PATH` (absolute, or a name under XDG_RUNTIME_DIR) or `tcp:HOST:PORT`
 * (`tcp:PORT` means 127.0.0.1; an IPv6 host goes in brackets: `tcp:[::1]:4000`).
 */
export function parseLinkAddress(text: string, env: NodeJS.ProcessEnv = process.env): LinkAddress {
  const colon = text.indexOf(':');
  const scheme = colon > 0 ? text.slice(0, colon) : '';
  const rest = colon > 0 ? text.slice(colon + 1) : '';
  if (scheme === 'unix') {
    if (rest === '') throw new Error('unix: needs a socket path, e.g. unix:/run/tartine/link');
    if (path.isAbsolute(rest)) return { kind: 'unix', path: rest };
    const dir = env['XDG_RUNTIME_DIR'];
    if (!dir)
      throw new Error(`XDG_RUNTIME_DIR is not set, so '${rest}' cannot be found (give an absolute path)`);
    return { kind: 'unix', path: path.join(dir, rest) };
  }
  if (scheme === 'tcp') {
    const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d+)$/.exec(rest);
    if (!m) throw new Error(`tcp:${rest}: expected tcp:HOST:PORT, e.g. tcp:127.0.0.1:7300`);
    const port = Number(m[2]);
    if (port > 65535) throw new Error(`tcp:${rest}: ${port} is not a TCP port (0-65535)`);
    const host = m[1] ? m[1].replace(/^\[(.*)\]$/, '$1') : DEFAULT_TCP_HOST;
    return { kind: 'tcp', host, port };
  }
  throw new Error(`'${text}' is not a link address: expected unix:PATH or tcp:HOST:PORT`);
}

export function describeLinkAddress(a: LinkAddress): string {
  if (a.kind === 'unix') return `unix:${a.path}`;
  return `tcp:${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** True when a TCP host is this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Starts connecting (the stream buffers what is written before it is connected). */
export function connectLink(a: LinkAddress, reads: ChunkReads): net.Socket {
  return connectWithReads(a.kind === 'unix' ? { path: a.path } : { host: a.host, port: a.port }, reads);
}

/**
 * Listens on `a`. A unix socket file left by a process that died is replaced; one that still
 * answers is an error. Returns the server and the address it really listens on (port 0 → a port).
 */
export async function listenLink(
  a: LinkAddress,
  onConnection: (socket: net.Socket, reads: ChunkReads | null) => void,
): Promise<{ server: net.Server; address: LinkAddress }> {
  if (a.kind === 'unix' && fs.existsSync(a.path)) {
    if (!fs.statSync(a.path).isSocket()) throw new Error(`${a.path} exists and is not a socket`);
    if (await answers(a.path)) throw new Error(`${a.path} is in use by another process`);
    fs.rmSync(a.path, { force: true });
  }
  const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (accepted) => {
    const reads = new ChunkReads();
    const socket = adoptAccepted(accepted, reads);
    if (socket) onConnection(socket, reads);
    else {
      accepted.resume();
      onConnection(accepted, null);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (a.kind === 'unix') server.listen(a.path, () => resolve());
    else server.listen(a.port, a.host, () => resolve());
  });
  if (a.kind === 'unix') {
    fs.chmodSync(a.path, 0o600);
    return { server, address: a };
  }
  const got = server.address() as net.AddressInfo;
  return { server, address: { kind: 'tcp', host: a.host, port: got.port } };
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ path: socketPath });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
