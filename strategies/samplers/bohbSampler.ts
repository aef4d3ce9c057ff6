import type { Config } from '../../lib/config.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { RngState } from '../../lib/rng.js';
import { withRng } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import type { ParamSpec } from '../../lib/searchSpace.js';
import { flattenSpace } from '../../lib/searchSpace.js';
import { randomConfig } from '../randomConfig.js';
import { configFromUnit } from './qmcSampler.js';
import { BohbHistory } from './bohb/bohbHistory.js';
import type { BohbKde } from './bohb/bohbKde.js';
import { bohbKdePdf, fitBohbKde, sampleBohbKde } from './bohb/bohbKde.js';

/** Options of {@link bohbSampler}. Defaults are HpBandSter's (see {@link DEFAULT_BOHB_OPTIONS}). */
export interface BohbOptions {
  /** Observations a budget needs before it gets a model. Default: the number of parameters + 1. */
  readonly minPointsInModel?: number;
  /** Percentage of a budget's observations that make the good set. Default 15. */
  readonly topNPercent?: number;
  /** Candidates drawn from the good KDE per ask. Default 64. */
  readonly numSamples?: number;
  /** Fraction of asks that sample the prior even when a model exists. Default 1/3. */
  readonly randomFraction?: number;
  /** Widening of the good KDE's bandwidths when drawing candidates. Default 3. */
  readonly bandwidthFactor?: number;
  /** Floor of every KDE bandwidth. Default 1e-3. */
  readonly minBandwidth?: number;
}

/** HpBandSter's BOHB defaults (`config_generators/bohb.py`). */
export const DEFAULT_BOHB_OPTIONS = {
  topNPercent: 15,
  numSamples: 64,
  randomFraction: 1 / 3,
  bandwidthFactor: 3,
  minBandwidth: 1e-3,
} as const;

/**
 * The state of {@link bohbSampler}: its RNG, and — not enumerable, so never in a JSON snapshot — the
 * per-budget observations, a cache of the study log rebuilt from it whenever missing or out of step.
 */
export interface BohbState {
  readonly rng: RngState;
  readonly history?: BohbHistory;
}

const KNOWN = ['minPointsInModel', 'topNPercent', 'numSamples', 'randomFraction', 'bandwidthFactor', 'minBandwidth'];

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

// Python's max(a, b): b only when b > a, so a NaN second argument is ignored and a NaN first one kept
// (HpBandSter's max(1e-32, g(x)) / max(l(x), 1e-32) over statsmodels densities that can be NaN).
const pyMax = (a: number, b: number): number => (b > a ? b : a);

const stateOf = (rng: RngState, history: BohbHistory): BohbState =>
  Object.defineProperty({ rng }, 'history', { value: history, enumerable: false });

// HpBandSter's imputation of inactive parameters: copy the value of a random row of the same set that
// has it, else draw from the prior.
const impute = (rows: number[][], kinds: ReadonlyArray<number>, next: () => number): number[][] =>
  rows.map((r) =>
    r.map((v, j) => {
      if (!Number.isNaN(v)) return v;
      const donors = rows.filter((o) => !Number.isNaN(o[j]));
      if (donors.length > 0) return (donors[Math.floor(next() * donors.length)] as number[])[j] as number;
      const c = kinds[j] as number;
      return c === 0 ? next() : Math.min(c - 1, Math.floor(next() * c));
    }),
  );

/**
 * BOHB's model-based sampler (Falkner et al., ICML 2018, as HpBandSter's `BOHB` config generator): one
 * pair of kernel density estimates per budget, where a budget is the step a trial reported at (a rung
 * under `hyperband()`), and proposals from the **largest budget with enough observations** (at least
 * `minPointsInModel`, and more rows than parameters in both sets). At that budget the best
 * `topNPercent` % of the observations (at least `minPointsInModel`) make the good set, the next ones
 * the bad set; each gets a product-kernel KDE with statsmodels' normal-reference bandwidths (floored at
 * `minBandwidth`). An ask samples the prior with probability `randomFraction` (or while no budget has a
 * model); otherwise it draws `numSamples` candidates around good points with bandwidths widened by
 * `bandwidthFactor`, and returns the one with the highest good/bad density ratio. Inactive conditional
 * parameters are imputed from another row of the same set. Running trials are not modelled (as
 * HpBandSter). Compose it with a multi-fidelity scheduler: BOHB is
 * `pipe(sampleWith(bohbSampler()), trainWith(trainer), hyperband({ minStep, maxStep, reductionFactor: 3 }))`.
 *
 * @example
 * ```ts
 * study(
 *   { space, objective: { metric: 'loss', mode: 'min' }, budget: { trials: 200 }, concurrency: 4 },
 *   pipe(sampleWith(bohbSampler()), trainWith(trainer), hyperband({ minStep: 1, maxStep: 81, reductionFactor: 3 })),
 * );
 * ```
 * @throws InvalidOptionsError naming any bad option and its value.
 */
