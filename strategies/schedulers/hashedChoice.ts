import type { Seed } from '../../lib/rng.js';
import { hashString } from '../../lib/hash.js';
import { weightedIndex } from './weightedIndex.js';

/**
 * Picks an index with probability proportional to `weights`, from a hash of the study seed and a
 * label (a trial id), not from a drawn random number: the same trial always lands in the same bracket,
 * whatever order trials start in and however many policies ask (Optuna's Hyperband uses crc32 of the
 * trial number the same way). The hash is FNV-1a with murmur3's finaliser, so consecutive trial ids
 * spread evenly (the first draw of a freshly seeded alea does not: it barely moves between `…/1`, `…/2`).
 *
 * @example
 * ```ts
 * hashedChoice(seed, 'hyperband/7', [81, 34, 15, 8, 5]); // 0 … 4, fixed for trial 7 under this seed
 * ```
 * @param seed The study seed.
 * @param label What is being placed (prefix it with the policy's name).
 * @param weights Non-negative weights, at least one positive.
 */
export const hashedChoice = (seed: Seed, label: string, weights: ReadonlyArray<number>): number => {
  const total = weights.reduce((a, w) => a + w, 0);
  return weightedIndex(((hashString(`${typeof seed}:${String(seed)}/${label}`) + 0.5) / 4294967296) * total, weights);
};
