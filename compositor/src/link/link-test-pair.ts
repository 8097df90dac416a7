/**
 * For the link tests: a guest and a host StreamLink joined by a socketpair in this process,
 * and a way to drive a LinkChannel by hand (collect what it receives, with its fds).
 */
import * as net from 'node:net';
import { socketPair } from '../native/unix-socket.js';
import type { LinkChannel } from './link-channel.js';
import { LinkRole } from './link-frames.js';
import { ChunkReads, socketWithReads } from './link-socket.js';
import { StreamLink, type StreamLinkOptions } from './stream-link.js';

export interface LinkPair {
  guest: StreamLink;
  host: StreamLink;
  /** Channels the host side accepted, in order. */
  accepted: LinkChannel[];
  /** Why each side ended, once it has. */
  ended: { guest: Error | null; host: Error | null };
  close(): void;
}

export function streamSocket(fd: number): net.Socket {
  return new net.Socket({ fd, readable: true, writable: true });
}

function linkEnd(fd: number, opts: StreamLinkOptions): StreamLink {
  const reads = new ChunkReads();
  return new StreamLink(socketWithReads(fd, reads), opts, reads);
}

export function linkPair(onChannel?: (ch: LinkChannel) => void): LinkPair {
  const [a, b] = socketPair();
  const accepted: LinkChannel[] = [];
  const ended: LinkPair['ended'] = { guest: null, host: null };
  const guest = linkEnd(a, {
    role: LinkRole.Guest,
    name: 'test-guest',
    onClose: (e) => (ended.guest = e),
  });
  const host = linkEnd(b, {
    role: LinkRole.Host,
    name: 'test-host',
    onChannel: (ch) => {
      accepted.push(ch);
      onChannel?.(ch);
    },
    onClose: (e) => (ended.host = e),
  });
  return {
    guest,
    host,
    accepted,
    ended,
    close: () => {
      guest.close();
      host.close();
    },
  };
}

/** Collects what a channel receives: bytes and fds, and whether it hung up. */
export class ChannelProbe {
  bytes = Buffer.alloc(0);
  fds: number[] = [];
  hungUp = false;
  error: Error | null = null;
  private readonly buf = Buffer.alloc(65536);

  constructor(readonly channel: LinkChannel) {
    channel.start({
      readable: () => this.read(),
      writable: () => {},
      hangup: () => {
        while (this.read());
        this.hungUp = true;
      },
    });
  }

  private read(): boolean {
    try {
      const n = this.channel.recv(this.buf, 0, this.buf.length, this.fds);
      if (n <= 0) return false;
      this.bytes = Buffer.concat([this.bytes, this.buf.subarray(0, n)]);
      return true;
    } catch (e) {
      this.error = e as Error;
      return false;
    }
  }
}

/** Resolves when `cond` holds, polling the event loop (fails after `ms`). */
export async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
