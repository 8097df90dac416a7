/** Ranges closer than this are sent as one: a range costs 8 bytes of table on the link. */
const MERGE_GAP = 16;
/** Past this many ranges, nearby ones are merged (sending a few extra bytes beats a huge table). */
const MAX_RANGES = 2048;

/**
 * The changed bytes of a shared memory region: sorted, disjoint half-open ranges [start, end),
 * merged when they touch or nearly do. Damage arrives mostly in increasing order (row by row),
 * which is a push at the end.
 */
export class ByteRanges {
  private starts: number[] = [];
  private ends: number[] = [];

  get isEmpty(): boolean {
    return this.starts.length === 0;
  }

  get count(): number {
    return this.starts.length;
  }

  /** Total bytes covered. */
  get bytes(): number {
    let n = 0;
    for (let i = 0; i < this.starts.length; i++) n += this.ends[i]! - this.starts[i]!;
    return n;
  }

  add(start: number, end: number): void {
    if (end <= start) return;
    const n = this.starts.length;
    if (n === 0 || start > this.ends[n - 1]! + MERGE_GAP) {
      this.starts.push(start);
      this.ends.push(end);
      if (n + 1 > MAX_RANGES) this.coarsen();
      return;
    }
    // The first range that reaches (nearly) up to `start`.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! + MERGE_GAP < start) lo = mid + 1;
      else hi = mid;
    }
    let j = lo;
    while (j < n && this.starts[j]! <= end + MERGE_GAP) j++;
    if (j === lo) {
      this.starts.splice(lo, 0, start);
      this.ends.splice(lo, 0, end);
      if (n + 1 > MAX_RANGES) this.coarsen();
      return;
    }
    const s = Math.min(start, this.starts[lo]!);
    const e = Math.max(end, this.ends[j - 1]!);
    this.starts.splice(lo, j - lo, s);
    this.ends.splice(lo, j - lo, e);
  }

  addAll(other: ByteRanges): void {
    for (let i = 0; i < other.starts.length; i++) this.add(other.starts[i]!, other.ends[i]!);
  }

  /** The bytes of this set that are not in `other`, as a new set. */
  minus(other: ByteRanges): ByteRanges {
    const out = new ByteRanges();
    let j = 0;
    for (let i = 0; i < this.starts.length; i++) {
      let s = this.starts[i]!;
      const e = this.ends[i]!;
      while (j < other.starts.length && other.ends[j]! <= s) j++;
      for (let k = j; k < other.starts.length && other.starts[k]! < e; k++) {
        if (other.starts[k]! > s) out.push(s, other.starts[k]!);
        s = Math.max(s, other.ends[k]!);
      }
      if (s < e) out.push(s, e);
    }
    return out;
  }

  /** Appends a range after every other (no merging: for building a result in order). */
  private push(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }

  forEach(cb: (start: number, end: number) => void): void {
    for (let i = 0; i < this.starts.length; i++) cb(this.starts[i]!, this.ends[i]!);
  }

  clear(): void {
    this.starts = [];
    this.ends = [];
  }

  /** Merges ranges separated by the smallest gaps until at most half the limit are left. */
  private coarsen(): void {
    let gap = MERGE_GAP * 4;
    while (this.starts.length > MAX_RANGES / 2) {
      const s: number[] = [this.starts[0]!];
      const e: number[] = [this.ends[0]!];
      for (let i = 1; i < this.starts.length; i++) {
        if (this.starts[i]! - e[e.length - 1]! <= gap) e[e.length - 1] = this.ends[i]!;
        else {
          s.push(this.starts[i]!);
          e.push(this.ends[i]!);
        }
      }
      this.starts = s;
      this.ends = e;
      gap *= 2;
    }
  }
}
