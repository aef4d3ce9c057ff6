import type { Config } from '../../lib/config.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { Sampler } from '../../lib/sampler.js';
import type { BlendState, EngineConfig } from './cfo/blendEngine.js';
import { engineAsk, engineInit } from './cfo/blendEngine.js';

/** Options of {@link cfoSampler}. */
export interface CfoOptions {
  /**
   * The cheap starting point: values for the cost-related parameters (few trees, shallow depth, few
   * epochs). Parameters it leaves out start at random. Default: none (a random start).
   */
  readonly lowCostInit?: Partial<Config>;
  /**
   * The metric that holds a trial's cost, as a running total in its reports (a trainer reporting its
   * seconds of training so far). A trial without it costs 1. Default: the metric of the study's cost
   * budget when it has one (so the searcher counts cost in the units the budget is spent in), else
   * `'fit_seconds'`.
   */
  readonly costMetric?: string;
}

/**
 * The defaults of {@link cfoSampler} and {@link blendSearch}: `costMetric` is the fallback when the study
 * has no cost budget (with one, its metric is the default).
 *
 * @example
 * ```ts
 * DEFAULT_CFO_OPTIONS.costMetric; // 'fit_seconds'
 * ```
 */
export const DEFAULT_CFO_OPTIONS = { costMetric: 'fit_seconds' } as const;

/** State of {@link cfoSampler}: the engine it shares with `blendSearch`, without a global searcher. */
export type CfoState = BlendState<null>;

/** Checks the options cfoSampler and blendSearch share; pushes one line per problem. */
export const cfoOptionProblems = (options: CfoOptions, p: string[]): void => {
  const init: unknown = options.lowCostInit;
  if (init !== undefined && (typeof init !== 'object' || init === null || Array.isArray(init)))
    p.push(`lowCostInit must be an object of parameter values, got ${show(init)}`);
  const cm: unknown = options.costMetric;
  if (cm !== undefined && (typeof cm !== 'string' || cm.length === 0))
    p.push(`costMetric must be a non-empty metric name, got ${show(cm)}`);
};

/**
 * CFO, FLAML's cost-frugal optimisation (FLOW² randomized direct search, Wu, Wang & Huang, AAAI 2021):
 * starts at `lowCostInit` and walks from the incumbent in random directions ±δu in the unit cube,
 * moving on every improvement; δ starts at 0.1·√d, decays like 1/√iteration when no direction helps, and
 * when it falls below the space's resolution the search restarts from a perturbed low-cost point. Small
 * steps from a cheap start mean expensive configs (many trees, deep nets) are reached only when the
 * objective pays for them: use it when trial cost grows with some parameters.
 *
 * Rules of this implementation:
 * - Concurrency: every ask is answered. Trials in flight are proposals of the incumbent they came from;
 *   a result that beats the current incumbent moves it, whoever proposed it.
 * - A failed trial, a trial a scheduler stopped, and a completed trial without a final score count as a
 *   proposal that did not improve. Paused trials count when they finally end.
 * - Trials the sampler did not propose (an `enqueue`d config) move the incumbent when they beat it.
 * - The cost of a trial is its `costMetric` (see {@link trialCost}); CFO itself needs it only for
 *   reporting, BlendSearch schedules its threads by it.
 *
 * @example
 * ```ts
 * const space = { trees: int(4, 1000, { log: true }), depth: int(1, 20), lr: float(1e-3, 1, { log: true }) };
 * study({ space, objective, budget: { trials: 100 } },
 *   pipe(sampleWith(cfoSampler({ lowCostInit: { trees: 4, depth: 1 } })), trainWith(trainer)));
 * ```
 * @throws InvalidOptionsError for an unknown option, a `lowCostInit` that is not an object, or (at init)
 * one naming a parameter the space lacks or holding a value outside its distribution.
 */
export const cfoSampler = (options: CfoOptions = {}): Sampler<CfoState> => {
  const p = unknownOptionProblems(options, ['lowCostInit', 'costMetric']);
  cfoOptionProblems(options, p);
  if (p.length > 0) throw new InvalidOptionsError('cfoSampler options', p);
  const cfg: EngineConfig<null> = {
    where: 'cfoSampler options',
    global: null,
    lowCostInit: options.lowCostInit,
    costMetric: options.costMetric,
  };
  return {
    name: 'cfo',
    init: (space, rng) => engineInit(cfg, space, rng),
    ask: (state, study) => engineAsk(cfg, state, study),
  };
};
