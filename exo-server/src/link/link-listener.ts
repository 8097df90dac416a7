import type * as net from 'node:net';
import {
  describeLinkAddress,
  isLoopback,
  listenLink,
  parseLinkAddress,
} from '../../../compositor/src/link/link-address.js';
import { LinkRole } from '../../../compositor/src/link/link-frames.js';
import type { ChunkReads } from '../../../compositor/src/link/link-socket.js';
import { widenLinkBuffers } from '../../../compositor/src/link/socket-buffers.js';
import { StreamLink } from '../../../compositor/src/link/stream-link.js';
import type { Exo } from '../exo.js';

/**
 * exo's end of the framed byte-stream links (`--link-listen unix:PATH|tcp:HOST:PORT`): each
 * accepted stream is one guest (one sommelier), each channel on it an ordinary client of the
 * display, with no credentials (there is no pid across a link). Nothing else in exo knows the
 * difference. A peer that breaks the link protocol is told why and dropped; the others go on.
 */
export class LinkListener {
  private readonly links = new Set<StreamLink>();

  private constructor(
    private readonly server: net.Server,
    /** Where it listens, as `unix:PATH` or `tcp:HOST:PORT` (with the real port). */
    readonly address: string,
  ) {}

  static async start(exo: Exo, text: string): Promise<LinkListener> {
    const wanted = parseLinkAddress(text);
    if (wanted.kind === 'tcp' && !isLoopback(wanted.host))
      process.stderr.write(
        `tartine exo: warning: the link endpoint listens on ${wanted.host}, not only on this machine; ` +
          'anyone who can reach it can show windows on this desktop\n',
      );
    let self: LinkListener | null = null;
    const { server, address } = await listenLink(wanted, (socket, reads) => self?.accept(exo, socket, reads));
    self = new LinkListener(server, describeLinkAddress(address));
    return self;
  }

  private accept(exo: Exo, socket: net.Socket, reads: ChunkReads | null): void {
    const peer =
      socket.remoteAddress !== undefined ? `tcp:${socket.remoteAddress}:${socket.remotePort}` : this.address;
    widenLinkBuffers(socket);
    const link = new StreamLink(
      socket,
      {
        role: LinkRole.Host,
        name: peer,
        onChannel: (channel) => exo.display.addClient(channel, null),
        onClose: (reason) => {
          this.links.delete(link);
          if (!/^the link (closed|was closed on this side)$/.test(reason.message))
            process.stderr.write(`tartine exo: link from ${peer}: ${reason.message}\n`);
        },
      },
      reads,
    );
    this.links.add(link);
  }

  /** Stops listening and ends every link (their clients go with them). */
  close(): void {
    this.server.close();
    for (const link of [...this.links]) link.close();
  }
}
