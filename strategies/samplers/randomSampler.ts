import type { Sampler } from '../../lib/sampler.js';
import type { RngState } from '../../lib/rng.js';
import { withRng } from '../../lib/rng.js';
import { randomConfig } from '../randomConfig.js';

/**
 * Random search: each parameter drawn independently from its prior (Optuna's RandomSampler semantics,
 * ALGORITHMS.md §1.2). Ignores history; its state is only the RNG.
 *
 * @example
 * ```ts
 * study(options, pipe(sampleWith(randomSampler()), trainWith(trainer)));
 * ```
 */
export const randomSampler = (): Sampler<RngState> => ({
  name: 'random',
  init: (_space, rng) => rng,
  ask: (rng, study) => withRng(rng, (next) => randomConfig(study.space, next)),
});
