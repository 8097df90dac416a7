import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Region } from './region.js';
import { INFINITE_RECT, INT32_MAX, INT32_MIN, type Rect } from './rect.js';

/** Brute-force model: a bitmap over [-16, 80)² (random rects stay inside it). */
const ORG = -16;
const SIZE = 96;
class Bitmap {
  bits = new Uint8Array(SIZE * SIZE);
  apply(r: Rect, op: 'add' | 'sub' | 'and'): void {
    const inside = (x: number, y: number) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const i = y * SIZE + x;
        const hit = r.width > 0 && r.height > 0 && inside(x + ORG, y + ORG);
        if (op === 'add' && hit) this.bits[i] = 1;
        else if (op === 'sub' && hit) this.bits[i] = 0;
        else if (op === 'and' && !hit) this.bits[i] = 0;
      }
  }
  count(): number {
    return this.bits.reduce((s, v) => s + v, 0);
  }
}

function rasterize(reg: Region): Uint8Array {
  const bits = new Uint8Array(SIZE * SIZE);
  for (const r of reg.rects()) {
    for (let y = r.y; y < r.y + r.height; y++)
      for (let x = r.x; x < r.x + r.width; x++) {
        assert.ok(x >= ORG && x < ORG + SIZE && y >= ORG && y < ORG + SIZE, 'box outside the model area');
        assert.equal(bits[(y - ORG) * SIZE + x - ORG], 0, 'boxes overlap');
        bits[(y - ORG) * SIZE + x - ORG] = 1;
      }
  }
  return bits;
}

/** Checks the canonical banded form: sorted, non-touching spans, coalesced bands. */
function checkInvariants(reg: Region): void {
  const rs = reg.rects();
  let prevBand: Rect[] = [];
  let band: Rect[] = [];
  const closeBand = () => {
    if (band.length === 0) return;
    if (prevBand.length > 0) {
      const p = prevBand[0]!;
      const b = band[0]!;
      assert.ok(b.y >= p.y + p.height, 'bands overlap or are unsorted');
      if (b.y === p.y + p.height) {
        const same =
          prevBand.length === band.length &&
          band.every((r, i) => r.x === prevBand[i]!.x && r.width === prevBand[i]!.width);
        assert.ok(!same, 'adjacent identical bands not coalesced');
      }
    }
    prevBand = band;
    band = [];
  };
  for (const r of rs) {
    assert.ok(r.width > 0 && r.height > 0, 'empty box stored');
    const last = band[band.length - 1];
    if (last && last.y === r.y) {
      assert.equal(last.height, r.height, 'band boxes differ in height');
      assert.ok(r.x > last.x + last.width, 'spans touch or overlap within a band');
    } else {
      closeBand();
    }
    band.push(r);
  }
  closeBand();
  if (rs.length > 0) {
    const e = reg.extents();
    assert.equal(e.y, rs[0]!.y);
    assert.equal(e.x, Math.min(...rs.map((r) => r.x)));
    assert.equal(e.x + e.width, Math.max(...rs.map((r) => r.x + r.width)));
  } else {
    assert.deepEqual(reg.extents(), { x: 0, y: 0, width: 0, height: 0 });
  }
}

function assertMatches(reg: Region, bm: Bitmap, msg: string): void {
  checkInvariants(reg);
  assert.deepEqual(rasterize(reg), bm.bits, msg);
  assert.equal(reg.area(), bm.count());
}

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomRect(rand: () => number): Rect {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo));
  // Mostly inside 64×64 shifted to include negative coordinates; sometimes degenerate.
  return { x: int(-8, 56), y: int(-8, 56), width: int(-2, 24), height: int(-2, 24) };
}

test('random add/subtract/intersect sequences match a pixel bitmap', () => {
  const rand = rng(12345);
  for (let round = 0; round < 300; round++) {
    const reg = new Region();
    const bm = new Bitmap();
    const steps = 1 + Math.floor(rand() * 12);
    for (let s = 0; s < steps; s++) {
      const r = randomRect(rand);
      const p = rand();
      const op = p < 0.55 ? 'add' : p < 0.85 ? 'sub' : 'and';
      if (op === 'add') reg.add(r);
      else if (op === 'sub') reg.subtract(r);
      else reg.intersect(r);
      bm.apply(r, op);
      assertMatches(reg, bm, `round ${round} step ${s} ${op} ${JSON.stringify(r)}`);
    }
  }
});

