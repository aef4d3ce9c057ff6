import { levels, milestones } from './milestones.js';

/** One Hyperband bracket: a successive-halving group. */
export interface HyperbandBracket {
  /** The bracket's minimum early-stopping rate b (0 = most aggressive); Li et al.'s s = sMax − b. */
  readonly rate: number;
  /** Its first rung, `minStep·η^b` (equal to `maxStep` for the bracket that never halves). */
  readonly minStep: number;
  /** Its rung milestones below `maxStep`. */
  readonly rungs: ReadonlyArray<number>;
  /** Trials per cohort, n = ⌈(sMax + 1)·η^s / (s + 1)⌉; also its weight when trials are assigned. */
  readonly size: number;
  /**
   * Trials per cohort when brackets run in order, as HpBandSter's Hyperband and BOHB size them:
   * n = ⌊(sMax + 1)/(s + 1)⌋·η^s (the floor of the ratio first).
   */
  readonly sequentialSize: number;
}

/**
 * Hyperband's brackets (Li et al., JMLR 2018, Alg. 1) with integer arithmetic: sMax is the largest s
 * with `minStep·η^s ≤ maxStep` by repeated multiplication, so 243 with η = 3 has 6 brackets, not 5
 * (ALGORITHMS.md §16.6). For `minStep` 1, `maxStep` 81, η 3 the sizes are 81, 34, 15, 8, 5 with first
 * rungs 1, 3, 9, 27, 81; in order (HpBandSter's sizes) they are 81, 27, 9, 6, 5.
 *
 * @example
 * ```ts
 * hyperbandBrackets(1, 81, 3).map((b) => [b.size, b.minStep]); // [[81,1],[34,3],[15,9],[8,27],[5,81]]
 * ```
 */
export const hyperbandBrackets = (minStep: number, maxStep: number, eta: number): HyperbandBracket[] => {
  const sMax = levels(minStep, maxStep, eta);
  return Array.from({ length: sMax + 1 }, (_, rate) => {
    const s = sMax - rate;
    const rungs = milestones(minStep, maxStep, eta, rate);
    return {
      rate,
      minStep: minStep * eta ** rate,
      rungs,
      size: Math.ceil(((sMax + 1) * eta ** s) / (s + 1)),
      sequentialSize: Math.floor((sMax + 1) / (s + 1)) * eta ** s,
    };
  });
};
