import * as fs from 'node:fs';
import { c, closeFd, dupFd } from '../native/libc.js';
import { pipe, preadFd } from '../native/shared-memory.js';
import { ByteRanges } from './byte-ranges.js';
import {
  encodeFrame,
  encodeFrameHead,
  FrameType,
  LinkProtocolError,
  LinkRole,
  PipeDirection,
} from './link-frames.js';
import { PipeSink, PipeSource, type PipeEnd, type PipeFrames } from './pipe-relay.js';
import { unsupportedFd } from './link-error.js';
import { ShmMirrors } from './shm-mirrors.js';
import { writeCopy, writeUpdate } from './shm-update.js';
import type { VarintCursor } from './varint.js';
import {
  fileKey,
  findRegion,
  nonZeroRanges,
  type RegionHandle,
  type RegionSubscriber,
} from './shm-regions.js';

/** Largest memfd sent as a one-time copy (live regions have no limit but their own). */
const MAX_SNAPSHOT = 64 * 1024 * 1024;
/** Most fds (mirrors and pipes) one peer may have open across the link. */
const MAX_VFDS = 4096;
/**
 * Most pipes the peer may open at once. Each may hold a credit window of bytes the local
 * reader has not taken yet, so this bounds what a hostile peer can make us buffer
 * (MAX_PEER_PIPES × PIPE_WINDOW = 128 MiB) while leaving room for many transfers at once.
 */
export const MAX_PEER_PIPES = 64;
const O_ACCMODE = 3;
const O_WRONLY = 1;
const F_GETFL = 3;

/** How the table writes frames, in stream order, and settles earlier Wayland input first. */
export interface VfdOutput {
  write(b: Buffer): void;
  /** Hands every received Wayland byte to its connection (before memory they use changes). */
  deliverPending(): void;
  /** Hold writes back until `uncork`, which sends them together (optional). */
  cork?(): void;
  uncork?(): void;
}

/** A region this side sends, live: its pending ranges go out before the next Wayland bytes. */
class OutRegion implements RegionSubscriber {
  readonly pending = new ByteRanges();
  constructor(
    readonly vfd: number,
    readonly handle: RegionHandle,
    private readonly table: VfdTable,
  ) {}
  dirty(start: number, end: number): void {
    this.pending.add(start, end);
    this.table.dirtyRegions.add(this);
  }
  copied(from: RegionHandle, ranges: ByteRanges): void {
    this.table.copyInto(this, from, ranges);
  }
  released(): void {
    this.table.dropOut(this, true);
  }
}

/**
 * The virtual fds of one link, both ways. Outgoing: each fd of a Wayland message becomes an shm
 * region (mirrored live if registered, else copied once) or a pipe (relayed with credit);
 * anything else is refused. Incoming: mirrors and local pipes whose fds are handed to the
 * Wayland messages that name them.
 */