test('region-region union/subtract/intersect match the bitmap', () => {
  const rand = rng(777);
  const build = (): [Region, Bitmap] => {
    const reg = new Region();
    const bm = new Bitmap();
    for (let i = 0; i < 6; i++) {
      const r = randomRect(rand);
      const sub = rand() < 0.3;
      if (sub) reg.subtract(r);
      else reg.add(r);
      bm.apply(r, sub ? 'sub' : 'add');
    }
    return [reg, bm];
  };
  for (let round = 0; round < 300; round++) {
    const [a, abm] = build();
    const [b, bbm] = build();
    const expect = (f: (x: number, y: number) => number) => {
      const bm = new Bitmap();
      bm.bits = abm.bits.map((v, i) => f(v, bbm.bits[i]!));
      return bm;
    };
    assertMatches(
      a.clone().union(b),
      expect((x, y) => x | y),
      'union',
    );
    assertMatches(
      a.clone().subtract(b),
      expect((x, y) => x & (1 - y)),
      'subtract',
    );
    assertMatches(
      a.clone().intersect(b),
      expect((x, y) => x & y),
      'intersect',
    );
    // Canonical form: the same pixels built in another order are equal.
    assert.ok(a.clone().union(b).equals(b.clone().union(a)));
    assert.ok(a.clone().intersect(b).equals(b.clone().intersect(a)));
  }
});

test('containsPoint, containsRect and overlapsRect agree with the bitmap', () => {
  const rand = rng(99);
  for (let round = 0; round < 100; round++) {
    const reg = new Region();
    const bm = new Bitmap();
    for (let i = 0; i < 5; i++) {
      const r = randomRect(rand);
      const sub = i > 0 && rand() < 0.3;
      if (sub) reg.subtract(r);
      else reg.add(r);
      bm.apply(r, sub ? 'sub' : 'add');
    }
    const at = (x: number, y: number) => bm.bits[(y - ORG) * SIZE + x - ORG] === 1;
    for (let y = -10; y < 75; y += 3)
      for (let x = -10; x < 75; x += 2) assert.equal(reg.containsPoint(x, y), at(x, y), `point ${x},${y}`);
    for (let k = 0; k < 40; k++) {
      const r = randomRect(rand);
      if (r.width <= 0 || r.height <= 0) continue;
      let all = true;
      let any = false;
      for (let y = r.y; y < r.y + r.height; y++)
        for (let x = r.x; x < r.x + r.width; x++) {
          all &&= at(x, y);
          any ||= at(x, y);
        }
      assert.equal(reg.containsRect(r), all, `containsRect ${JSON.stringify(r)} in ${reg}`);
      assert.equal(reg.overlapsRect(r), any, `overlapsRect ${JSON.stringify(r)}`);
    }
  }
});

test('empty and degenerate rectangles are ignored', () => {
  const reg = Region.empty();
  assert.ok(reg.isEmpty());
  reg.add({ x: 5, y: 5, width: 0, height: 10 }).add({ x: 5, y: 5, width: 10, height: -3 });
  assert.ok(reg.isEmpty());
  assert.deepEqual(reg.extents(), { x: 0, y: 0, width: 0, height: 0 });
  assert.equal(reg.area(), 0);
  assert.equal(reg.containsPoint(0, 0), false);
  reg.subtract({ x: 0, y: 0, width: 10, height: 10 }).intersect({ x: 0, y: 0, width: 5, height: 5 });
  assert.ok(reg.isEmpty());
  assert.ok(
    Region.fromRect({ x: 1, y: 1, width: 2, height: 2 })
      .intersect({ x: 0, y: 0, width: 0, height: 0 })
      .isEmpty(),
  );
  assert.ok(Region.empty().equals(new Region()));
});

