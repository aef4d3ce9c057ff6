import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  argsort,
  insertSorted,
  lowerBound,
  lowerBoundBy,
  percentileOfSorted,
  quantileOfSorted,
  upperBound,
} from '../../../strategies/math/sorted.js';

describe('lowerBound / upperBound', () => {
  const a = [1, 2, 2, 2, 5, 8];
  const table: ReadonlyArray<readonly [number, number, number]> = [
    // x, lowerBound, upperBound
    [0, 0, 0],
    [1, 0, 1],
    [2, 1, 4],
    [3, 4, 4],
    [5, 4, 5],
    [8, 5, 6],
    [9, 6, 6],
    [-Infinity, 0, 0],
    [Infinity, 6, 6],
  ];
  for (const [x, lo, hi] of table)
    it(`x = ${x}: first index >= x is ${lo}, first index > x is ${hi}`, () => {
      assert.equal(lowerBound(a, x), lo);
      assert.equal(upperBound(a, x), hi);
      assert.equal(lowerBound(Float64Array.from(a), x), lo);
      assert.equal(upperBound(Float64Array.from(a), x), hi);
    });
  it('returns 0 on an empty array', () => {
    assert.equal(lowerBound([], 1), 0);
    assert.equal(upperBound(new Float64Array(0), 1), 0);
  });
  it('agrees with a linear scan on random arrays', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) % 20) - 10;
    for (let t = 0; t < 200; t++) {
      const arr = Array.from({ length: t % 17 }, rand).sort((p, q) => p - q);
      const x = rand();
      const lin = arr.findIndex((v) => v >= x);
      const linU = arr.findIndex((v) => v > x);
      assert.equal(lowerBound(arr, x), lin < 0 ? arr.length : lin);
      assert.equal(upperBound(arr, x), linU < 0 ? arr.length : linU);
    }
  });
});

describe('lowerBoundBy', () => {
  it('finds the position under a comparator (descending with a tie-break)', () => {
    // Sorted by score descending, then id ascending.
    const rows = [
      { id: 0, score: 9 },
      { id: 3, score: 9 },
      { id: 1, score: 4 },
      { id: 2, score: 1 },
    ];
    const cmp = (p: { id: number; score: number }, q: { id: number; score: number }) =>
      q.score - p.score || p.id - q.id;
    assert.equal(lowerBoundBy(rows, { id: 2, score: 9 }, cmp), 1);
    assert.equal(lowerBoundBy(rows, { id: 3, score: 9 }, cmp), 1);
    assert.equal(lowerBoundBy(rows, { id: 9, score: 4 }, cmp), 3);
    assert.equal(lowerBoundBy(rows, { id: 9, score: 0 }, cmp), 4);
    assert.equal(lowerBoundBy([], { id: 9, score: 0 }, cmp), 0);
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

describe('argsort', () => {
  const table: ReadonlyArray<readonly [ReadonlyArray<number>, ReadonlyArray<number>]> = [
    [[], []],
    [[3], [0]],
    [
      [0.5, 0.1, 0.5, 0.3],
      [1, 3, 0, 2],
    ],
    [
      [2, 2, 2],
      [0, 1, 2],
    ],
    [
      [-1, -Infinity, Infinity, 0],
      [1, 0, 3, 2],
    ],
  ];
  for (const [values, order] of table)
    it(`orders [${values.join(', ')}] by (value, index)`, () => {
      assert.deepEqual([...argsort(values)], order);
    });
  it('is stable on both sides of the insertion-sort cut-off (64) and writes into the array it is given', () => {
    for (const n of [10, 64, 65, 300]) {
      const values = Array.from({ length: n }, (_, i) => (i * 37) % 11);
      const expected = values.map((_, i) => i).sort((p, q) => (values[p] as number) - (values[q] as number) || p - q);
      const into = new Int32Array(n);
      assert.equal(argsort(values, into), into);
      assert.deepEqual([...into], expected);
    }
  });
});

describe('quantileOfSorted / percentileOfSorted', () => {
  it('interpolates linearly between closest ranks (numpy default, type 7)', () => {
    // numpy.percentile([1, 2, 3, 4], q) for q = 0, 25, 50, 75, 100
    assert.deepEqual(
      [0, 25, 50, 75, 100].map((q) => percentileOfSorted([1, 2, 3, 4], q)),
      [1, 1.75, 2.5, 3.25, 4],
    );
    assert.deepEqual(
      [0, 0.25, 0.5, 0.75, 1].map((q) => quantileOfSorted([1, 2, 3, 4], q)),
      [1, 1.75, 2.5, 3.25, 4],
    );
    assert.equal(percentileOfSorted([-0.9, -0.5, -0.1], 75), -0.3);
    assert.equal(percentileOfSorted([7], 75), 7);
    assert.equal(percentileOfSorted([], 50), undefined);
    assert.ok(Number.isNaN(quantileOfSorted([], 0.5)));
  });
  it('computes the percentile position as (n − 1)·p/100, so both entry points give the same numbers', () => {
    const v = [0.1, 0.7, 1.3, 2.9, 3.3, 8.1, 9.4];
    for (const p of [0, 10, 1 / 3, 50, 66.7, 90, 99, 100])
      assert.equal(percentileOfSorted(v, p), quantileOfSorted(v, p / 100));
  });
  it('returns the order statistic itself at an integer position, even next to an infinite value', () => {
    assert.equal(quantileOfSorted([1, 2, Infinity], 0.5), 2);
    assert.equal(quantileOfSorted([-Infinity, 2, 3], 0.5), 2);
    assert.equal(quantileOfSorted([1, 2, Infinity], 0.75), Infinity);
  });
  it('is symmetric: the p-th of values is minus the (100 − p)-th of negated values', () => {
    const v = [0.3, 0.9, 1.4, 2.2, 5];
    const neg = v.map((x) => -x).sort((a, b) => a - b);
    for (const q of [10, 25, 50, 75, 90])
      assert.ok(Math.abs((percentileOfSorted(v, q) as number) + (percentileOfSorted(neg, 100 - q) as number)) < 1e-12);
  });
});
