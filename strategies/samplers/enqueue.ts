import type { Config } from '../../lib/config.js';
import type { Sampler } from '../../lib/sampler.js';
import { configProblems } from '../../lib/searchSpace.js';
import { InvalidOptionsError } from '../../lib/errors.js';

/** State of {@link enqueue}: how many queued configs were handed out, and the wrapped sampler's state. */
export interface EnqueueState<S> {
  readonly taken: number;
  readonly inner: S;
}

/**
 * Runs known configs first, then hands over to `sampler` (Optuna's `enqueue_trial`). The queued trials
 * are ordinary trials: model-based samplers learn from them. Every config is checked against the space
 * when the study starts.
 *
 * @example
 * ```ts
 * sampleWith(enqueue([{ lr: 1e-3, act: 'relu' }], randomSampler()))
 * ```
 * @throws InvalidOptionsError naming the queued config's index, field and value if it is outside the space.
 */
export const enqueue = <S>(configs: ReadonlyArray<Config>, sampler: Sampler<S>): Sampler<EnqueueState<S>> => ({
  name: sampler.name,
  // The queue is finite, so the whole is finite exactly when the sampler it hands over to is.
  ...(sampler.finite === true ? { finite: true } : {}),
  init: (space, rng) => {
    const problems = configs.flatMap((c, i) => configProblems(space, c).map((m) => `enqueue[${i}]: ${m}`));
    if (problems.length > 0) throw new InvalidOptionsError('enqueue', problems);
    return { taken: 0, inner: sampler.init(space, rng) };
  },
  ask: (s, study) => {
    if (s.taken < configs.length) return [configs[s.taken] as Config, { taken: s.taken + 1, inner: s.inner }];
    const [c, inner] = sampler.ask(s.inner, study);
    return [c, { taken: s.taken, inner }];
  },
});