test('negative coordinates work', () => {
  const reg = Region.fromRect({ x: -10, y: -20, width: 15, height: 25 });
  reg.subtract({ x: -5, y: -15, width: 2, height: 2 });
  assert.equal(reg.area(), 15 * 25 - 4);
  assert.ok(reg.containsPoint(-10, -20));
  assert.ok(!reg.containsPoint(-5, -15));
  assert.deepEqual(reg.extents(), { x: -10, y: -20, width: 15, height: 25 });
});

test('adjacent rectangles coalesce into one box', () => {
  const reg = new Region();
  for (let y = 0; y < 100; y += 10) reg.add({ x: 0, y, width: 50, height: 10 });
  for (let x = 50; x < 100; x += 5) reg.add({ x, y: 0, width: 5, height: 100 });
  assert.deepEqual(reg.rects(), [{ x: 0, y: 0, width: 100, height: 100 }]);
  // Subtracting and re-adding restores the single box.
  reg.subtract({ x: 40, y: 40, width: 20, height: 20 }).add({ x: 40, y: 40, width: 20, height: 20 });
  assert.deepEqual(reg.rects(), [{ x: 0, y: 0, width: 100, height: 100 }]);
});

test('repeated adds do not grow the region', () => {
  const reg = new Region();
  for (let i = 0; i < 10000; i++) reg.add({ x: 10, y: 10, width: 30, height: 5 });
  assert.equal(reg.rectCount, 1);
  const rand = rng(4);
  const start = performance.now();
  const fixed: Rect[] = [];
  for (let i = 0; i < 50; i++)
    fixed.push({
      x: Math.floor(rand() * 60),
      y: Math.floor(rand() * 60),
      width: 1 + Math.floor(rand() * 8),
      height: 1 + Math.floor(rand() * 8),
    });
  const big = new Region();
  for (let i = 0; i < 10000; i++) big.add(fixed[i % fixed.length]!);
  const once = Region.fromRects(fixed);
  assert.ok(big.equals(once), 'same pixels, same representation');
  // 10,000 small overlapping damage rects inside 64×64 stay small.
  const dmg = new Region();
  for (let i = 0; i < 10000; i++)
    dmg.add({
      x: Math.floor(rand() * 60),
      y: Math.floor(rand() * 60),
      width: 1 + Math.floor(rand() * 4),
      height: 1 + Math.floor(rand() * 4),
    });
  assert.ok(dmg.rectCount <= 64 * 32, `rect count ${dmg.rectCount}`);
  const ms = performance.now() - start;
  assert.ok(ms < 2000, `took ${ms} ms`);
});

test('translate moves and keeps equality', () => {
  const a = Region.fromRects([
    { x: 0, y: 0, width: 4, height: 4 },
    { x: 10, y: 2, width: 4, height: 4 },
  ]);
  const b = a.clone().translate(-7, 3);
  assert.ok(b.containsPoint(-7, 3));
  assert.ok(!b.containsPoint(0, 0));
  assert.ok(b.translate(7, -3).equals(a));
  assert.ok(!a.clone().translate(1, 0).equals(a));
});

