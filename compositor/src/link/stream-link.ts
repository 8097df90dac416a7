import type * as net from 'node:net';
import { debugEnabled, debugLog } from '../debug.js';
import { closeFd } from '../native/libc.js';
import { FrameReader, type FrameSink } from './frame-reader.js';
import { LinkChannel, type ChannelLink } from './link-channel.js';
import {
  checkHello,
  encodeFrame,
  encodeHello,
  frameName,
  FrameType,
  LinkProtocolError,
  LinkRole,
} from './link-frames.js';
import { DIRECT_READ_MIN, type ChunkReads } from './link-socket.js';
import { linkStats } from './link-stats.js';
import { enableRegionTracking } from './shm-regions.js';
import { VarintCursor } from './varint.js';
import { VfdTable, type VfdOutput } from './vfd-table.js';

const trace = debugEnabled('link');
/** Wayland sends wait (the channel gets `writable` later) while this much output is queued. */
const HIGH_WATER = 8 * 1024 * 1024;
/** How long a closing link may take to flush its last frames before it is cut. */
const CLOSE_GRACE_MS = 2000;

export interface StreamLinkOptions {
  role: LinkRole;
  /** Names the peer in messages: `unix:/run/x`, `tcp:10.0.0.2:4000`. */
  name: string;
  /** Host side: each channel the guest opens (make it a client). */
  onChannel?: (channel: LinkChannel) => void;
  /** Once, when the link ends: the reason (a peer that broke the protocol, or the stream ending). */
  onClose?: (reason: Error) => void;
}

/**
 * A framed byte-stream link (see link-frames.ts): many Wayland connections and their virtual
 * fds over one stream without fd passing. The guest side opens channels; the host side turns
 * each into a client. A peer that breaks the protocol gets an ERROR frame and is dropped.
 */
export class StreamLink implements FrameSink, ChannelLink, VfdOutput {
  private readonly reader = new FrameReader(this);
  private readonly vfds: VfdTable;
  private readonly channels = new Map<number, LinkChannel>();
  private readonly withInput = new Set<LinkChannel>();
  /** Guest: the next channel id; host: the highest id opened so far (ids only grow). */
  private channelCounter = 0;
  private helloSeen = false;
  private closed = false;
  private corked = 0;
  private handshake!: { resolve(): void; reject(e: Error): void };
  /** Settles once the peer's handshake arrived, or fails with the reason the link ended before. */
  readonly ready: Promise<void>;

