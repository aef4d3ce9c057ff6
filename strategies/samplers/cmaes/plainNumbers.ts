/**
 * The numbers with −0 turned into 0: JSON writes −0 as 0, so a state holding −0 would not come back
 * from a journal snapshot identical to itself.
 *
 * @example
 * ```ts
 * plainNumbers([-0, 1]); // [0, 1]
 * ```
 */
export const plainNumbers = (xs: ReadonlyArray<number>): number[] => xs.map((v) => v + 0);
