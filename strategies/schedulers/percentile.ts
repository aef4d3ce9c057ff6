/**
 * The q-th percentile (0–100) of ascending-sorted values with linear interpolation between closest
 * ranks (numpy's default, R type 7), as Ray's ASHA cutoff and Optuna's percentile pruner use.
 * `undefined` for no values.
 *
 * @example
 * ```ts
 * percentileOfSorted([1, 2, 3, 4], 75); // 3.25
 * percentileOfSorted([5], 50); // 5
 * ```
 */
export const percentileOfSorted = (sorted: ReadonlyArray<number>, q: number): number | undefined => {
  const n = sorted.length;
  if (n === 0) return undefined;
  const rank = (q / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
};

/**
 * A copy of an ascending array with `value` inserted in order (after equal values). O(n) per insert,
 * so a policy can keep sorted rung records immutable without re-sorting per query.
 *
 * @example
 * ```ts
 * insertSorted([1, 3], 2); // [1, 2, 3]
 * ```
 */
export const insertSorted = (sorted: ReadonlyArray<number>, value: number): number[] => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return [...sorted.slice(0, lo), value, ...sorted.slice(lo)];
};
