/**
 * The band sweep behind Region's set operations.
 *
 * A region is stored as boxes `[x1, y1, x2, y2]` (end-exclusive) packed in an Int32Array.
 * Boxes are grouped in horizontal bands: every box of a band has the same y1/y2, bands are
 * sorted top to bottom and never overlap, boxes within a band are sorted left to right and
 * never overlap or touch. Two vertically adjacent bands never hold identical x-spans (they
 * would have been merged into one). That form is canonical — one set of pixels has exactly
 * one representation — so equality is a plain array comparison, and repeated unions of the
 * same pixels cannot grow the box list.
 *
 * `combine` walks both inputs top to bottom, cutting the y axis into intervals over which
 * neither input changes, merges the two x-span lists of each interval with the requested
 * operation and appends the resulting band, merging it into the band above when they touch
 * and have identical spans.
 */

export const OP_UNION = 0;
export const OP_SUBTRACT = 1;
export const OP_INTERSECT = 2;

/** Shared output scratch: one operation runs at a time (JS is single-threaded). */
let out = new Int32Array(1024);
let outN = 0;
/** Box index where the last emitted band starts, for vertical coalescing. */
let prevBand = -1;

function reserve(boxes: number): void {
  const need = (outN + boxes) * 4;
  if (need <= out.length) return;
  let size = out.length * 2;
  while (size < need) size *= 2;
  const grown = new Int32Array(size);
  grown.set(out.subarray(0, outN * 4));
  out = grown;
}

function push(x1: number, y1: number, x2: number, y2: number): void {
  const i = outN * 4;
  out[i] = x1;
  out[i + 1] = y1;
  out[i + 2] = x2;
  out[i + 3] = y2;
  outN++;
}

/** Finishes the band written since `start`: drops it into the band above if identical. */
function closeBand(start: number, top: number, bot: number): void {
  const count = outN - start;
  if (count === 0) return;
  const p = prevBand;
  if (p >= 0 && out[p * 4 + 3] === top && start - p === count) {
    let same = true;
    for (let k = 0; k < count; k++) {
      const a = (p + k) * 4;
      const b = (start + k) * 4;
      if (out[a] !== out[b] || out[a + 2] !== out[b + 2]) {
        same = false;
        break;
      }
    }
    if (same) {
      for (let k = 0; k < count; k++) out[(p + k) * 4 + 3] = bot;
      outN = start;
      return;
    }
  }
  prevBand = start;
}

function copySpans(src: Int32Array, from: number, to: number, top: number, bot: number): void {
  reserve(to - from);
  for (let i = from; i < to; i++) push(src[i * 4]!, top, src[i * 4 + 2]!, bot);
}

function unionSpans(
  a: Int32Array,
  i: number,
  iEnd: number,
  b: Int32Array,
  j: number,
  jEnd: number,
  top: number,
  bot: number,
): void {
  reserve(iEnd - i + jEnd - j);
  let cx1 = 0;
  let cx2 = 0;
  let open = false;
  while (i < iEnd || j < jEnd) {
    let x1: number;
    let x2: number;
    if (j >= jEnd || (i < iEnd && a[i * 4]! <= b[j * 4]!)) {
      x1 = a[i * 4]!;
      x2 = a[i * 4 + 2]!;
      i++;
    } else {
      x1 = b[j * 4]!;
      x2 = b[j * 4 + 2]!;
      j++;
    }
    if (!open) {
      cx1 = x1;
      cx2 = x2;
      open = true;
    } else if (x1 <= cx2) {
      // Overlapping or touching spans merge, which keeps bands maximal.
      if (x2 > cx2) cx2 = x2;
    } else {
      push(cx1, top, cx2, bot);
      cx1 = x1;
      cx2 = x2;
    }
  }
  if (open) push(cx1, top, cx2, bot);
}

function intersectSpans(
  a: Int32Array,
  i: number,
  iEnd: number,
  b: Int32Array,
  j: number,
  jEnd: number,
  top: number,
  bot: number,
): void {
  reserve(iEnd - i + jEnd - j);
  while (i < iEnd && j < jEnd) {
    const ax2 = a[i * 4 + 2]!;
    const bx2 = b[j * 4 + 2]!;
    const x1 = Math.max(a[i * 4]!, b[j * 4]!);
    const x2 = ax2 < bx2 ? ax2 : bx2;
    if (x1 < x2) push(x1, top, x2, bot);
    if (ax2 <= bx2) i++;
    if (bx2 <= ax2) j++;
  }
}

function subtractSpans(
  a: Int32Array,
  i: number,
  iEnd: number,
  b: Int32Array,
  j: number,
  jEnd: number,
  top: number,
  bot: number,
): void {
  reserve(iEnd - i + jEnd - j);
  for (; i < iEnd; i++) {
    let x = a[i * 4]!;
    const ax2 = a[i * 4 + 2]!;
    while (j < jEnd && b[j * 4 + 2]! <= x) j++;
    // A span of b may reach into the next span of a, so j is not advanced past it.
    for (let k = j; k < jEnd && x < ax2; k++) {
      const bx1 = b[k * 4]!;
      if (bx1 >= ax2) break;
      if (bx1 > x) push(x, top, bx1, bot);
      const bx2 = b[k * 4 + 2]!;
      if (bx2 > x) x = bx2;
    }
    if (x < ax2) push(x, top, ax2, bot);
  }
}

