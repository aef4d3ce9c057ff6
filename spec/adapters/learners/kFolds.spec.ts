// Cross-validation folds: scikit-learn's folds when unshuffled, stratified, seeded when shuffled.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { kFolds } from '../../../adapters/learners/index.js';
import { classCodes } from '../../../adapters/learners/learner.js';
import { InvalidOptionsError } from '../../../lib/index.js';

const y = [0, 1, 0, 2, 1, 0, 0, 1, 2, 2, 0, 1];

describe('kFolds', () => {
  it("gives scikit-learn's StratifiedKFold(3) test folds, unshuffled", () => {
    // /usr/bin/python3 -c "StratifiedKFold(3).split(zeros(12), y)" for this y
    assert.deepEqual(
      kFolds(y, { k: 3, stratified: true }).map((f) => f.test),
      [
        [0, 1, 2, 3],
        [4, 5, 6, 8],
        [7, 9, 10, 11],
      ],
    );
  });

  it("gives scikit-learn's KFold(3) blocks, the first n % k one longer", () => {
    assert.deepEqual(
      kFolds([0, 0, 0, 0, 0, 0, 0], { k: 3 }).map((f) => f.test),
      [
        [0, 1, 2],
        [3, 4],
        [5, 6],
      ],
    );
  });

  it('partitions the rows: every row is tested once, and trained on in the other folds', () => {
    for (const stratified of [false, true])
      for (const seed of [undefined, 7]) {
        const folds = kFolds(y, { k: 3, stratified, ...(seed === undefined ? {} : { seed }) });
        const tested = folds.flatMap((f) => f.test).sort((a, b) => a - b);
        assert.deepEqual(tested, [...y.keys()]);
        for (const f of folds)
          assert.deepEqual(
            [...f.train, ...f.test].sort((a, b) => a - b),
            [...y.keys()],
          );
      }
  });

  it('keeps each class share in every stratified fold, shuffled or not', () => {
    const labels = Array.from({ length: 90 }, (_, i) => (i < 45 ? 0 : i < 75 ? 1 : 2));
    for (const seed of [undefined, 1, 2]) {
      const folds = kFolds(labels, { k: 3, stratified: true, ...(seed === undefined ? {} : { seed }) });
      for (const f of folds)
        assert.deepEqual(
          [0, 1, 2].map((c) => f.test.filter((i) => labels[i] === c).length),
          [15, 10, 5],
        );
    }
  });

  it('is seeded: the same seed gives the same folds, another seed other folds', () => {
    const a = kFolds(y, { k: 3, stratified: true, seed: 'a' });
    assert.deepEqual(kFolds(y, { k: 3, stratified: true, seed: 'a' }), a);
    assert.notDeepEqual(kFolds(y, { k: 3, stratified: true, seed: 'b' }), a);
    assert.notDeepEqual(kFolds(y, { k: 3, stratified: true }), a);
  });

  it('refuses a bad k and a class rarer than k, naming them', () => {
    assert.throws(() => kFolds(y, { k: 1 }), {
      name: 'InvalidOptionsError',
      message: /k must be an integer in \[2, 12\].*got 1/,
    });
    assert.throws(
      () => kFolds([0, 0, 0, 1], { k: 3, stratified: true }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidOptionsError);
        assert.match(e.message, /class 1 has 1 rows, fewer than k = 3 folds/);
        return true;
      },
    );
  });
});

describe('classCodes', () => {
  it('codes labels by their rank among the distinct labels, and decodes back', () => {
    const y = [7, -1, 7, 3, -1];
    const { classes, codes } = classCodes(y);
    assert.deepEqual(classes, [-1, 3, 7]);
    assert.deepEqual(codes, [2, 0, 2, 1, 0]);
    assert.deepEqual(
      codes.map((c) => classes[c]),
      y,
    );
    assert.deepEqual(classCodes([]), { classes: [], codes: [] });
  });
});
