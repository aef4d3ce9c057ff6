import { InvalidOptionsError, show } from '../../lib/errors.js';
import type { Seed } from '../../lib/rng.js';
import { rngFromSeed, shuffled, withRng } from '../../lib/rng.js';
import { classCodes } from './learner.js';

/** One split of a cross-validation: row indices to fit on and row indices to score on. */
export interface Fold {
  readonly train: ReadonlyArray<number>;
  readonly test: ReadonlyArray<number>;
}

/** Options of {@link kFolds}. */
export interface KFoldsOptions {
  /** Number of folds, >= 2. */
  readonly k: number;
  /** Keep each class's share in every fold (classification). Default false. */
  readonly stratified?: boolean;
  /**
   * Shuffle rows (within each class when stratified) with this seed before cutting folds. Without a
   * seed the rows keep their order, as scikit-learn's `KFold` / `StratifiedKFold` without `shuffle`.
   */
  readonly seed?: Seed;
}

/**
 * Cuts rows `0 … y.length − 1` into `k` folds, the way scikit-learn's `KFold` and `StratifiedKFold` do
 * (the same folds for the same order when unshuffled): plain folds are contiguous blocks, the first
 * `n % k` one row longer; stratified folds give every fold about the same count of each class, each
 * class's rows taken in order (or in seeded shuffled order). Pure: the same input gives the same folds.
 *
 * @example
 * ```ts
 * kFolds([0, 0, 0, 1, 1, 1], { k: 3, stratified: true });
 * // [{ train: [1, 2, 4, 5], test: [0, 3] }, { train: [0, 2, 3, 5], test: [1, 4] }, …]
 * ```
 * @throws InvalidOptionsError when `k` is not an integer in [2, rows], or a stratified class is too rare.
 */
export const kFolds = (y: ReadonlyArray<number>, options: KFoldsOptions): Fold[] => {
  const { k, stratified = false, seed } = options;
  const n = y.length;
  if (!Number.isInteger(k) || k < 2 || k > n)
    throw new InvalidOptionsError('kFolds options', [`k must be an integer in [2, ${n}] (the rows), got ${show(k)}`]);
  let order = [...Array(n).keys()];
  if (seed !== undefined) [order] = withRng(rngFromSeed(seed), (next) => shuffled(order, next));
  const foldOf = new Array<number>(n).fill(0);
  if (!stratified) {
    let at = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      for (let i = 0; i < size; i++) foldOf[order[at++] as number] = f;
    }
  } else {
    const { classes, codes } = classCodes(y);
    // As scikit-learn: the sorted labels dealt round-robin to folds give each fold's count per class.
    const sorted = [...codes].sort((a, b) => a - b);
    const allocation = Array.from({ length: k }, () => new Array<number>(classes.length).fill(0));
    sorted.forEach((c, i) => {
      (allocation[i % k] as number[])[c] = ((allocation[i % k] as number[])[c] as number) + 1;
    });
    classes.forEach((cls, c) => {
      const rows = order.filter((i) => y[i] === cls);
      if (rows.length < k)
        throw new InvalidOptionsError('kFolds', [
          `class ${show(cls)} has ${rows.length} rows, fewer than k = ${k} folds: use fewer folds or stratified: false`,
        ]);
      let at = 0;
      for (let f = 0; f < k; f++)
        for (let i = 0; i < ((allocation[f] as number[])[c] as number); i++) foldOf[rows[at++] as number] = f;
    });
  }
  return Array.from({ length: k }, (_, f) => ({
    train: [...Array(n).keys()].filter((i) => foldOf[i] !== f),
    test: [...Array(n).keys()].filter((i) => foldOf[i] === f),
  }));
};
