import * as fs from 'node:fs';
import * as path from 'node:path';
import { FdWatcher } from '../native/fd-watcher.js';
import { c, LOCK_EX, LOCK_NB } from '../native/libc.js';
import { SocketTransport } from '../native/socket-transport.js';
import { acceptUnix, listenUnix, peerCredentials } from '../native/unix-socket.js';
import type { Transport } from '../wire/transport.js';
import { Client, type Credentials } from './client.js';
import type { Global } from './global.js';
import { Registry } from './registry.js';
import type { Resource, ResourceClass } from './resource.js';

interface ListeningSocket {
  path: string;
  lockPath: string;
  fd: number;
  lockFd: number;
  watcher: FdWatcher;
}

/**
 * The server side of Wayland (libwayland's wl_display): listening sockets, clients, globals,
 * serials, and flushing client output once per dispatch turn.
 */
export class Display {
  readonly clients = new Set<Client>();
  readonly registry: Registry;
  private readonly sockets: ListeningSocket[] = [];
  private readonly dirty = new Set<Client>();
  private flushImmediate: NodeJS.Immediate | null = null;
  private serial = 0;
  private clientListeners: Array<(client: Client) => void> = [];
  private destroyed = false;

  constructor() {
    this.registry = new Registry(this);
  }

  /** Advertises a global; `bind` sets up each resource a client binds. */
  createGlobal<T extends Resource>(
    cls: ResourceClass<T>,
    version: number,
    bind: (resource: T) => void,
    filter: ((client: Client) => boolean) | null = null,
  ): Global<T> {
    return this.registry.create(cls, version, bind, filter);
  }

  nextSerial(): number {
    this.serial = (this.serial + 1) >>> 0;
    return this.serial;
  }

  get currentSerial(): number {
    return this.serial;
  }

  /** Called for every new client, before it sends anything. */
  onClientCreated(cb: (client: Client) => void): void {
    this.clientListeners.push(cb);
  }

  /**
   * Listens on `$XDG_RUNTIME_DIR/<name>` (or an absolute path), guarded by a `.lock` file as
   * libwayland does; without a name, takes the first free `wayland-N`. Returns the socket path.
   */
  addSocket(name?: string): string {
    if (name !== undefined) return this.listenAt(resolveSocketPath(name));
    for (let i = 0; i < 33; i++) {
      const p = resolveSocketPath(`wayland-${i}`);
      try {
        return this.listenAt(p);
      } catch (e) {
        if (!(e instanceof SocketInUseError)) throw e;
      }
    }
    throw new Error('no free wayland-N socket name in $XDG_RUNTIME_DIR (tried wayland-0 to wayland-32)');
  }

  private listenAt(socketPath: string): string {
    const lockPath = `${socketPath}.lock`;
    const lockFd = fs.openSync(lockPath, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o660);
    if ((c.flock(lockFd, LOCK_EX | LOCK_NB) as number) !== 0) {
      fs.closeSync(lockFd);
      throw new SocketInUseError(`${socketPath} is in use by another compositor (its lock file is held)`);
    }
    // We hold the lock, so a socket file left here belongs to a compositor that died.
    fs.rmSync(socketPath, { force: true });
    let fd: number;
    try {
      fd = listenUnix(socketPath);
    } catch (e) {
      fs.closeSync(lockFd);
      fs.rmSync(lockPath, { force: true });
      throw e;
    }
    const watcher = new FdWatcher(fd, () => this.acceptPending(fd));
    this.sockets.push({ path: socketPath, lockPath, fd, lockFd, watcher });
    return socketPath;
  }

  private acceptPending(listenFd: number): void {
    for (let i = 0; i < 64; i++) {
      let fd: number;
      try {
        fd = acceptUnix(listenFd);
      } catch (e) {
        process.stderr.write(`tartine: accept failed: ${(e as Error).message}\n`);
        return;
      }
      if (fd < 0) return;
      let creds: Credentials | null = null;
      try {
        creds = peerCredentials(fd);
      } catch {
        creds = null;
      }
      this.addClient(new SocketTransport(fd), creds);
    }
  }

  /** Serves a client over an already connected transport (a socketpair end, a link endpoint...). */
  addClient(transport: Transport, credentials: Credentials | null = null): Client {
    const client = new Client(this, transport, credentials);
    this.clients.add(client);
    for (const cb of this.clientListeners) cb(client);
    client.start();
    return client;
  }

  /** Serves a client on a connected unix socket fd (e.g. one end of a socketpair). */
  addClientFd(fd: number): Client {
    let creds: Credentials | null = null;
    try {
      creds = peerCredentials(fd);
    } catch {
      creds = null;
    }
    return this.addClient(new SocketTransport(fd), creds);
  }

  removeClient(client: Client): void {
    this.clients.delete(client);
    this.dirty.delete(client);
  }

  /** Notes that `client` has output to send; it goes out at the end of this turn. */
  markDirty(client: Client): void {
    this.dirty.add(client);
    this.scheduleFlush();
  }

  scheduleFlush(): void {
    if (this.flushImmediate) return;
    this.flushImmediate = setImmediate(() => {
      this.flushImmediate = null;
      this.flushClients();
    });
  }

  flushClients(): void {
    // Flushed now (end of a dispatch batch): a pending immediate would only cost an extra
    // non-blocking turn of the event loop.
    if (this.flushImmediate) {
      clearImmediate(this.flushImmediate);
      this.flushImmediate = null;
    }
    if (this.dirty.size === 0) return;
    for (const client of this.dirty) client.flush();
    this.dirty.clear();
  }

  /** Disconnects every client and removes the sockets and lock files. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const client of [...this.clients]) client.destroy();
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    this.flushImmediate = null;
    for (const s of this.sockets) {
      s.watcher.close();
      c.close(s.fd);
      fs.rmSync(s.path, { force: true });
      fs.rmSync(s.lockPath, { force: true });
      fs.closeSync(s.lockFd);
    }
    this.sockets.length = 0;
  }

  get socketPaths(): string[] {
    return this.sockets.map((s) => s.path);
  }
}

class SocketInUseError extends Error {}

function resolveSocketPath(name: string): string {
  if (path.isAbsolute(name)) return name;
  const dir = process.env['XDG_RUNTIME_DIR'];
  if (!dir)
    throw new Error(
      'XDG_RUNTIME_DIR is not set: set it to a private directory owned by you (for example /run/user/$(id -u)), or give an absolute socket path',
    );
  return path.join(dir, name);
}