export const bohbSampler = (options: BohbOptions = {}): Sampler<BohbState> => {
  const p: string[] = unknownOptionProblems(options, KNOWN);
  const o = { ...DEFAULT_BOHB_OPTIONS, ...options };
  if (o.minPointsInModel !== undefined && !(Number.isInteger(o.minPointsInModel) && o.minPointsInModel >= 1))
    p.push(`minPointsInModel must be an integer >= 1, got ${show(o.minPointsInModel)}`);
  if (!(isNum(o.topNPercent) && o.topNPercent > 0 && o.topNPercent < 100))
    p.push(`topNPercent must be a number in (0, 100), got ${show(o.topNPercent)}`);
  if (!(Number.isInteger(o.numSamples) && o.numSamples >= 1))
    p.push(`numSamples must be an integer >= 1, got ${show(o.numSamples)}`);
  if (!(isNum(o.randomFraction) && o.randomFraction >= 0 && o.randomFraction <= 1))
    p.push(`randomFraction must be a number in [0, 1], got ${show(o.randomFraction)}`);
  if (!(isNum(o.bandwidthFactor) && o.bandwidthFactor > 0))
    p.push(`bandwidthFactor must be a number > 0, got ${show(o.bandwidthFactor)}`);
  if (!(isNum(o.minBandwidth) && o.minBandwidth > 0))
    p.push(`minBandwidth must be a number > 0, got ${show(o.minBandwidth)}`);
  if (p.length > 0) throw new InvalidOptionsError('bohbSampler options', p);

  let paramsCache: { space: unknown; params: ReadonlyArray<ParamSpec> } | undefined;
  const paramsOf = (space: Parameters<typeof flattenSpace>[0]): ReadonlyArray<ParamSpec> => {
    if (paramsCache?.space !== space) paramsCache = { space, params: flattenSpace(space) };
    return paramsCache.params;
  };

  // The largest budget whose good and bad sets both have more rows than there are parameters, with its
  // split (HpBandSter builds a budget's model only then, and proposes from the largest one it has).
  const split = (h: BohbHistory, d: number) => {
    const minPoints = o.minPointsInModel ?? d + 1;
    for (const budget of h.budgetsWith(minPoints)) {
      const { vectors, scores } = h.at(budget);
      const n = vectors.length;
      const nGood = Math.max(minPoints, Math.floor((o.topNPercent * n) / 100));
      const nBad = Math.max(minPoints, Math.floor(((100 - o.topNPercent) * n) / 100));
      // Best first (loss ascending = score descending); stable, so ties keep the first-reported order.
      const idx = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
      const good = idx.slice(0, nGood).map((i) => vectors[i] as number[]);
      const bad = idx.slice(nGood, nGood + nBad).map((i) => vectors[i] as number[]);
      if (good.length > d && bad.length > d) return { budget, good, bad };
    }
    return undefined;
  };

  const propose = (good: BohbKde, bad: BohbKde, next: () => number): number[] | undefined => {
    let best = Infinity;
    let bestVector: number[] | undefined;
    for (let i = 0; i < o.numSamples; i++) {
      const x = sampleBohbKde(good, o.bandwidthFactor, next);
      const l = bohbKdePdf(good, x);
      const val = pyMax(1e-32, bohbKdePdf(bad, x)) / pyMax(l, 1e-32);
      if (!Number.isFinite(val)) {
        // HpBandSter: a non-finite ratio with a finite good density is taken as is.
        if (Number.isFinite(l)) return x;
        continue;
      }
      if (val < best) {
        best = val;
        bestVector = x;
      }
    }
    return bestVector;
  };

  return {
    name: 'bohb',
    init: (space, rng) => {
      paramsOf(space);
      return { rng };
    },
    ask: (state, study) => {
      const params = paramsOf(study.space);
      const h = BohbHistory.sync(state.history, params, study);
      const kinds = params.map((s) => (s.distribution._tag === 'Categorical' ? s.distribution.choices.length : 0));
      const [config, rng] = withRng(state.rng, (next): Config => {
        const sets = split(h, kinds.length);
        if (!sets || next() < o.randomFraction) return randomConfig(study.space, next);
        const good = fitBohbKde(impute(sets.good, kinds, next), kinds, o.minBandwidth);
        const bad = fitBohbKde(impute(sets.bad, kinds, next), kinds, o.minBandwidth);
        const x = propose(good, bad, next);
        if (!x) return randomConfig(study.space, next);
        const unit = x.map((v, j) => {
          const c = kinds[j] as number;
          return c === 0 ? v : (Math.round(v) + 0.5) / c;
        });
        return configFromUnit(params, unit);
      });
      return [config, stateOf(rng, h)];
    },
  };
};
