/**
 * The numbers with −0 turned into 0: JSON writes −0 as 0, so a state holding −0 would not come back
 * from a journal snapshot identical to itself.
 *
 * @example
 * ```ts
 * plainNumbers([-0, 1]); // [0, 1]
 * ```
 */
export const plainNumbers = (xs: ArrayLike<number>): number[] => {
  // A plain loop: Array.from and typed arrays' map take V8's slow generic path.
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = (xs[i] as number) + 0;
  return out;
};
