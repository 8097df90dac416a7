import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AxisTranslator } from './pointer-axis.js';

describe('AxisTranslator', () => {
  it('reports whole detents for v5–7 clients, accumulating partial high-resolution steps', () => {
    const t = new AxisTranslator();
    const d = (v120: number) => t.prepare({ dx: 0, dy: v120 / 8, dy120: v120, source: 'wheel' })[0]!.discrete;
    assert.equal(d(60), 0);
    assert.equal(d(60), 1);
    assert.equal(d(-120), -1);
    assert.equal(d(240), 2);
  });

  it('keeps axes apart and skips still ones', () => {
    const t = new AxisTranslator();
    const parts = t.prepare({ dx: 5, dy: 0, source: 'finger' });
    assert.deepEqual(parts, [{ axis: 1, value: 5, value120: 0, discrete: 0 }]);
    assert.deepEqual(t.prepare({ dx: 0, dy: 0, source: 'finger' }), []);
  });

  it('gives detents without a pixel value 15 pixels each', () => {
    const t = new AxisTranslator();
    assert.equal(t.prepare({ dx: 0, dy: 0, dy120: -240, source: 'wheel' })[0]!.value, -30);
  });

  it('ignores high-resolution steps from non-wheel sources', () => {
    const t = new AxisTranslator();
    assert.equal(t.prepare({ dx: 0, dy: 3, dy120: 120, source: 'finger' })[0]!.value120, 0);
  });
});
