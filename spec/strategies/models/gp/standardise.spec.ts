// standardise: the GP's view of the scores, as Optuna's _standardize_values (population std, floored).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { standardise } from '../../../../strategies/models/gp/standardise.js';

describe('standardise', () => {
  it('subtracts the mean and divides by the population standard deviation', () => {
    const { y, mean, std } = standardise([1, 2, 3, 6]);
    assert.equal(mean, 3);
    assert.equal(std, Math.sqrt((4 + 1 + 0 + 9) / 4));
    assert.deepEqual(
      Array.from(y),
      [-2, -1, 0, 3].map((v) => v / Math.sqrt(3.5)),
    );
  });

  it('gives zeros, not NaN, when every score is the same', () => {
    const { y, std } = standardise([5, 5, 5]);
    assert.equal(std, 1e-10);
    assert.deepEqual(Array.from(y), [0, 0, 0]);
  });
});