/**
 * Copies, from box `i` on, the bands of `src` that end at or above `limit`; the first one
 * is clipped to start at `top`. Those bands are already canonical among themselves, so
 * after the first (which may coalesce with the output's last band) they are one memcpy.
 * Returns the index of the first box not copied.
 */
function copyBandsAbove(
  src: Int32Array,
  n: number,
  i: number,
  iEnd: number,
  top: number,
  limit: number,
): number {
  const start = outN;
  const bot = src[i * 4 + 3]!;
  copySpans(src, i, iEnd, top, bot);
  closeBand(start, top, bot);
  // Boxes' y2 never decrease: binary-search the first box ending below `limit`.
  let lo = iEnd;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (src[mid * 4 + 3]! <= limit) lo = mid + 1;
    else hi = mid;
  }
  if (lo > iEnd) {
    reserve(lo - iEnd);
    out.set(src.subarray(iEnd * 4, lo * 4), outN * 4);
    outN += lo - iEnd;
    const lastY1 = src[(lo - 1) * 4 + 1]!;
    let b = lo - 1;
    while (b > iEnd && src[(b - 1) * 4 + 1] === lastY1) b--;
    prevBand = outN - (lo - b);
  }
  return lo;
}

function bandEnd(boxes: Int32Array, n: number, start: number): number {
  const y1 = boxes[start * 4 + 1]!;
  let e = start + 1;
  while (e < n && boxes[e * 4 + 1] === y1) e++;
  return e;
}

/**
 * Computes `a op b` into the shared scratch and returns the number of boxes; read them
 * with `result()` before the next call.
 */
export function combine(a: Int32Array, na: number, b: Int32Array, nb: number, op: number): number {
  outN = 0;
  prevBand = -1;
  let ia = 0;
  let ib = 0;
  let aEnd = na > 0 ? bandEnd(a, na, 0) : 0;
  let bEnd = nb > 0 ? bandEnd(b, nb, 0) : 0;
  let ybot = -Infinity;
  for (;;) {
    const aHas = ia < na;
    const bHas = ib < nb;
    if (op === OP_UNION ? !aHas && !bHas : !aHas || (op === OP_INTERSECT && !bHas)) break;
    const aTop = aHas ? Math.max(a[ia * 4 + 1]!, ybot) : Infinity;
    const bTop = bHas ? Math.max(b[ib * 4 + 1]!, ybot) : Infinity;
    const aBot = aHas ? a[ia * 4 + 3]! : Infinity;
    const bBot = bHas ? b[ib * 4 + 3]! : Infinity;
    // Stretches where only one input has bands are bulk-copied (union/subtract keep them).
    if (aBot <= bTop && op !== OP_INTERSECT) {
      ia = copyBandsAbove(a, na, ia, aEnd, aTop, bTop);
      ybot = a[ia * 4 - 1]!;
      if (ia < na) aEnd = bandEnd(a, na, ia);
      continue;
    }
    if (bBot <= aTop && op === OP_UNION) {
      ib = copyBandsAbove(b, nb, ib, bEnd, bTop, aTop);
      ybot = b[ib * 4 - 1]!;
      if (ib < nb) bEnd = bandEnd(b, nb, ib);
      continue;
    }
    const start = outN;
    let top: number;
    let bot: number;
    if (aTop < bTop) {
      top = aTop;
      bot = aBot < bTop ? aBot : bTop;
      if (op !== OP_INTERSECT) copySpans(a, ia, aEnd, top, bot);
    } else if (bTop < aTop) {
      top = bTop;
      bot = bBot < aTop ? bBot : aTop;
      if (op === OP_UNION) copySpans(b, ib, bEnd, top, bot);
    } else {
      top = aTop;
      bot = aBot < bBot ? aBot : bBot;
      if (op === OP_UNION) unionSpans(a, ia, aEnd, b, ib, bEnd, top, bot);
      else if (op === OP_SUBTRACT) subtractSpans(a, ia, aEnd, b, ib, bEnd, top, bot);
      else intersectSpans(a, ia, aEnd, b, ib, bEnd, top, bot);
    }
    closeBand(start, top, bot);
    ybot = bot;
    if (aHas && aBot === bot) {
      ia = aEnd;
      if (ia < na) aEnd = bandEnd(a, na, ia);
    }
    if (bHas && bBot === bot) {
      ib = bEnd;
      if (ib < nb) bEnd = bandEnd(b, nb, ib);
    }
  }
  return outN;
}

/** The boxes of the last `combine`, valid until the next call. */
export function result(): Int32Array {
  return out;
}