export class VfdTable implements PipeFrames {
  readonly dirtyRegions = new Set<OutRegion>();
  private readonly outByKey = new Map<string, OutRegion>();
  private readonly mirrors: ShmMirrors;
  private readonly pipes = new Map<number, PipeEnd>();
  /** Local pipe ends made for the peer, waiting for the Wayland message that carries them. */
  private readonly deliverable = new Map<number, number>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly role: LinkRole,
    private readonly out: VfdOutput,
  ) {
    this.mirrors = new ShmMirrors(() => out.deliverPending());
  }

  /** Even ids on the guest side, odd on the host side. */
  private newId(): number {
    return 2 * this.nextId++ + (this.role === LinkRole.Host ? 1 : 0);
  }

  private peerOwns(vfd: number): boolean {
    return vfd % 2 === (this.role === LinkRole.Guest ? 1 : 0);
  }

  // --- sending -----------------------------------------------------------------------------

  /** Vfd ids for the fds of one Wayland send (creating them), and the one-time ones to close after. */
  exportFds(fds: readonly number[]): { ids: number[]; closeAfter: number[] } {
    const plans = fds.map((fd) => ({ fd, st: fs.fstatSync(fd) }));
    for (const p of plans) if (!p.st.isFIFO() && !p.st.isFile()) throw unsupportedFd(p.st);
    const ids: number[] = [];
    const closeAfter: number[] = [];
    for (const { fd, st } of plans) {
      if (st.isFIFO()) ids.push(this.exportPipe(fd));
      else {
        const handle = findRegion(fileKey(st));
        if (handle) ids.push(this.exportLive(handle));
        else {
          const id = this.exportSnapshot(fd, st.size);
          ids.push(id);
          closeAfter.push(id);
        }
      }
    }
    return { ids, closeAfter };
  }

  private exportPipe(fd: number): number {
    const mode = (c.fcntl(fd, F_GETFL, 0) as number) & O_ACCMODE;
    const own = dupFd(fd);
    const vfd = this.newId();
    // A write end: the bytes come from the peer and we write them; a read end: we read and send.
    const toUs = mode === O_WRONLY;
    this.pipes.set(vfd, toUs ? new PipeSink(vfd, own, this) : new PipeSource(vfd, own, this));
    this.out.write(
      encodeFrame(FrameType.PipeCreate, [vfd, toUs ? PipeDirection.ToSender : PipeDirection.FromSender]),
    );
    return vfd;
  }

  private exportLive(handle: RegionHandle): number {
    const have = this.outByKey.get(handle.key);
    if (have) return have.vfd;
    const o = new OutRegion(this.newId(), handle, this);
    this.out.write(encodeFrame(FrameType.ShmCreate, [o.vfd, handle.size]));
    this.outByKey.set(handle.key, o);
    handle.subscribe(o);
    o.pending.addAll(handle.everDirty);
    if (!o.pending.isEmpty) this.dirtyRegions.add(o);
    return o.vfd;
  }

  private exportSnapshot(fd: number, size: number): number {
    if (size > MAX_SNAPSHOT)
      throw new Error(
        `a ${size}-byte shared memory file cannot cross a stream link as a copy (at most ${MAX_SNAPSHOT})`,
      );
    const content = Buffer.alloc(size);
    const n = size > 0 ? preadFd(fd, content, size, 0) : 0;
    const vfd = this.newId();
    this.out.write(encodeFrame(FrameType.ShmCreate, [vfd, size]));
    writeUpdate(this.out, vfd, nonZeroRanges(content.subarray(0, n)), content, true);
    return vfd;
  }

  /** Sends every pending change of live regions: called before any Wayland bytes go out. */
  flushDirty(): void {
    for (const o of this.dirtyRegions) this.flushRegion(o);
  }

  private flushRegion(o: OutRegion): void {
    this.dirtyRegions.delete(o);
    if (o.pending.isEmpty) return;
    writeUpdate(this.out, o.vfd, o.pending, o.handle.map, false);
    o.pending.clear();
  }

  /** `to` caught up from `from`: the peer copies between its mirrors if it has both. */
  copyInto(to: OutRegion, from: RegionHandle, ranges: ByteRanges): void {
    const src = this.outByKey.get(from.key);
    if (!src || this.closed) {
      ranges.forEach((s, e) => to.dirty(s, e));
      return;
    }
    // Both mirrors are brought up to date first: the copy happens at this point of the stream.
    this.flushRegion(src);
    this.flushRegion(to);
    writeCopy(this.out, src.vfd, to.vfd, ranges);
  }

  /** Forgets an outgoing region (the program released it, or the link ends). */
  dropOut(o: OutRegion, tellPeer: boolean): void {
    if (this.outByKey.get(o.handle.key) !== o) return;
    this.outByKey.delete(o.handle.key);
    this.dirtyRegions.delete(o);
    o.handle.unsubscribe(o);
    if (tellPeer && !this.closed) this.out.write(encodeFrame(FrameType.VfdClose, [o.vfd]));
  }

  // --- receiving ---------------------------------------------------------------------------

  /** The fds a Wayland message names, as local fds for its connection (the caller owns them). */
  importFds(ids: readonly number[]): number[] {
    const fds: number[] = [];
    try {
      for (const id of ids) {
        const m = this.mirrors.get(id);
        if (m) fds.push(dupFd(m.fd));
        else {
          const fd = this.deliverable.get(id);
          if (fd === undefined) throw new LinkProtocolError(`a Wayland message names unknown fd ${id}`);
          this.deliverable.delete(id);
          fds.push(fd);
        }
      }
    } catch (e) {
      for (const fd of fds) closeFd(fd);
      throw e;
    }
    return fds;
  }

  shmCreate(vfd: number, size: number): void {
    this.checkNew(vfd);
    this.mirrors.create(vfd, size);
  }

  updateTarget(vfd: number, ranges: Uint32Array): Buffer {
    return this.mirrors.updateTarget(vfd, ranges);
  }

  shmCopy(c: VarintCursor): void {
    this.mirrors.copy(c);
  }

  vfdClose(vfd: number): void {
    // A pipe's other end gave up; an id we already finished with is fine.
    if (!this.mirrors.close(vfd)) this.pipes.get(vfd)?.abort();
  }

  pipeCreate(vfd: number, direction: number): void {
    this.checkNew(vfd);
    let peerPipes = 0;
    for (const id of this.pipes.keys()) if (this.peerOwns(id)) peerPipes++;
    if (peerPipes >= MAX_PEER_PIPES)
      throw new LinkProtocolError(`the peer holds more than ${MAX_PEER_PIPES} pipes open across the link`);
    if (direction !== PipeDirection.ToSender && direction !== PipeDirection.FromSender)
      throw new LinkProtocolError(`a pipe with direction ${direction}`);
    const [r, w] = pipe(false);
    // Data flowing to the sender: we read our pipe and the peer's message carries the write end.
    const toSender = direction === PipeDirection.ToSender;
    this.deliverable.set(vfd, toSender ? w : r);
    this.pipes.set(vfd, toSender ? new PipeSource(vfd, r, this) : new PipeSink(vfd, w, this));
  }

  pipeData(vfd: number, bytes: Buffer): void {
    const p = this.pipes.get(vfd);
    if (p instanceof PipeSink) p.data(bytes);
    else if (p) throw new LinkProtocolError(`pipe data sent to the sending side of pipe ${vfd}`);
  }

  pipeCredit(vfd: number, bytes: number): void {
    const p = this.pipes.get(vfd);
    if (p instanceof PipeSource) p.addCredit(bytes);
  }

  pipeEof(vfd: number): void {
    const p = this.pipes.get(vfd);
    if (p instanceof PipeSink) p.eof();
  }

  private checkNew(vfd: number): void {
    if (!this.peerOwns(vfd) || this.mirrors.get(vfd) || this.pipes.has(vfd) || this.deliverable.has(vfd))
      throw new LinkProtocolError(`the peer reused or forged fd id ${vfd}`);
    if (this.mirrors.count + this.pipes.size + this.deliverable.size >= MAX_VFDS)
      throw new LinkProtocolError(`the peer holds more than ${MAX_VFDS} fds open across the link`);
  }

  // --- PipeFrames: what the pipe ends send ------------------------------------------------------

  /** The frames `fn` sends go out together (one writev rather than two writes per frame). */
  batch(fn: () => void): void {
    this.out.cork?.();
    try {
      fn();
    } finally {
      this.out.uncork?.();
    }
  }

  /** `bytes` is a fresh read that nobody reuses: it goes out as is, after its header. */
  data(vfd: number, bytes: Buffer): void {
    if (this.closed) return;
    this.out.write(encodeFrameHead(FrameType.PipeData, [vfd], bytes.length));
    this.out.write(bytes);
  }
  credit(vfd: number, bytes: number): void {
    if (!this.closed) this.out.write(encodeFrame(FrameType.PipeCredit, [vfd, bytes]));
  }
  eof(vfd: number): void {
    if (!this.closed) this.out.write(encodeFrame(FrameType.PipeEof, [vfd]));
  }
  close(vfd: number): void {
    if (!this.closed) this.out.write(encodeFrame(FrameType.VfdClose, [vfd]));
  }
  done(vfd: number): void {
    this.pipes.delete(vfd);
  }

  /** The link ended: every mirror, pipe and subscription goes. */
  closeAll(): void {
    if (this.closed) return;
    this.closed = true;
    for (const o of [...this.outByKey.values()]) this.dropOut(o, false);
    this.mirrors.closeAll();
    for (const p of [...this.pipes.values()]) p.abort();
    for (const fd of this.deliverable.values()) closeFd(fd);
    this.deliverable.clear();
  }
}
