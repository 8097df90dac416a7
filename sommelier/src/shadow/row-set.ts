/**
 * A set of buffer rows as sorted, disjoint half-open intervals [start, end). Sommelier copies
 * whole rows (one contiguous run of bytes per interval), so damage is kept at row granularity.
 */
export class RowSet {
  private runs: number[] = [];

  /** Adds rows [start, end), clamped to [0, limit). */
  add(start: number, end: number, limit: number): void {
    const s = Math.max(0, Math.floor(start));
    const e = Math.min(limit, Math.ceil(end));
    if (e <= s) return;
    const out: number[] = [];
    let ns = s;
    let ne = e;
    let placed = false;
    for (let i = 0; i < this.runs.length; i += 2) {
      const rs = this.runs[i]!;
      const re = this.runs[i + 1]!;
      if (re < ns) out.push(rs, re);
      else if (rs > ne) {
        if (!placed) {
          out.push(ns, ne);
          placed = true;
        }
        out.push(rs, re);
      } else {
        ns = Math.min(ns, rs);
        ne = Math.max(ne, re);
      }
    }
    if (!placed) out.push(ns, ne);
    this.runs = out;
  }

  addSet(other: RowSet, limit: number): void {
    const r = other.runs;
    for (let i = 0; i < r.length; i += 2) this.add(r[i]!, r[i + 1]!, limit);
  }

  /** Every row of a buffer `height` rows tall. */
  fill(height: number): void {
    this.runs = height > 0 ? [0, height] : [];
  }

  clear(): void {
    this.runs = [];
  }

  get isEmpty(): boolean {
    return this.runs.length === 0;
  }

  /** Number of rows in the set. */
  get rows(): number {
    let n = 0;
    for (let i = 0; i < this.runs.length; i += 2) n += this.runs[i + 1]! - this.runs[i]!;
    return n;
  }

  /** Calls `cb(start, end)` for each interval, in order. */
  forEach(cb: (start: number, end: number) => void): void {
    for (let i = 0; i < this.runs.length; i += 2) cb(this.runs[i]!, this.runs[i + 1]!);
  }
}
