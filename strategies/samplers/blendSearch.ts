import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { Sampler } from '../../lib/sampler.js';
import type { BlendState, EngineConfig } from './cfo/blendEngine.js';
import type { CfoOptions } from './cfoSampler.js';
import { cfoOptionProblems } from './cfoSampler.js';
import { engineAsk, engineInit } from './cfo/blendEngine.js';
import { tpeSampler } from './tpeSampler.js';

/** Options of {@link blendSearch}. */
export interface BlendSearchOptions<G = unknown> extends CfoOptions {
  /** The global searcher: any rxhpo sampler. Default `tpeSampler()`. */
  readonly global?: Sampler<G>;
}

/** State of {@link blendSearch}: the CFO engine plus the global sampler's state. */
export type BlendSearchState<G = unknown> = BlendState<G>;

const isSampler = (s: unknown): s is Sampler =>
  typeof s === 'object' &&
  s !== null &&
  typeof (s as Sampler).init === 'function' &&
  typeof (s as Sampler).ask === 'function';

/**
 * BlendSearch (FLAML; Wang, Wu, Huang & Amini, ICLR 2021): a global searcher (TPE by default, any rxhpo
 * sampler) and FLOW² local threads started from its good points, one of them chosen per ask by FLAML's
 * priority rule. Each thread (the global one too) keeps its best objectives, the cost spent and the
 * speed of its last improvement; its priority is the objective it could reach with the least expected
 * cost for improvement at its speed, and a local thread proposes only when its priority beats the global
 * searcher's. A global proposal far outside the region local search has explored (more than one initial
 * step along a numeric dimension) is replaced by the best local thread's, so costly regions are reached
 * gradually, from `lowCostInit`. A finished global trial starts a new local thread when it beats the
 * median of the local threads' bests; threads end when they converge or a better thread can reach them
 * in one step. Concurrency, failed, stopped and foreign trials follow `cfoSampler`'s rules.
 *
 * Use it when some parameters drive cost and the space also has regions local search alone would miss.
 *
 * @example
 * ```ts
 * study({ space, objective, budget: { trials: 200 }, concurrency: 4 },
 *   pipe(sampleWith(blendSearch({ lowCostInit: { trees: 4 }, global: tpeSampler({ multivariate: false }) })), trainWith(trainer)));
 * ```
 * @throws InvalidOptionsError for an unknown option, a `global` that is not a sampler, a bad `lowCostInit`
 * (at init: a parameter the space lacks, a value outside its distribution), or an empty `costMetric`.
 */
export const blendSearch = <G = unknown>(options: BlendSearchOptions<G> = {}): Sampler<BlendSearchState<G>> => {
  const p = unknownOptionProblems(options, ['global', 'lowCostInit', 'costMetric']);
  cfoOptionProblems(options, p);
  if (options.global !== undefined && !isSampler(options.global))
    p.push(`global must be a sampler (an object with init and ask), got ${show(options.global)}`);
  if (p.length > 0) throw new InvalidOptionsError('blendSearch options', p);
  const global = (options.global ?? tpeSampler()) as Sampler<G>;
  const cfg: EngineConfig<G> = {
    where: 'blendSearch options',
    global,
    lowCostInit: options.lowCostInit,
    costMetric: options.costMetric,
  };
  return {
    name: `blendsearch(${global.name})`,
    init: (space, rng) => engineInit(cfg, space, rng),
    ask: (state, study) => engineAsk(cfg, state, study),
  };
};
