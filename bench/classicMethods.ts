// The methods of `npm run bench:classic`: one entry per method name, each an rxhpo sampler (and, for the
// multi-fidelity ones, a scheduler with cross-validation folds as the fidelity).
import type { Observable } from 'rxjs';
import { of } from 'rxjs';
import type { Config } from '../lib/config.js';
import type { Sampler } from '../lib/sampler.js';
import type { SearchSpace } from '../lib/searchSpace.js';
import type { Budget } from '../lib/trialEvent.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import { hyperband } from '../operators/hyperband.js';
import { gridSampler } from '../strategies/samplers/gridSampler.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { tpeSampler } from '../strategies/samplers/tpeSampler.js';
import { gpSampler } from '../strategies/samplers/gpSampler.js';
import { bohbSampler } from '../strategies/samplers/bohbSampler.js';
import { cmaesSampler } from '../strategies/samplers/cmaesSampler.js';
import { cfoSampler } from '../strategies/samplers/cfoSampler.js';
import { blendSearch } from '../strategies/samplers/blendSearch.js';
import type { Task } from '../adapters/learners/learner.js';

/** What a method needs to know about the run. */
export interface ClassicContext {
  readonly model: string;
  readonly task: Task;
  readonly space: SearchSpace;
  readonly defaults: Config;
  /** Full evaluations of the protocol (50 for RF and SVM, 10 for KNN). */
  readonly evaluations: number;
  /** Cross-validation folds (3). */
  readonly folds: number;
  /** Feature count (for grids over max_features). */
  readonly features: number;
  /** The learner's cheap starting point over its cost-related parameters (CFO's `lowCostInit`), if any. */
  readonly lowCost?: Config;
}

/** How one run is set up: the config source, an optional scheduler, and the study budget. */
export interface ClassicSetup {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly source: Sampler<any> | Observable<Config>;
  readonly scheduler?: SchedulerOperator;
  readonly budget: Budget;
}

interface Method {
  readonly describe: string;
  /** `undefined`: not in this build (written by another part of the project). */
  readonly make?: (ctx: ClassicContext) => ClassicSetup;
}

const spread = (low: number, high: number, n: number): number[] => [
  ...new Set(Array.from({ length: n }, (_, i) => Math.round(low + ((high - low) * i) / (n - 1)))),
];

// Grids of about the evaluation budget, over the same ranges (the grid is shuffled with the seed and cut
// at the budget when it is larger).
const gridValues = (ctx: ClassicContext): Record<string, ReadonlyArray<number | string>> => {
  if (ctx.model === 'rf')
    return {
      // 2 x 2 x 1 x 2 x 2 x 3 = 48 configs.
      n_estimators: [30, 100],
      max_depth: [10, 50],
      min_samples_split: [2],
      min_samples_leaf: [1, 6],
      criterion: ctx.task === 'classification' ? ['gini', 'entropy'] : ['squared_error', 'absolute_error'],
      max_features: spread(1, ctx.features, 3),
    };
  if (ctx.model === 'svm')
    return ctx.task === 'classification'
      ? { C: [0.1, 0.5, 1, 2, 3, 5, 8, 12, 18, 25, 35, 50], kernel: ['linear', 'poly', 'rbf', 'sigmoid'] }
      : { C: [0.1, 1, 10, 50], kernel: ['linear', 'poly', 'rbf', 'sigmoid'], epsilon: [0.01, 0.1, 1] };
  return { n_neighbors: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19] };
};

const methods: Readonly<Record<string, Method>> = {
  default: {
    describe:
      "the learner library's default hyper-parameters (scikit-learn's where the library has them), one evaluation",
    make: (ctx) => ({ source: of(ctx.defaults), budget: { trials: 1 } }),
  },
  grid: {
    describe: 'gridSampler over a grid of about the evaluation budget (shuffled by seed, cut at the budget)',
    make: (ctx) => ({ source: gridSampler({ values: gridValues(ctx) }), budget: { trials: ctx.evaluations } }),
  },
  random: {
    describe: 'randomSampler()',
    make: (ctx) => ({ source: randomSampler(), budget: { trials: ctx.evaluations } }),
  },
  tpe: {
    describe: 'tpeSampler() (defaults)',
    make: (ctx) => ({ source: tpeSampler(), budget: { trials: ctx.evaluations } }),
  },
  hyperband: {
    describe:
      "randomSampler() + hyperband({ minStep: 1, maxStep: folds, reductionFactor: 3, mode: 'stop' }): cross-validation folds are the fidelity; the budget is the same number of fold fits as the full-evaluation methods (evaluations x folds)",
    make: (ctx) => ({
      source: randomSampler(),
      scheduler: hyperband({ minStep: 1, maxStep: ctx.folds, reductionFactor: 3, mode: 'stop' }),
      budget: { steps: ctx.evaluations * ctx.folds },
    }),
  },
  gp: {
    describe: 'gpSampler() (defaults: 10 Sobol startup trials, Matern-5/2 ARD, log EI)',
    make: (ctx) => ({ source: gpSampler(), budget: { trials: ctx.evaluations } }),
  },
  bohb: {
    describe:
      "bohbSampler() + hyperband({ minStep: 1, maxStep: folds, reductionFactor: 3, mode: 'stop' }): folds are the fidelity, one density model per fold count; the same number of fold fits as the full-evaluation methods",
    make: (ctx) => ({
      source: bohbSampler(),
      scheduler: hyperband({ minStep: 1, maxStep: ctx.folds, reductionFactor: 3, mode: 'stop' }),
      budget: { steps: ctx.evaluations * ctx.folds },
    }),
  },
  cmaes: {
    describe: 'cmaesSampler() (Optuna defaults; the categorical kernel and conditional parameters independently)',
    make: (ctx) => ({ source: cmaesSampler(), budget: { trials: ctx.evaluations } }),
  },
  cfo: {
    describe:
      "cfoSampler({ lowCostInit: the cost-related parameters of the learner's cheap config }) (cost: the cost budget's metric, else fit_seconds)",
    make: (ctx) => ({
      source: cfoSampler(ctx.lowCost ? { lowCostInit: ctx.lowCost } : {}),
      budget: { trials: ctx.evaluations },
    }),
  },
  blendsearch: {
    describe:
      "blendSearch({ global: tpeSampler(), lowCostInit: the cost-related parameters of the learner's cheap config }) (cost: the cost budget's metric, else fit_seconds)",
    make: (ctx) => ({
      source: blendSearch(ctx.lowCost ? { lowCostInit: ctx.lowCost } : {}),
      budget: { trials: ctx.evaluations },
    }),
  },
};

/** Every method name the bench knows, in the table's order. */
export const classicMethodNames = Object.keys(methods);

/** True when the method runs in this build. */
export const classicMethodAvailable = (name: string): boolean => methods[name]?.make !== undefined;

/** The method's one-line description (for the results' meta). */
export const describeClassicMethod = (name: string): string => methods[name]?.describe ?? 'unknown';

/**
 * The setup of one run of a method.
 *
 * @example
 * ```ts
 * const { source, scheduler, budget } = makeClassicMethod('tpe', ctx);
 * ```
 * @throws Error naming the method when it is unknown or not available in this build.
 */
export const makeClassicMethod = (name: string, ctx: ClassicContext): ClassicSetup => {
  const m = methods[name];
  if (!m) throw new Error(`unknown method ${JSON.stringify(name)} (known: ${classicMethodNames.join(', ')})`);
  if (!m.make) throw new Error(`method ${name} (${m.describe}) is not available in this build`);
  return m.make(ctx);
};
