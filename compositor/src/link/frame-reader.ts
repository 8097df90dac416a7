import {
  FrameType,
  frameName,
  HEADER_SIZE,
  HELLO_SIZE,
  LinkProtocolError,
  MAX_FRAME,
  MAX_UPDATE_RANGES,
} from './link-frames.js';

/** What the reader hands its link. */
export interface FrameSink {
  hello(b: Buffer): void;
  /**
   * One whole frame other than SHM_UPDATE. `payload` is only valid during the call (it may be
   * the reader's scratch buffer): copy what must outlive it.
   */
  frame(type: number, payload: Buffer): void;
  /**
   * An SHM_UPDATE begins: returns the memory its data goes into, after checking that every
   * range fits. `ranges` holds (offset, length) pairs.
   */
  updateTarget(vfd: number, ranges: Uint32Array): Buffer;
  /** The last data of an update arrived. */
  updateDone(vfd: number, bytes: number): void;
}

const enum State {
  Hello,
  Header,
  Body,
  UpdateHead,
  UpdateTable,
  UpdateData,
}

/**
 * Splits the incoming stream into the handshake and frames. SHM_UPDATE data is copied straight
 * from the received chunks into the region it updates, so a full-screen frame is never
 * buffered whole. Throws LinkProtocolError on anything malformed; the link then drops the peer.
 */
export class FrameReader {
  private state = State.Hello;
  private want = HELLO_SIZE;
  private acc: Buffer = Buffer.alloc(4096);
  private accLen = 0;
  private type = 0;
  private length = 0;
  // The update being streamed.
  private vfd = 0;
  private ranges = new Uint32Array(0);
  private target: Buffer = Buffer.alloc(0);
  private rangeIndex = 0;
  private rangeDone = 0;
  private updateBytes = 0;
  private stopped = false;

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && !this.stopped) {
      if (this.state === State.UpdateData) {
        pos = this.streamData(chunk, pos);
        continue;
      }
      let piece: Buffer;
      const avail = chunk.length - pos;
      if (this.accLen === 0 && avail >= this.want) {
        piece = chunk.subarray(pos, pos + this.want);
        pos += this.want;
      } else {
        if (this.acc.length < this.want) this.acc = grow(this.acc, this.want, this.accLen);
        const n = Math.min(this.want - this.accLen, avail);
        chunk.copy(this.acc, this.accLen, pos, pos + n);
        this.accLen += n;
        pos += n;
        if (this.accLen < this.want) return;
        piece = this.acc.subarray(0, this.want);
        this.accLen = 0;
      }
      this.consume(piece);
    }
  }

  /** Ignores everything from now on (the link is gone). */
  stop(): void {
    this.stopped = true;
  }

  private consume(piece: Buffer): void {
    switch (this.state) {
      case State.Hello:
        this.sink.hello(piece);
        this.expectHeader();
        return;
      case State.Header: {
        this.type = piece.readUInt32LE(0);
        this.length = piece.readUInt32LE(4);
        if (this.type === FrameType.ShmUpdate) {
          if (this.length < 8) throw new LinkProtocolError(`SHM_UPDATE frame of ${this.length} bytes`);
          this.state = State.UpdateHead;
          this.want = 8;
          return;
        }
        if (this.type < FrameType.Open || this.type > FrameType.Error)
          throw new LinkProtocolError(`the peer sent ${frameName(this.type)}`);
        if (this.length > MAX_FRAME)
          throw new LinkProtocolError(
            `the peer sent a ${frameName(this.type)} frame of ${this.length} bytes (at most ${MAX_FRAME})`,
          );
        this.state = State.Body;
        this.want = this.length;
        if (this.length === 0) this.consume(Buffer.alloc(0));
        return;
      }
      case State.Body:
        this.expectHeader();
        this.sink.frame(this.type, piece);
        return;
      case State.UpdateHead: {
        this.vfd = piece.readUInt32LE(0);
        const count = piece.readUInt32LE(4);
        if (count === 0 || count > MAX_UPDATE_RANGES || 8 + count * 8 > this.length)
          throw new LinkProtocolError(`SHM_UPDATE with ${count} ranges in ${this.length} bytes`);
        this.state = State.UpdateTable;
        this.want = count * 8;
        return;
      }
      case State.UpdateTable:
        this.startUpdate(piece);
        return;
    }
  }

  private startUpdate(table: Buffer): void {
    const count = table.length / 8;
    const ranges = new Uint32Array(count * 2);
    let total = 0;
    for (let i = 0; i < count * 2; i++) ranges[i] = table.readUInt32LE(i * 4);
    for (let i = 1; i < ranges.length; i += 2) total += ranges[i]!;
    if (8 + count * 8 + total !== this.length)
      throw new LinkProtocolError(
        `SHM_UPDATE ranges add up to ${total} bytes but the frame carries ${this.length - 8 - count * 8}`,
      );
    this.target = this.sink.updateTarget(this.vfd, ranges);
    this.ranges = ranges;
    this.rangeIndex = 0;
    this.rangeDone = 0;
    this.updateBytes = total;
    this.state = State.UpdateData;
    this.skipEmptyRanges();
  }

  /** Copies update data from `chunk[pos..]` into the target; returns the new position. */
  private streamData(chunk: Buffer, pos: number): number {
    const r = this.ranges;
    const i = this.rangeIndex;
    const left = r[i + 1]! - this.rangeDone;
    const n = Math.min(left, chunk.length - pos);
    chunk.copy(this.target, r[i]! + this.rangeDone, pos, pos + n);
    this.rangeDone += n;
    if (this.rangeDone === r[i + 1]) {
      this.rangeIndex += 2;
      this.rangeDone = 0;
      this.skipEmptyRanges();
    }
    return pos + n;
  }

  private skipEmptyRanges(): void {
    const r = this.ranges;
    while (this.rangeIndex < r.length && r[this.rangeIndex + 1] === 0) this.rangeIndex += 2;
    if (this.rangeIndex < r.length) return;
    const vfd = this.vfd;
    this.target = Buffer.alloc(0);
    this.expectHeader();
    this.sink.updateDone(vfd, this.updateBytes);
  }

  private expectHeader(): void {
    this.state = State.Header;
    this.want = HEADER_SIZE;
  }
}

function grow(acc: Buffer, size: number, keep: number): Buffer {
  const b = Buffer.alloc(Math.max(size, acc.length * 2));
  acc.copy(b, 0, 0, keep);
  return b;
}
