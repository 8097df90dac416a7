import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorShapeName } from './cursor-shape.js';

describe('cursorShapeName', () => {
  it('spells wp_cursor_shape_v1 shapes as CSS cursor names', () => {
    assert.equal(cursorShapeName(1), 'default');
    assert.equal(cursorShapeName(2), 'context-menu');
    assert.equal(cursorShapeName(29), 'nwse-resize');
    assert.equal(cursorShapeName(34), 'zoom-out');
    assert.equal(cursorShapeName(0), null);
    assert.equal(cursorShapeName(35), null);
  });
});
