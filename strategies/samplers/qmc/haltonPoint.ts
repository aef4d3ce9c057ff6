import { InvalidOptionsError } from '../../../lib/errors.js';
import { shuffled } from '../../../lib/rng.js';

/**
 * A seeded scramble of the Halton sequence (SciPy's: Owen 2017, Algorithm 1): for each dimension and
 * each digit position, a random permutation of the digits of that dimension's prime base, applied to all
 * positions down to double precision (so the leading zeros of small indices are permuted too).
 */
export interface HaltonScramble {
  readonly _tag: 'HaltonScramble';
  /** Per dimension, per digit position (most significant first), a permutation of 0..base−1. */
  readonly permutations: ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>;
}

const primes: number[] = [];

/**
 * The first `n` primes (the Halton bases).
 *
 * @example
 * ```ts
 * firstPrimes(4); // [2, 3, 5, 7]
 * ```
 */
export const firstPrimes = (n: number): ReadonlyArray<number> => {
  for (let c = primes.length === 0 ? 2 : (primes[primes.length - 1] as number) + 1; primes.length < n; c++)
    if (primes.every((p) => p * p > c || c % p !== 0)) primes.push(c);
  return primes.slice(0, n);
};

// Digit positions SciPy permutes for a base: ⌈54 / log2 b⌉ − 1, i.e. until b^−k is below double precision.
const positions = (base: number): number => Math.ceil(54 / Math.log2(base)) - 1;

/**
 * Draws a scramble for the first `dim` dimensions from a uniform source (use inside `withRng`).
 *
 * @example
 * ```ts
 * const [scramble] = withRng(rng, (next) => haltonScramble(2, next));
 * haltonPoint(0, 2, scramble); // a random point, no longer the origin
 * ```
 */
export const haltonScramble = (dim: number, next: () => number): HaltonScramble => ({
  _tag: 'HaltonScramble',
  permutations: firstPrimes(dim).map((b) =>
    Array.from({ length: positions(b) }, () =>
      shuffled(
        Array.from({ length: b }, (_, i) => i),
        next,
      ),
    ),
  ),
});

/**
 * The point of the Halton sequence at `index` (0-based, radical inverses in the first `dim` prime bases),
 * in [0, 1)^dim. Unscrambled: (0,0), (0.5,1/3), (0.25,2/3), …
 *
 * @example
 * ```ts
 * haltonPoint(1, 2); // [0.5, 0.3333333333333333]
 * ```
 * @throws InvalidOptionsError if `index` is not a non-negative safe integer.
 */
export const haltonPoint = (index: number, dim: number, scramble?: HaltonScramble): number[] => {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new InvalidOptionsError('haltonPoint', [`index must be a non-negative integer, got ${index}`]);
  return firstPrimes(dim).map((b, d) => {
    let r = 0;
    let f = 1 / b;
    if (scramble) {
      const perms = scramble.permutations[d] as ReadonlyArray<ReadonlyArray<number>>;
      for (let k = 0, i = index; k < perms.length; k++, i = Math.floor(i / b), f /= b)
        r += ((perms[k] as ReadonlyArray<number>)[i % b] as number) * f;
      return Math.min(r, 1 - Number.EPSILON / 2);
    }
    for (let i = index; i > 0; i = Math.floor(i / b), f /= b) r += (i % b) * f;
    return r;
  });
};
