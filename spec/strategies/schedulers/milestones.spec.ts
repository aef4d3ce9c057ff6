import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { levels, milestones } from '../../../strategies/schedulers/milestones.js';
import { hyperbandBrackets } from '../../../strategies/schedulers/hyperbandBrackets.js';

describe('milestones', () => {
  it('are minStep·η^(rate+k) strictly below maxStep', () => {
    assert.deepEqual(milestones(1, 81, 3), [1, 3, 9, 27]);
    assert.deepEqual(milestones(1, 100, 4), [1, 4, 16, 64]); // Ray ASHA defaults (ALGORITHMS.md §14)
    assert.deepEqual(milestones(1, 100, 4, 1), [4, 16, 64]);
    assert.deepEqual(milestones(1, 81, 3, 4), []); // the bracket that never halves
    assert.deepEqual(milestones(2, 2, 2), []);
    assert.deepEqual(milestones(5, 100, 2), [5, 10, 20, 40, 80]);
  });
  it('keep the level a floating log loses (ALGORITHMS.md §16.6)', () => {
    // ln 243 / ln 3 is 4.999999999999999 in Python (and in V8 it happens to round to 5): never rely on it.
    assert.equal(levels(1, 243, 3), 5);
    assert.deepEqual(milestones(1, 243, 3), [1, 3, 9, 27, 81]);
    assert.equal(Math.floor(Math.log(1000) / Math.log(10)), 2, 'the trap is real');
    assert.equal(levels(1, 1000, 10), 3);
    assert.equal(Math.floor(Math.log(1e6) / Math.log(10)), 5, 'the trap is real');
    assert.equal(levels(1, 1e6, 10), 6);
    assert.equal(levels(1, 81, 3), 4);
    assert.equal(levels(1, 80, 3), 3);
    assert.equal(levels(3, 2 * 81, 3), 3);
  });
});

describe('hyperbandBrackets', () => {
  it('R = 81, η = 3: sizes and first rungs of Li et al. (ALGORITHMS.md §7.1)', () => {
    const b = hyperbandBrackets(1, 81, 3);
    assert.deepEqual(
      b.map((x) => [x.rate, x.size, x.minStep]),
      [
        [0, 81, 1],
        [1, 34, 3],
        [2, 15, 9],
        [3, 8, 27],
        [4, 5, 81],
      ],
    );
    assert.deepEqual(b[0]?.rungs, [1, 3, 9, 27]);
    assert.deepEqual(b[4]?.rungs, []);
  });
  it("R = 81, η = 3 in order: HpBandSter's sizes 81, 27, 9, 6, 5 (ALGORITHMS.md §8)", () => {
    assert.deepEqual(
      hyperbandBrackets(1, 81, 3).map((x) => x.sequentialSize),
      [81, 27, 9, 6, 5],
    );
  });
  it('the halving table of §7.1 follows from sizes, rungs and keeping ⌊n/η⌋', () => {
    const table = hyperbandBrackets(1, 81, 3).map((b) => {
      const row: string[] = [];
      let n = b.size;
      for (const m of [...b.rungs, 81]) {
        row.push(`${n}@${m}`);
        n = Math.max(1, Math.floor(n / 3));
      }
      return row.join(' ');
    });
    assert.deepEqual(table, ['81@1 27@3 9@9 3@27 1@81', '34@3 11@9 3@27 1@81', '15@9 5@27 1@81', '8@27 2@81', '5@81']);
  });
  it('max 100: 5 brackets with budgets 81, 34, 15, 8, 5 (Optuna HyperbandPruner, §14)', () => {
    const b = hyperbandBrackets(1, 100, 3);
    assert.deepEqual(
      b.map((x) => x.size),
      [81, 34, 15, 8, 5],
    );
    assert.equal(
      b.reduce((a, x) => a + x.size, 0),
      143,
    );
    assert.deepEqual(b[4]?.rungs, [81]);
  });
  it('max 243: 6 brackets, the no-halving one included', () => {
    const b = hyperbandBrackets(1, 243, 3);
    assert.equal(b.length, 6);
    assert.deepEqual(b[5]?.rungs, []);
    assert.equal(b[5]?.minStep, 243);
  });
});
