import { combine, result, OP_INTERSECT, OP_SUBTRACT, OP_UNION } from './region-ops.js';
import { INFINITE_RECT, INT32_MAX, INT32_MIN, clampInt32, type Rect } from './rect.js';

/**
 * A set of pixels, stored as y-x banded boxes (see region-ops.ts for the invariants).
 *
 * Regions are MUTABLE: add/subtract/intersect/union/translate/scale/simplify/set/clear
 * change the region in place and return `this` for chaining, so per-frame damage
 * accumulation allocates nothing once the box array has grown. Use `clone()` to keep a
 * snapshot. Arrays returned by `rects()` are rebuilt after a change, never mutated.
 *
 * Coordinates are int32; non-integer input rectangles are rounded outward, rectangles
 * with a non-positive width or height are ignored.
 */
export class Region {
  /** Boxes as [x1, y1, x2, y2], end-exclusive; capacity may exceed 4 * n. */
  private b: Int32Array;
  private n = 0;
  private ex1 = 0;
  private ey1 = 0;
  private ex2 = 0;
  private ey2 = 0;
  private cache: readonly Rect[] | null = null;

  constructor() {
    this.b = new Int32Array(16);
  }

  static empty(): Region {
    return new Region();
  }

  static fromRect(r: Rect): Region {
    return new Region().add(r);
  }

  /** Covers every int32 coordinate, e.g. the default input region. */
  static infinite(): Region {
    return new Region().add(INFINITE_RECT);
  }

  /** Union of many rectangles, merged pairwise so the cost stays near n log n. */
  static fromRects(rects: readonly Rect[]): Region {
    if (rects.length === 0) return new Region();
    const level: Region[] = rects.map((r) => Region.fromRect(r));
    let parts = level;
    while (parts.length > 1) {
      const next: Region[] = [];
      for (let i = 0; i < parts.length; i += 2)
        next.push(i + 1 < parts.length ? parts[i]!.union(parts[i + 1]!) : parts[i]!);
      parts = next;
    }
    return parts[0]!;
  }

  isEmpty(): boolean {
    return this.n === 0;
  }

  /** Number of boxes in the banded representation. */
  get rectCount(): number {
    return this.n;
  }

  /** Bounding box; `{0,0,0,0}` for an empty region. */
  extents(): Rect {
    return { x: this.ex1, y: this.ey1, width: this.ex2 - this.ex1, height: this.ey2 - this.ey1 };
  }

  /** The boxes, top to bottom then left to right, non-overlapping. */
  rects(): readonly Rect[] {
    if (this.cache) return this.cache;
    const list: Rect[] = new Array(this.n);
    const b = this.b;
    for (let i = 0; i < this.n; i++) {
      const k = i * 4;
      list[i] = { x: b[k]!, y: b[k + 1]!, width: b[k + 2]! - b[k]!, height: b[k + 3]! - b[k + 1]! };
    }
    this.cache = list;
    return list;
  }

  /** Number of pixels covered (may lose precision for near-infinite regions). */
  area(): number {
    let sum = 0;
    const b = this.b;
    for (let k = 0; k < this.n * 4; k += 4) sum += (b[k + 2]! - b[k]!) * (b[k + 3]! - b[k + 1]!);
    return sum;
  }

  clone(): Region {
    return new Region().set(this);
  }

  /** Makes this region a copy of `other`. */
  set(other: Region): this {
    if (other === this) return this;
    this.store(other.b, other.n);
    return this;
  }

  clear(): this {
    this.n = 0;
    this.ex1 = this.ey1 = this.ex2 = this.ey2 = 0;
    this.cache = null;
    return this;
  }

  equals(other: Region): boolean {
    if (other.n !== this.n) return false;
    const a = this.b;
    const b = other.b;
    for (let k = 0; k < this.n * 4; k++) if (a[k] !== b[k]) return false;
    return true;
  }

  containsPoint(x: number, y: number): boolean {
    if (x < this.ex1 || x >= this.ex2 || y < this.ey1 || y >= this.ey2) return false;
    const b = this.b;
    for (let i = this.firstBoxBelow(y); i < this.n && b[i * 4 + 1]! <= y; i++) {
      if (x >= b[i * 4]! && x < b[i * 4 + 2]!) return true;
      if (x < b[i * 4]!) return false;
    }
    return false;
  }

  /** Whether every pixel of `r` is in the region (an empty `r` always is). */
  containsRect(r: Rect): boolean {
    if (!(r.width > 0 && r.height > 0)) return true;
    const x1 = r.x;
    const x2 = r.x + r.width;
    const y2 = r.y + r.height;
    if (x1 < this.ex1 || x2 > this.ex2 || r.y < this.ey1 || y2 > this.ey2) return false;
    const b = this.b;
    let y = r.y;
    let i = this.firstBoxBelow(y);
    while (y < y2) {
      if (i >= this.n || b[i * 4 + 1]! > y) return false; // a gap between bands
      const bandY1 = b[i * 4 + 1]!;
      let hit = false;
      for (; i < this.n && b[i * 4 + 1] === bandY1; i++) {
        if (!hit && b[i * 4]! <= x1 && b[i * 4 + 2]! >= x2) hit = true;
      }
      if (!hit) return false;
      y = b[(i - 1) * 4 + 3]!;
    }
    return true;
  }

