import type { Sampler } from '../../lib/sampler.js';
import type { RngState } from '../../lib/rng.js';
import { withRng } from '../../lib/rng.js';
import { randomConfig } from '../randomConfig.js';
import { checkOptionKeys } from '../../lib/optionKeys.js';

/**
 * Random search: each parameter drawn independently from its prior (Optuna's RandomSampler semantics,
 * ALGORITHMS.md §1.2). Ignores history; its state is only the RNG.
 *
 * @example
 * ```ts
 * study(options, pipe(sampleWith(randomSampler()), trainWith(trainer)));
 * ```
 */
export const randomSampler = (options: Readonly<Record<string, never>> = {}): Sampler<RngState> => {
  // It takes no options; one given by mistake (a seed meant for the study) must not pass unnoticed.
  checkOptionKeys('randomSampler options', options, []);
  return {
    name: 'random',
    init: (_space, rng) => rng,
    ask: (rng, study) => withRng(rng, (next) => randomConfig(study.space, next)),
  };
};