  /** `reads`: the socket reads through it (see link-socket.ts); without, through 'data' events. */
  constructor(
    readonly socket: net.Socket,
    private readonly opts: StreamLinkOptions,
    reads: ChunkReads | null = null,
  ) {
    enableRegionTracking();
    this.ready = new Promise((resolve, reject) => (this.handshake = { resolve, reject }));
    this.ready.catch(() => {});
    this.vfds = new VfdTable(opts.role, this);
    socket.setNoDelay?.(true);
    if (reads) {
      reads.target = (chunk) => this.onData(chunk);
      reads.directTarget = () => (this.closed ? null : this.reader.directTarget(DIRECT_READ_MIN));
      reads.direct = (n) => this.onDirect(n);
    } else socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      for (const ch of [...this.channels.values()]) if (ch.wantsWritable) ch.writable();
    });
    socket.on('error', (e) => this.shutdown(new Error(`the link failed: ${e.message}`), null));
    socket.on('close', () => this.shutdown(new Error('the link closed'), null));
    this.write(encodeHello(opts.role));
  }

  get name(): string {
    return this.opts.name;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Guest side: a new Wayland connection to the host. */
  openChannel(): LinkChannel {
    if (this.opts.role !== LinkRole.Guest) throw new Error('only the guest side opens channels');
    if (this.closed) throw new Error(`the link to ${this.opts.name} is closed`);
    const ch = new LinkChannel(++this.channelCounter, this);
    this.channels.set(ch.id, ch);
    this.write(encodeFrame(FrameType.Open, [ch.id]));
    if (trace) debugLog('link', `${this.opts.name}: opened channel ${ch.id}`);
    return ch;
  }

  /** Ends the link and every channel on it. */
  close(): void {
    this.shutdown(new Error('the link was closed on this side'), null);
  }

  // --- output ------------------------------------------------------------------------------

  write(b: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    linkStats.bytesOut += b.length;
    this.socket.write(b);
  }

  canSend(): boolean {
    return !this.closed && this.socket.writableLength < HIGH_WATER;
  }

  sendWayland(channel: number, bytes: Buffer, fds: readonly number[]): void {
    this.cork();
    try {
      const { ids, closeAfter } = this.vfds.exportFds(fds);
      // Memory the messages refer to is up to date before they arrive.
      this.vfds.flushDirty();
      this.write(encodeFrame(FrameType.Wayland, [channel, ids.length, ...ids], bytes));
      for (const id of closeAfter) this.write(encodeFrame(FrameType.VfdClose, [id]));
      linkStats.waylandBytes += bytes.length;
    } finally {
      this.uncork();
    }
  }

  channelClosed(channel: number): void {
    const ch = this.channels.get(channel);
    if (!ch) return;
    this.channels.delete(channel);
    this.withInput.delete(ch);
    if (trace) debugLog('link', `${this.opts.name}: closed channel ${channel}`);
    if (!this.closed) this.write(encodeFrame(FrameType.Close, [channel]));
  }

  /** Holds writes back until the matching `uncork`, which sends them in one go (nestable). */
  cork(): void {
    if (this.corked++ === 0) this.socket.cork();
  }

  uncork(): void {
    if (--this.corked === 0) this.socket.uncork();
  }

  // --- input -------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    this.input(chunk.length, () => this.reader.push(chunk));
  }

  /** Update data that was read straight into its shared memory. */
  private onDirect(n: number): void {
    this.input(n, () => this.reader.pushDirect(n));
  }

  /** Parses `n` received bytes; a peer that broke the protocol is told why and dropped. */
  private input(n: number, parse: () => void): void {
    if (this.closed) return;
    linkStats.bytesIn += n;
    try {
      parse();
      this.deliverPending();
    } catch (e) {
      // Whatever the peer's input made fail (a broken frame, no fds left for its memory...),
      // only this link goes.
      const err = e as Error;
      const why =
        e instanceof LinkProtocolError ? err.message : `this side failed on its input: ${err.message}`;
      if (!(e instanceof LinkProtocolError))
        process.stderr.write(`tartine: link ${this.opts.name}: ${err.stack}\n`);
      linkStats.peersDropped++;
      this.shutdown(new Error(`dropped the peer: ${why}`), why);
    }
  }

  hello(b: Buffer): void {
    checkHello(b, this.opts.role);
    this.helloSeen = true;
    this.handshake.resolve();
    if (trace) debugLog('link', `${this.opts.name}: handshake done`);
  }

  frame(type: number, p: Buffer): void {
    const c = new VarintCursor(p, frameName(type));
    switch (type) {
      case FrameType.Open:
        return this.peerOpened(c.next());
      case FrameType.Close:
        return this.peerClosed(c.next());
      case FrameType.Wayland: {
        const channel = c.next();
        const n = c.next();
        if (n > 28) throw new LinkProtocolError(`a Wayland frame with ${n} fds`);
        const ids: number[] = [];
        for (let i = 0; i < n; i++) ids.push(c.next());
        return this.wayland(channel, ids, c.rest());
      }
      case FrameType.ShmCreate:
        return this.vfds.shmCreate(c.next(), c.next());
      case FrameType.ShmCopy:
        return this.vfds.shmCopy(c);
      case FrameType.VfdClose:
        return this.vfds.vfdClose(c.next());
      case FrameType.PipeCreate:
        return this.vfds.pipeCreate(c.next(), c.next());
      case FrameType.PipeData:
        return this.vfds.pipeData(c.next(), c.rest());
      case FrameType.PipeCredit:
        return this.vfds.pipeCredit(c.next(), c.next());
      case FrameType.PipeEof:
        return this.vfds.pipeEof(c.next());
      case FrameType.Error:
        this.shutdown(new Error(`the peer ended the link: ${p.toString('utf8')}`), null);
        return;
      default:
        throw new LinkProtocolError(`the peer sent ${frameName(type)}`);
    }
  }

  updateTarget(vfd: number, ranges: Uint32Array): Buffer {
    return this.vfds.updateTarget(vfd, ranges);
  }

  private peerOpened(id: number): void {
    if (this.opts.role !== LinkRole.Host || !this.opts.onChannel)
      throw new LinkProtocolError('the host side sent OPEN: only the guest side opens channels');
    if (id <= this.channelCounter) throw new LinkProtocolError(`the peer reopened channel ${id}`);
    this.channelCounter = id;
    if (trace) debugLog('link', `${this.opts.name}: the peer opened channel ${id}`);
    const ch = new LinkChannel(id, this);
    this.channels.set(id, ch);
    this.opts.onChannel(ch);
  }

  private peerClosed(id: number): void {
    const ch = this.channels.get(id);
    if (!ch) {
      if (id > this.channelCounter) throw new LinkProtocolError(`CLOSE for channel ${id}, never opened`);
      return;
    }
    if (trace) debugLog('link', `${this.opts.name}: the peer closed channel ${id}`);
    // Already gone here: no CLOSE goes back. What it sent before closing is still read.
    this.channels.delete(id);
    this.deliverPending();
    ch.end(null);
  }

  private wayland(id: number, vfdIds: number[], bytes: Buffer): void {
    const fds = this.vfds.importFds(vfdIds);
    const ch = this.channels.get(id);
    if (!ch) {
      for (const fd of fds) closeFd(fd);
      // A channel this side closed while the peer was still talking on it.
      if (id > this.channelCounter)
        throw new LinkProtocolError(`Wayland bytes for channel ${id}, never opened`);
      return;
    }
    if (bytes.length === 0 && fds.length > 0) throw new LinkProtocolError('fds without Wayland bytes');
    ch.deliver(Buffer.from(bytes), fds);
    this.withInput.add(ch);
  }

  /** Lets every channel read what arrived for it, in the order the frames came. */
  deliverPending(): void {
    for (const ch of this.withInput) {
      this.withInput.delete(ch);
      try {
        ch.pump();
      } catch (e) {
        // A bug above the transport: only that connection goes.
        process.stderr.write(`tartine: link ${this.opts.name}: a connection failed: ${(e as Error).stack}\n`);
        ch.end(e as Error);
      }
      if (this.closed) return;
    }
  }

  // --- the end -----------------------------------------------------------------------------

  private shutdown(reason: Error, tellPeer: string | null): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.stop();
    if (!this.helloSeen)
      this.handshake.reject(
        reason.message === 'the link closed'
          ? new Error('the peer closed the link before its handshake (is it a Tartine link endpoint?)')
          : reason,
      );
    if (trace) debugLog('link', `${this.opts.name}: ${reason.message}`);
    if (!this.socket.destroyed) {
      if (tellPeer !== null) this.socket.write(encodeFrame(FrameType.Error, [], Buffer.from(tellPeer)));
      this.socket.end();
      setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
    }
    this.vfds.closeAll();
    const channels = [...this.channels.values()];
    this.channels.clear();
    this.withInput.clear();
    for (const ch of channels) ch.end(reason);
    this.opts.onClose?.(reason);
  }
}
