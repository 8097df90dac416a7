import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseDndAction } from './data-offer.js';

const NONE = 0;
const COPY = 1;
const MOVE = 2;
const ASK = 4;

describe('chooseDndAction', () => {
  it("uses the target's preference when the source allows it", () => {
    assert.equal(chooseDndAction(COPY | MOVE, COPY | MOVE, MOVE), MOVE);
    assert.equal(chooseDndAction(COPY | MOVE | ASK, ASK | COPY, ASK), ASK);
  });

  it('falls back to copy, then move, then ask', () => {
    assert.equal(chooseDndAction(COPY | MOVE, COPY | MOVE, ASK), COPY);
    assert.equal(chooseDndAction(MOVE | ASK, COPY | MOVE | ASK, NONE), MOVE);
    assert.equal(chooseDndAction(ASK, ASK | COPY, COPY), ASK);
  });

  it('is none when nothing is common', () => {
    assert.equal(chooseDndAction(COPY, MOVE, MOVE), NONE);
    assert.equal(chooseDndAction(0, COPY, COPY), NONE);
  });
});
