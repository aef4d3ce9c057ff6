/**
 * Optuna's default TPE split size: the number of trials in the "good" set for n finished trials,
 * min(⌈0.1·n⌉, 25). Computed exactly as Optuna does (`ceil(0.1 * n)` in doubles), so n = 30 gives 4,
 * not 3 (0.1·30 = 3.0000000000000004): parity matters more here than the round number.
 *
 * @example
 * ```ts
 * [10, 11, 100, 250, 1000].map(tpeGamma); // [1, 2, 10, 25, 25]
 * ```
 */
export const tpeGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);
