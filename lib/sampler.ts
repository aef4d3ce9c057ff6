import type { Config } from './config.js';
import type { RngState } from './rng.js';
import type { SearchSpace } from './searchSpace.js';
import type { StudyState } from './studyState.js';

/**
 * A pure sampler. `init` runs once per study (validate options against the space here: it throws before
 * any trial starts); `ask` proposes the next config from the current study state, or `null` when the
 * sampler is exhausted (a finished grid), which ends the study once running trials finish. There is no
 * `tell`: the study state it receives already holds every finished, pruned, failed and running trial.
 * All randomness must come from the RNG state it is given and returns in `S`.
 *
 * @example
 * ```ts
 * const always: Sampler<null> = { name: 'always', init: () => null, ask: (s) => [{ x: 1 }, s] };
 * ```
 */
export interface Sampler<S = unknown> {
  readonly name: string;
  /**
   * True when `ask` returns `null` after finitely many configs (a grid). A study whose budget has no
   * trials, steps or deadline needs a finite sampler, or it would never end.
   */
  readonly finite?: boolean;
  readonly init: (space: SearchSpace, rng: RngState) => S;
  readonly ask: (state: S, study: StudyState) => readonly [Config | null, S];
}
