/**
 * The benchmark's hash-based PRNG (problems.json `prng`, "bench-hash32"): bit-exact in any language
 * with 32-bit unsigned arithmetic, so the learning-curve noise of a (seed, trial, epoch) is the same
 * number here as in the Python reference. Stateless: each draw is a pure function of its keys.
 */

const M32 = 4294967296;

const checkKey = (k: number): number => {
  // The Python reference refuses non-uint32 keys; silently wrapping them would break bit-exactness.
  if (!Number.isInteger(k) || k < 0 || k >= M32)
    throw new RangeError(`hash32 keys must be integers in [0, 2^32), got ${k}`);
  return k;
};

export { fmix32 } from '../../lib/hash.js';
import { fmix32 } from '../../lib/hash.js';

/**
 * Hashes uint32 keys: h = 0x811C9DC5; for each k: h = fmix32(((h XOR k) + 0x9E3779B9) mod 2^32).
 *
 * @example
 * ```ts
 * hash32([0]); // 164558732
 * ```
 * @throws RangeError for a key that is not an integer in [0, 2^32).
 */
export const hash32 = (keys: ReadonlyArray<number>): number => {
  let h = 0x811c9dc5;
  for (const k of keys) h = fmix32((((h ^ checkKey(k)) >>> 0) + 0x9e3779b9) >>> 0);
  return h;
};

/**
 * A uniform in the open interval (0, 1), exact in float64: (hash32(keys) + 0.5) / 2^32.
 *
 * @example
 * ```ts
 * uniform01([1]); // 0.15721638652030379
 * ```
 */
export const uniform01 = (keys: ReadonlyArray<number>): number => (hash32(keys) + 0.5) / M32;

/**
 * A standard normal by Box–Muller (cosine branch) from uniform01(keys ++ [0]) and uniform01(keys ++ [1]).
 *
 * @example
 * ```ts
 * stdNormal([0x4c435631, 0, 1, 81]); // the noise of seed 0, trial 1, epoch 81 in lc_hartmann6
 * ```
 */
export const stdNormal = (keys: ReadonlyArray<number>): number =>
  Math.sqrt(-2 * Math.log(uniform01([...keys, 0]))) * Math.cos(2 * Math.PI * uniform01([...keys, 1]));