  /** Whether the region shares at least one pixel with `r`. */
  overlapsRect(r: Rect): boolean {
    if (!(r.width > 0 && r.height > 0)) return false;
    const x2 = r.x + r.width;
    const y2 = r.y + r.height;
    if (r.x >= this.ex2 || x2 <= this.ex1 || r.y >= this.ey2 || y2 <= this.ey1) return false;
    const b = this.b;
    for (let i = this.firstBoxBelow(r.y); i < this.n && b[i * 4 + 1]! < y2; i++) {
      if (b[i * 4]! < x2 && b[i * 4 + 2]! > r.x) return true;
    }
    return false;
  }

  /** Union with a rectangle (or a region). */
  add(r: Rect | Region): this {
    if (r instanceof Region) return this.union(r);
    const box = toBox(r);
    if (!box) return this;
    if (
      this.n === 0 ||
      (box[0] <= this.ex1 && box[1] <= this.ey1 && box[2] >= this.ex2 && box[3] >= this.ey2)
    ) {
      return this.store(box, 1);
    }
    // Damage often repeats: a rectangle already covered costs one lookup, no rebuild.
    if (this.containsRect(r)) return this;
    return this.apply(box, 1, OP_UNION);
  }

  union(other: Region | Rect): this {
    if (!(other instanceof Region)) return this.add(other);
    if (other.n === 0 || other === this) return this;
    if (this.n === 0) return this.set(other);
    return this.apply(other.b, other.n, OP_UNION);
  }

  subtract(r: Rect | Region): this {
    if (this.n === 0) return this;
    if (r instanceof Region) {
      if (r === this) return this.clear();
      if (r.n === 0 || !this.extentsOverlap(r.ex1, r.ey1, r.ex2, r.ey2)) return this;
      return this.apply(r.b, r.n, OP_SUBTRACT);
    }
    const box = toBox(r);
    if (!box || !this.extentsOverlap(box[0], box[1], box[2], box[3])) return this;
    return this.apply(box, 1, OP_SUBTRACT);
  }

  intersect(r: Rect | Region): this {
    if (this.n === 0) return this;
    if (r instanceof Region) {
      if (r === this) return this;
      if (r.n === 0 || !this.extentsOverlap(r.ex1, r.ey1, r.ex2, r.ey2)) return this.clear();
      return this.apply(r.b, r.n, OP_INTERSECT);
    }
    const box = toBox(r);
    if (!box || !this.extentsOverlap(box[0], box[1], box[2], box[3])) return this.clear();
    if (box[0] <= this.ex1 && box[1] <= this.ey1 && box[2] >= this.ex2 && box[3] >= this.ey2) return this;
    return this.apply(box, 1, OP_INTERSECT);
  }

  /** Moves every box; coordinates pushed past int32 are clamped. */
  translate(dx: number, dy: number): this {
    if (this.n === 0 || (dx === 0 && dy === 0)) return this;
    if (!Number.isInteger(dx) || !Number.isInteger(dy))
      throw new RangeError('Region.translate needs integers');
    if (
      this.ex1 + dx < INT32_MIN ||
      this.ex2 + dx > INT32_MAX ||
      this.ey1 + dy < INT32_MIN ||
      this.ey2 + dy > INT32_MAX
    ) {
      return this.rebuild((v, axis) => clampInt32(v + (axis === 0 ? dx : dy)));
    }
    const b = this.b;
    for (let k = 0; k < this.n * 4; k += 4) {
      b[k] += dx;
      b[k + 1] += dy;
      b[k + 2] += dx;
      b[k + 3] += dy;
    }
    this.ex1 += dx;
    this.ex2 += dx;
    this.ey1 += dy;
    this.ey2 += dy;
    this.cache = null;
    return this;
  }

  /**
   * Scales by `f` > 0 with outward rounding: every pixel touched by a scaled pixel of the
   * region is in the result (what damage needs). Integer factors keep the banding and are
   * a plain multiply; fractional ones re-merge boxes that now overlap.
   */
  scale(f: number): this {
    if (!(f > 0) || !Number.isFinite(f)) throw new RangeError(`Region.scale: bad factor ${f}`);
    if (f === 1 || this.n === 0) return this;
    const fits =
      this.ex1 * f >= INT32_MIN &&
      this.ex2 * f <= INT32_MAX &&
      this.ey1 * f >= INT32_MIN &&
      this.ey2 * f <= INT32_MAX;
    if (Number.isInteger(f) && fits) {
      const b = this.b;
      for (let k = 0; k < this.n * 4; k++) b[k] *= f;
      this.ex1 *= f;
      this.ey1 *= f;
      this.ex2 *= f;
      this.ey2 *= f;
      this.cache = null;
      return this;
    }
    return this.rebuild((v, _axis, end) => clampInt32(end ? Math.ceil(v * f) : Math.floor(v * f)));
  }

