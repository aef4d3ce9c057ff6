import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mannWhitney } from '../../bench/mannWhitney.js';
import { midRanks } from '../../bench/stats.js';

describe('midRanks', () => {
  it('shares the mean rank among ties', () => {
    assert.deepEqual(midRanks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
  });
});

describe('mannWhitney', () => {
  // scipy.stats.mannwhitneyu(a, b, method='asymptotic') (SciPy 1.10).
  const TABLE: ReadonlyArray<readonly [number[], number[], number, number]> = [
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.012185780355344813],
    [[1, 2, 2, 4, 5, 7], [2, 3, 8, 9, 10], 7, 0.16699411792618535],
  ];
  for (const [a, b, u, p] of TABLE)
    it(`matches SciPy on ${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      const r = mannWhitney(a, b);
      assert.equal(r.u, u);
      assert.ok(Math.abs(r.p - p) < 1e-12, `p = ${r.p}, want ${p}`);
    });

  it('gives p = 1 when every value ties', () => {
    assert.equal(mannWhitney([1, 1], [1, 1]).p, 1);
  });
  it('effect is P(a < b) + ½P(a = b) over all pairs', () => {
    assert.equal(mannWhitney([1, 2, 3], [4, 5, 6]).effect, 1);
    assert.equal(mannWhitney([4, 5, 6], [1, 2, 3]).effect, 0);
    // Pairs of [1, 2] × [2, 3]: 1<2, 1<3, 2=2 (½), 2<3 → 3.5 of 4.
    assert.equal(mannWhitney([1, 2], [2, 3]).effect, 0.875);
  });
});
