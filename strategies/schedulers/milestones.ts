/**
 * The rung milestones of one successive-halving bracket: `minStep·η^(rate+k)` for k = 0, 1, … while the
 * milestone is below `maxStep` (reaching `maxStep` is completion, not a rung). Computed by repeated
 * integer multiplication, never with a floating log: `ln 243 / ln 3 = 4.999999999999999` would lose a
 * level (ALGORITHMS.md §16.6).
 *
 * @example
 * ```ts
 * milestones(1, 81, 3); // [1, 3, 9, 27]
 * milestones(1, 243, 3); // [1, 3, 9, 27, 81]
 * milestones(1, 100, 4, 1); // [4, 16, 64]
 * ```
 * @param minStep The first milestone of the most aggressive bracket (a positive integer).
 * @param maxStep The step at which a trial is complete.
 * @param eta The reduction factor (an integer ≥ 2).
 * @param rate The bracket's minimum early-stopping rate (0 = most aggressive).
 */
export const milestones = (minStep: number, maxStep: number, eta: number, rate = 0): number[] => {
  let m = minStep;
  for (let i = 0; i < rate; i++) m *= eta;
  const out: number[] = [];
  for (; m < maxStep; m *= eta) out.push(m);
  return out;
};

/**
 * The number of levels above `minStep`: the largest s with `minStep·η^s ≤ maxStep`, by integer
 * multiplication (Hyperband's s_max).
 *
 * @example
 * ```ts
 * levels(1, 81, 3); // 4
 * levels(1, 243, 3); // 5 (a floating log gives 4)
 * levels(1, 1000, 10); // 3
 * ```
 */
export const levels = (minStep: number, maxStep: number, eta: number): number => {
  let s = 0;
  for (let m = minStep * eta; m <= maxStep; m *= eta) s++;
  return s;
};