test('scale rounds outward and re-merges', () => {
  const a = Region.fromRect({ x: 1, y: 1, width: 1, height: 1 });
  assert.deepEqual(a.clone().scale(2).rects(), [{ x: 2, y: 2, width: 2, height: 2 }]);
  assert.deepEqual(a.clone().scale(1.5).rects(), [{ x: 1, y: 1, width: 2, height: 2 }]);
  assert.deepEqual(a.clone().scale(0.5).rects(), [{ x: 0, y: 0, width: 1, height: 1 }]);
  // Separate spans that touch after scaling by 1.25 merge into one box.
  const two = Region.fromRects([
    { x: 0, y: 0, width: 1, height: 1 },
    { x: 2, y: 0, width: 1, height: 1 },
  ]);
  assert.deepEqual(two.scale(1.25).rects(), [{ x: 0, y: 0, width: 4, height: 2 }]);
  // Bands that overlap after scaling by 1.5 are re-banded: result stays canonical.
  const ell = Region.fromRects([
    { x: 0, y: 0, width: 1, height: 1 },
    { x: 0, y: 1, width: 2, height: 1 },
  ]);
  const s = ell.scale(1.5);
  checkInvariants(s);
  assert.deepEqual(s.rects(), [
    { x: 0, y: 0, width: 2, height: 1 },
    { x: 0, y: 1, width: 3, height: 2 },
  ]);
  assert.throws(() => Region.empty().scale(0));
  // Fractional scaling of random regions always covers the exactly scaled pixels.
  const rand = rng(5);
  for (let round = 0; round < 50; round++) {
    const r = new Region();
    for (let i = 0; i < 4; i++) r.add(randomRect(rand));
    const f = [0.5, 1.25, 1.5, 2, 3][round % 5]!;
    const sc = r.clone().scale(f);
    checkInvariants(sc);
    for (const box of r.rects()) {
      const x1 = box.x * f;
      const y1 = box.y * f;
      const x2 = (box.x + box.width) * f;
      const y2 = (box.y + box.height) * f;
      assert.ok(
        sc.containsRect({
          x: Math.floor(x1),
          y: Math.floor(y1),
          width: Math.ceil(x2) - Math.floor(x1),
          height: Math.ceil(y2) - Math.floor(y1),
        }),
      );
    }
  }
});

test('infinite region clamps to int32 and survives translate and scale', () => {
  const inf = Region.infinite();
  assert.deepEqual(inf.extents(), INFINITE_RECT);
  assert.ok(
    inf.containsPoint(0, 0) &&
      inf.containsPoint(INT32_MIN, INT32_MIN) &&
      inf.containsPoint(INT32_MAX - 1, INT32_MAX - 1),
  );
  assert.ok(!inf.containsPoint(INT32_MAX, 0));
  const moved = inf.clone().translate(100, -100);
  assert.deepEqual(moved.extents(), {
    x: INT32_MIN + 100,
    y: INT32_MIN,
    width: INT32_MAX - INT32_MIN - 100,
    height: INT32_MAX - 100 - INT32_MIN,
  });
  assert.ok(inf.clone().scale(2).equals(inf));
  const cut = inf.clone().subtract({ x: 0, y: 0, width: 10, height: 10 });
  assert.equal(cut.rectCount, 4);
  assert.ok(!cut.containsPoint(5, 5) && cut.containsPoint(10, 5));
  assert.deepEqual(inf.clone().intersect({ x: 3, y: 4, width: 5, height: 6 }).rects(), [
    { x: 3, y: 4, width: 5, height: 6 },
  ]);
});

test('simplify caps the box count and still covers everything', () => {
  const reg = new Region();
  for (let i = 0; i < 20; i++) reg.add({ x: i * 4, y: (i % 5) * 3, width: 2, height: 2 });
  const before = reg.clone();
  assert.ok(reg.rectCount > 10);
  reg.simplify(10);
  assert.ok(reg.rectCount <= 10, `${reg.rectCount}`);
  assert.ok(reg.clone().intersect(before).equals(before), 'covers the original');
  checkInvariants(reg);
  // Too many bands: falls back to the extents.
  const stairs = new Region();
  for (let i = 0; i < 30; i++) stairs.add({ x: i, y: i * 2, width: 1, height: 1 });
  stairs.simplify(5);
  assert.deepEqual(stairs.rects(), [{ x: 0, y: 0, width: 30, height: 59 }]);
  const small = Region.fromRect({ x: 0, y: 0, width: 1, height: 1 });
  assert.ok(small.clone().simplify(1).equals(small));
});

test('rects() snapshots are not mutated by later changes', () => {
  const reg = Region.fromRect({ x: 0, y: 0, width: 10, height: 10 });
  const snap = reg.rects();
  reg.subtract({ x: 0, y: 0, width: 5, height: 10 });
  assert.deepEqual(snap, [{ x: 0, y: 0, width: 10, height: 10 }]);
  assert.deepEqual(reg.rects(), [{ x: 5, y: 0, width: 5, height: 10 }]);
});
