import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { weightedIndex } from '../../../strategies/schedulers/weightedIndex.js';

describe('weightedIndex', () => {
  it('walks cumulative weights: boundaries belong to the next index, zero weights are skipped', () => {
    const w = [81, 27, 0, 9];
    assert.deepEqual(
      [0, 80.9, 81, 107.9, 108, 116.9].map((x) => weightedIndex(x, w)),
      [0, 0, 1, 1, 3, 3],
    );
  });
  it('anything past the total is the last index', () => {
    assert.equal(weightedIndex(117, [81, 27, 9]), 2);
  });
});