  /**
   * Caps the box count: above `maxRects`, each band collapses to its horizontal extent
   * (bands stay exact vertically); if that is still too many, the region becomes its
   * extents. The result always covers the original.
   */
  simplify(maxRects: number): this {
    const max = Math.max(1, Math.floor(maxRects));
    if (this.n <= max) return this;
    const b = this.b;
    const merged = new Int32Array(this.n * 4);
    let m = 0;
    for (let i = 0; i < this.n;) {
      const y1 = b[i * 4 + 1]!;
      const y2 = b[i * 4 + 3]!;
      const x1 = b[i * 4]!;
      while (i + 1 < this.n && b[(i + 1) * 4 + 1] === y1) i++;
      const x2 = b[i * 4 + 2]!;
      i++;
      const p = (m - 1) * 4;
      if (m > 0 && merged[p + 3] === y1 && merged[p] === x1 && merged[p + 2] === x2) {
        merged[p + 3] = y2; // same span as the band above: coalesce
      } else {
        merged[m * 4] = x1;
        merged[m * 4 + 1] = y1;
        merged[m * 4 + 2] = x2;
        merged[m * 4 + 3] = y2;
        m++;
      }
    }
    if (m <= max) return this.store(merged, m);
    return this.store(new Int32Array([this.ex1, this.ey1, this.ex2, this.ey2]), 1);
  }

  toString(): string {
    return `Region(${this.rects()
      .map((r) => `${r.x},${r.y} ${r.width}x${r.height}`)
      .join('; ')})`;
  }

  // --- internals ---

  private extentsOverlap(x1: number, y1: number, x2: number, y2: number): boolean {
    return x1 < this.ex2 && x2 > this.ex1 && y1 < this.ey2 && y2 > this.ey1;
  }

  /** Index of the first box whose y2 > y (boxes' y2 never decrease). */
  private firstBoxBelow(y: number): number {
    let lo = 0;
    let hi = this.n;
    const b = this.b;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid * 4 + 3]! <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private apply(other: Int32Array, count: number, op: number): this {
    const n = combine(this.b, this.n, other, count, op);
    if (op !== OP_UNION) return this.store(result(), n);
    // A union's extents are the bounds of both extents: no need to rescan the boxes.
    let x1 = this.ex1;
    let x2 = this.ex2;
    for (let k = 0; k < count * 4; k += 4) {
      if (other[k]! < x1) x1 = other[k]!;
      if (other[k + 2]! > x2) x2 = other[k + 2]!;
    }
    this.copyIn(result(), n);
    this.ex1 = x1;
    this.ex2 = x2;
    this.ey1 = this.b[1]!;
    this.ey2 = this.b[n * 4 - 1]!;
    return this;
  }

  private copyIn(boxes: Int32Array, n: number): void {
    if (this.b.length < n * 4) this.b = new Int32Array(Math.max(n * 4, this.b.length * 2));
    if (boxes !== this.b) this.b.set(boxes.subarray(0, n * 4));
    this.n = n;
    this.cache = null;
  }

  /** Copies `n` canonical boxes in and recomputes the extents. */
  private store(boxes: Int32Array, n: number): this {
    this.copyIn(boxes, n);
    if (n === 0) {
      this.ex1 = this.ey1 = this.ex2 = this.ey2 = 0;
      return this;
    }
    const b = this.b;
    let x1 = b[0]!;
    let x2 = b[2]!;
    for (let k = 4; k < n * 4; k += 4) {
      if (b[k]! < x1) x1 = b[k]!;
      if (b[k + 2]! > x2) x2 = b[k + 2]!;
    }
    this.ex1 = x1;
    this.ex2 = x2;
    this.ey1 = b[1]!;
    this.ey2 = b[n * 4 - 1]!;
    return this;
  }

  /** Slow path: maps every edge, then re-merges boxes that may now overlap or collapse. */
  private rebuild(map: (v: number, axis: 0 | 1, end: boolean) => number): this {
    const rects: Rect[] = [];
    const b = this.b;
    for (let k = 0; k < this.n * 4; k += 4) {
      const x1 = map(b[k]!, 0, false);
      const y1 = map(b[k + 1]!, 1, false);
      const x2 = map(b[k + 2]!, 0, true);
      const y2 = map(b[k + 3]!, 1, true);
      rects.push({ x: x1, y: y1, width: x2 - x1, height: y2 - y1 });
    }
    return this.set(Region.fromRects(rects));
  }
}

const scratchBox = new Int32Array(4);

/** A rectangle as a clamped, outward-rounded box, or null when it covers no pixel. */
function toBox(r: Rect): Int32Array | null {
  if (!(r.width > 0 && r.height > 0)) return null;
  const x1 = clampInt32(Math.floor(r.x));
  const y1 = clampInt32(Math.floor(r.y));
  const x2 = clampInt32(Math.ceil(r.x + r.width));
  const y2 = clampInt32(Math.ceil(r.y + r.height));
  if (x2 <= x1 || y2 <= y1) return null;
  scratchBox[0] = x1;
  scratchBox[1] = y1;
  scratchBox[2] = x2;
  scratchBox[3] = y2;
  return scratchBox;
}
