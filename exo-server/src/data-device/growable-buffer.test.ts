import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GrowableBuffer } from './growable-buffer.js';

describe('GrowableBuffer', () => {
  it('appends across growth steps and hands back exactly what was written', () => {
    const g = new GrowableBuffer(10 << 20);
    const chunk = Buffer.alloc(100_000, 7);
    for (let i = 0; i < 50; i++) assert.ok(g.append(chunk));
    const space = g.space(10);
    space.write('tail');
    g.commit(4);
    const out = g.finish();
    assert.equal(out.length, 5_000_004);
    assert.equal(out[4_999_999], 7);
    assert.equal(out.subarray(-4).toString(), 'tail');
  });

  it('refuses to pass its limit', () => {
    const g = new GrowableBuffer(8, 4);
    assert.ok(g.append(Buffer.from('12345')));
    assert.ok(!g.append(Buffer.from('6789')), 'would make 9 bytes');
    assert.equal(g.space(100).length, 3);
    g.commit(3);
    assert.equal(g.space().length, 0, 'full');
    assert.throws(() => g.commit(1), RangeError);
    assert.equal(g.finish().length, 8);
  });
});
