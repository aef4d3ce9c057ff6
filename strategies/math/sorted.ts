// Sorted-array primitives shared by the samplers, the schedulers and the benchmarks: binary searches,
// an argsort, sorted insertion and one percentile rule. One copy each, so every caller agrees on ties
// and on how a percentile interpolates.

/**
 * The first index i of ascending `sorted` with `sorted[i] >= x` (the insertion point before equal
 * values); `sorted.length` if there is none. O(log n).
 *
 * @example
 * ```ts
 * lowerBound([1, 2, 2, 3], 2); // 1
 * lowerBound([1, 2, 2, 3], 9); // 4
 * ```
 */
export const lowerBound = (sorted: ArrayLike<number>, x: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * The first index i of ascending `sorted` with `sorted[i] > x` (the insertion point after equal values);
 * `sorted.length` if there is none. O(log n).
 *
 * @example
 * ```ts
 * upperBound([1, 2, 2, 3], 2); // 3
 * upperBound([1, 2, 2, 3], 0); // 0
 * ```
 */
export const upperBound = (sorted: ArrayLike<number>, x: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * {@link lowerBound} under a comparator: the first index i with `cmp(sorted[i], x) >= 0`, for an array
 * sorted by `cmp` (ties broken inside `cmp` make every element distinct, so this is its exact position).
 *
 * @example
 * ```ts
 * lowerBoundBy(['b', 'd'], 'c', (a, b) => a.localeCompare(b)); // 1
 * ```
 */
export const lowerBoundBy = <T>(sorted: ArrayLike<T>, x: T, cmp: (a: T, b: T) => number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(sorted[mid] as T, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * A copy of ascending `sorted` with `value` inserted in order (after equal values). O(n) per insert, so
 * a policy can keep sorted records immutable without re-sorting per query.
 *
 * @example
 * ```ts
 * insertSorted([1, 3], 2); // [1, 2, 3]
 * ```
 */
export const insertSorted = (sorted: ReadonlyArray<number>, value: number): number[] => {
  const at = upperBound(sorted, value);
  return [...sorted.slice(0, at), value, ...sorted.slice(at)];
};

/**
 * The indices of `values` sorted by (value, index): a stable argsort, written into `into` (a new
 * Int32Array by default). Short arrays (≤ 64, such as TPE's good sets) use an insertion sort, which
 * beats the engine's sort there; longer ones the engine's sort with the index as tie-break. NaNs are not
 * supported.
 *
 * @example
 * ```ts
 * argsort([0.5, 0.1, 0.5, 0.3]); // Int32Array [1, 3, 0, 2]
 * ```
 */
export const argsort = (values: ArrayLike<number>, into: Int32Array = new Int32Array(values.length)): Int32Array => {
  const n = values.length;
  const idx = into;
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n > 64) return idx.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  for (let i = 1; i < n; i++) {
    const k = idx[i] as number;
    const v = values[k] as number;
    let j = i - 1;
    while (j >= 0 && (values[idx[j] as number] as number) > v) {
      idx[j + 1] = idx[j] as number;
      j--;
    }
    idx[j + 1] = k;
  }
  return idx;
};

/**
 * The q-quantile (q in [0, 1]) of ascending `sorted`, NaN when it is empty. The rule: linear
 * interpolation between the two closest order statistics, at position h = (n − 1)·q (Hyndman and Fan's
 * type 7; numpy's and R's default, the rule of Ray's ASHA cutoff and Optuna's percentile pruner):
 * x[⌊h⌋] + (x[⌊h⌋ + 1] − x[⌊h⌋])·(h − ⌊h⌋), and exactly x[h] when h is an integer. (numpy evaluates
 * the same line as x[⌊h⌋ + 1] − (…)·(1 − t) when t ≥ ½, which can differ in the last bit.)
 *
 * @example
 * ```ts
 * quantileOfSorted([1, 2, 3, 4], 0.25); // 1.75
 * quantileOfSorted([1, 2, 3, 4], 0.75); // 3.25
 * ```
 */
export const quantileOfSorted = (sorted: ArrayLike<number>, q: number): number => {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const t = h - lo;
  if (t === 0) return a;
  const b = sorted[Math.min(n - 1, lo + 1)] as number;
  return a + (b - a) * t;
};

/**
 * The p-th percentile (p in [0, 100]) of ascending `sorted` by the rule of {@link quantileOfSorted}
 * (linear, type 7), `undefined` when it is empty.
 *
 * @example
 * ```ts
 * percentileOfSorted([1, 2, 3, 4], 75); // 3.25
 * percentileOfSorted([5], 50); // 5
 * ```
 */
export const percentileOfSorted = (sorted: ArrayLike<number>, p: number): number | undefined =>
  sorted.length === 0 ? undefined : quantileOfSorted(sorted, p / 100);
