import {
  FrameType,
  frameName,
  HELLO_SIZE,
  LinkProtocolError,
  MAX_FRAME,
  MAX_UPDATE_RANGES,
} from './link-frames.js';
import { readRanges } from './shm-update.js';
import { varintSize, VarintCursor, VarintStream } from './varint.js';

/** What the reader hands its link. */
export interface FrameSink {
  hello(b: Buffer): void;
  /**
   * One whole frame other than SHM_UPDATE. `payload` is only valid during the call (it may be
   * the reader's scratch buffer, or a read buffer that is reused): copy what must outlive it.
   */
  frame(type: number, payload: Buffer): void;
  /**
   * An SHM_UPDATE begins: returns the memory its data goes into, after checking that every
   * range fits. `ranges` holds (offset, length) pairs.
   */
  updateTarget(vfd: number, ranges: Uint32Array): Buffer;
}

const enum State {
  Hello,
  Type,
  Length,
  Body,
  TableLength,
  Table,
  UpdateData,
}

/**
 * Splits the incoming stream into the handshake and frames. SHM_UPDATE data is copied straight
 * from the received chunks into the region it updates (or read there directly, see
 * `directTarget`), so a full-screen frame is never buffered whole. Throws LinkProtocolError on
 * anything malformed; the link then drops the peer.
 */
export class FrameReader {
  private state = State.Hello;
  private want = HELLO_SIZE;
  private acc: Buffer = Buffer.alloc(4096);
  private accLen = 0;
  private readonly num = new VarintStream();
  private type = 0;
  private length = 0;
  private tableLength = 0;
  // The update being streamed.
  private ranges: Uint32Array = new Uint32Array(0);
  private target: Buffer = Buffer.alloc(0);
  private rangeIndex = 0;
  private rangeDone = 0;
  private stopped = false;

  constructor(private readonly sink: FrameSink) {}

  /** Ignores everything from now on (the link is gone). */
  stop(): void {
    this.stopped = true;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && !this.stopped) {
      switch (this.state) {
        case State.UpdateData:
          pos = this.streamData(chunk, pos);
          continue;
        case State.Type:
        case State.Length:
        case State.TableLength:
          if (this.num.feed(chunk[pos++]!, 'a frame header')) this.numberDone();
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

  private numberDone(): void {
    const n = this.num.value;
    this.num.reset();
    if (this.state === State.Type) {
      this.type = n;
      if (n < FrameType.Open || n > FrameType.ShmCopy)
        throw new LinkProtocolError(`the peer sent ${frameName(n)}`);
      this.state = State.Length;
    } else if (this.state === State.Length) {
      this.length = n;
      if (this.type === FrameType.ShmUpdate) this.state = State.TableLength;
      else if (n > MAX_FRAME)
        throw new LinkProtocolError(
          `the peer sent a ${frameName(this.type)} frame of ${n} bytes (at most ${MAX_FRAME})`,
        );
      else this.body(n);
    } else {
      this.tableLength = n;
      if (n < 2 || n > MAX_UPDATE_RANGES * 10 + 10 || varintSize(n) + n > this.length)
        throw new LinkProtocolError(`SHM_UPDATE with a ${n}-byte table in ${this.length} bytes`);
      this.state = State.Table;
      this.want = n;
    }
  }

  private body(n: number): void {
    this.state = State.Body;
    this.want = n;
    if (n === 0) this.consume(Buffer.alloc(0));
  }

  private consume(piece: Buffer): void {
    if (this.state === State.Hello) {
      this.sink.hello(piece);
      this.expectHeader();
    } else if (this.state === State.Body) {
      this.expectHeader();
      this.sink.frame(this.type, piece);
    } else this.startUpdate(piece);
  }

  private startUpdate(table: Buffer): void {
    const c = new VarintCursor(table, 'SHM_UPDATE');
    const vfd = c.next();
    let ranges: Uint32Array;
    try {
      ranges = readRanges(() => c.next(), 0xffffffff);
    } catch (e) {
      throw e instanceof RangeError ? new LinkProtocolError(`SHM_UPDATE with ${e.message}`) : e;
    }
    if (ranges.length === 0) throw new LinkProtocolError('SHM_UPDATE without ranges');
    let total = 0;
    for (let i = 1; i < ranges.length; i += 2) total += ranges[i]!;
    const data = this.length - varintSize(this.tableLength) - this.tableLength;
    if (c.pos !== table.length || total !== data)
      throw new LinkProtocolError(`SHM_UPDATE ranges add up to ${total} bytes but the frame carries ${data}`);
    this.target = this.sink.updateTarget(vfd, ranges);
    this.ranges = ranges;
    this.rangeIndex = 0;
    this.rangeDone = 0;
    this.state = State.UpdateData;
    this.skipEmptyRanges();
  }

  /**
   * Where the next read of the stream may go directly: the rest of the current update range,
   * when it is large enough to be worth a read of its own (then no copy is made). Null otherwise.
   */
  directTarget(minimum: number): Buffer | null {
    if (this.state !== State.UpdateData || this.stopped) return null;
    const left = this.ranges[this.rangeIndex + 1]! - this.rangeDone;
    if (left < minimum) return null;
    const at = this.ranges[this.rangeIndex]! + this.rangeDone;
    return this.target.subarray(at, at + left);
  }

  /** `n` bytes of update data arrived in place (read directly, or copied by `streamData`). */
  pushDirect(n: number): void {
    this.rangeDone += n;
    if (this.rangeDone === this.ranges[this.rangeIndex + 1]) {
      this.rangeIndex += 2;
      this.rangeDone = 0;
      this.skipEmptyRanges();
    }
  }

  /** Copies update data from `chunk[pos..]` into the target; returns the new position. */
  private streamData(chunk: Buffer, pos: number): number {
    const r = this.ranges;
    const i = this.rangeIndex;
    const n = Math.min(r[i + 1]! - this.rangeDone, chunk.length - pos);
    chunk.copy(this.target, r[i]! + this.rangeDone, pos, pos + n);
    this.pushDirect(n);
    return pos + n;
  }

  private skipEmptyRanges(): void {
    const r = this.ranges;
    while (this.rangeIndex < r.length && r[this.rangeIndex + 1] === 0) this.rangeIndex += 2;
    if (this.rangeIndex < r.length) return;
    this.target = Buffer.alloc(0);
    this.expectHeader();
  }

  private expectHeader(): void {
    this.state = State.Type;
    this.num.reset();
  }
}

function grow(acc: Buffer, size: number, keep: number): Buffer {
  const b = Buffer.alloc(Math.max(size, acc.length * 2));
  acc.copy(b, 0, 0, keep);
  return b;
}
