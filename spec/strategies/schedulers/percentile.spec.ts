import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { insertSorted, percentileOfSorted } from '../../../strategies/schedulers/percentile.js';

describe('percentileOfSorted', () => {
  it('interpolates linearly between closest ranks (numpy default)', () => {
    // numpy.percentile([1, 2, 3, 4], q) for q = 0, 25, 50, 75, 100
    assert.deepEqual(
      [0, 25, 50, 75, 100].map((q) => percentileOfSorted([1, 2, 3, 4], q)),
      [1, 1.75, 2.5, 3.25, 4],
    );
    assert.equal(percentileOfSorted([-0.9, -0.5, -0.1], 75), -0.3);
    assert.equal(percentileOfSorted([7], 75), 7);
    assert.equal(percentileOfSorted([], 50), undefined);
  });
  it('is symmetric: the p-th of values is minus the (100 − p)-th of negated values', () => {
    const v = [0.3, 0.9, 1.4, 2.2, 5];
    const neg = v.map((x) => -x).sort((a, b) => a - b);
    for (const q of [10, 25, 50, 75, 90])
      assert.ok(Math.abs((percentileOfSorted(v, q) as number) + (percentileOfSorted(neg, 100 - q) as number)) < 1e-12);
  });
});

describe('insertSorted', () => {
  it('keeps order and does not touch its input', () => {
    const a = [1, 3, 5];
    assert.deepEqual(insertSorted(a, 4), [1, 3, 4, 5]);
    assert.deepEqual(insertSorted(a, 0), [0, 1, 3, 5]);
    assert.deepEqual(insertSorted(a, 9), [1, 3, 5, 9]);
    assert.deepEqual(insertSorted(a, 3), [1, 3, 3, 5]);
    assert.deepEqual(insertSorted([], 2), [2]);
    assert.deepEqual(a, [1, 3, 5]);
  });
});
