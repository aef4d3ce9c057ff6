/**
 * The index whose cumulative weight first exceeds `x`: with weights 81, 27, 9, x in [0, 81) gives 0,
 * [81, 108) gives 1, and so on (the last index for anything beyond). Shared by the hashed and the
 * sequential bracket choices of Hyperband.
 *
 * @example
 * ```ts
 * weightedIndex(90, [81, 27, 9]); // 1
 * ```
 * @param x A position in [0, sum of weights).
 * @param weights Non-negative weights.
 */
export const weightedIndex = (x: number, weights: ReadonlyArray<number>): number => {
  let acc = 0;
  for (const [i, w] of weights.entries()) {
    acc += w;
    if (x < acc) return i;
  }
  return weights.length - 1;
};
