/**
 * Optuna's default TPE split size: the number of trials in the "good" set for n finished trials,
 * min(⌈0.1·n⌉, 25), computed as Optuna does (`ceil(0.1 * n)` in doubles).
 *
 * @example
 * ```ts
 * [10, 11, 100, 250, 1000].map(tpeGamma); // [1, 2, 10, 25, 25]
 * ```
 */
export const tpeGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);
