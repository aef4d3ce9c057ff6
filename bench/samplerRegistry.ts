import type { Sampler } from '../lib/sampler.js';
import type { SearchSpace } from '../lib/searchSpace.js';
import { flattenSpace } from '../lib/searchSpace.js';
import { InvalidOptionsError, show } from '../lib/errors.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { gridSampler } from '../strategies/samplers/gridSampler.js';
import { qmcSampler } from '../strategies/samplers/qmcSampler.js';
import { tpeSampler } from '../strategies/samplers/tpeSampler.js';
import { esSampler } from '../strategies/samplers/esSampler.js';
import { cmaesSampler } from '../strategies/samplers/cmaesSampler.js';
import { bohbSampler } from '../strategies/samplers/bohbSampler.js';
import { gpSampler } from '../strategies/samplers/gpSampler.js';
import { cfoSampler } from '../strategies/samplers/cfoSampler.js';
import { blendSearch } from '../strategies/samplers/blendSearch.js';

// The low-cost start the cfo and blendsearch entries use: the low end of every numeric parameter (where
// cost usually is lowest: fewest trees, smallest nets); categoricals start at random. The synthetic
// problems have no cost, and several have their optimum at the centre, which a centre start would hand
// them for free.
const lowEnd = (space: SearchSpace): Record<string, number> =>
  Object.fromEntries(
    flattenSpace(space).flatMap((p) => (p.distribution._tag === 'Categorical' ? [] : [[p.name, p.distribution.low]])),
  );

/** What a sampler factory may look at: the problem's space and its trial budget. */
export interface SamplerContext {
  readonly space: SearchSpace;
  readonly trials: number;
}

// Sampler<S> is invariant in its state; the runner only passes samplers on to askTell, which takes any.
type AnySampler = Sampler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Entry {
  readonly describe: string;
  readonly make: (ctx: SamplerContext) => AnySampler;
}

const entries: Readonly<Record<string, Entry>> = {
  random: { describe: 'randomSampler()', make: () => randomSampler() },
  qmc: {
    describe: "qmcSampler({ type: 'sobol', scramble: true })",
    make: () => qmcSampler({ type: 'sobol', scramble: true }),
  },
  qmc_halton: {
    describe: "qmcSampler({ type: 'halton', scramble: true })",
    make: () => qmcSampler({ type: 'halton', scramble: true }),
  },
  tpe: { describe: 'tpeSampler() (defaults: multivariate, constant liar)', make: () => tpeSampler() },
  tpe_uni: {
    describe: 'tpeSampler({ multivariate: false }) (one model per parameter, Optuna >= 4.9 bandwidths)',
    make: () => tpeSampler({ multivariate: false }),
  },
  tpe_uni_v4: {
    describe: 'tpeSampler({ multivariate: false, optunaV4Bandwidth: true }) (Optuna <= 4.8 univariate bandwidths)',
    make: () => tpeSampler({ multivariate: false, optunaV4Bandwidth: true }),
  },
  tpe_v4: {
    describe: 'tpeSampler({ optunaV4Bandwidth: true }) (multivariate with Optuna <= 4.8 bandwidths)',
    make: () => tpeSampler({ optunaV4Bandwidth: true }),
  },
  tpe_sobol: {
    describe: "tpeSampler({ startup: 'sobol' }) (scrambled Sobol' startup design)",
    make: () => tpeSampler({ startup: 'sobol' }),
  },
  tpe_halton: {
    describe: "tpeSampler({ startup: 'halton' }) (scrambled Halton startup design)",
    make: () => tpeSampler({ startup: 'halton' }),
  },
  tpe_nogroup: {
    describe: 'tpeSampler({ group: false }) (joint model over the parameters every trial has, as Optuna)',
    make: () => tpeSampler({ group: false }),
  },
  tpe_sobol_nogroup: {
    describe: "tpeSampler({ startup: 'sobol', group: false })",
    make: () => tpeSampler({ startup: 'sobol', group: false }),
  },
  tpe_uni_sobol: {
    describe: "tpeSampler({ multivariate: false, startup: 'sobol' })",
    make: () => tpeSampler({ multivariate: false, startup: 'sobol' }),
  },
  tpe_parity: {
    describe:
      'tpeSampler({ multivariate: false, optunaV4Bandwidth: true, optuna3Density: true }) (Optuna 3.1 `tpe` parity)',
    make: () => tpeSampler({ multivariate: false, optunaV4Bandwidth: true, optuna3Density: true }),
  },
  tpe_mv_parity: {
    // As the baseline script (bench/reference/optuna/common.py): group only on conditional spaces (without
    // branches the two are the same).
    describe:
      'tpeSampler({ optunaV4Bandwidth: true, optuna3Density: true, group: <space has conditions> }) (Optuna 3.1 `tpe_mv` parity)',
    make: ({ space }) =>
      tpeSampler({
        optunaV4Bandwidth: true,
        optuna3Density: true,
        group: flattenSpace(space).some((p) => p.condition !== undefined),
      }),
  },
  es: { describe: 'esSampler() (simple Gaussian ES: isotropic sigma, elite half)', make: () => esSampler() },
  cmaes: { describe: 'cmaesSampler() (Optuna CmaEsSampler defaults)', make: () => cmaesSampler() },
  sep_cmaes: { describe: 'cmaesSampler({ sep: true })', make: () => cmaesSampler({ sep: true }) },
  cmaes_margin: { describe: 'cmaesSampler({ withMargin: true })', make: () => cmaesSampler({ withMargin: true }) },
  cmaes_ipop: { describe: "cmaesSampler({ restart: 'ipop' })", make: () => cmaesSampler({ restart: 'ipop' }) },
  cmaes_bipop: { describe: "cmaesSampler({ restart: 'bipop' })", make: () => cmaesSampler({ restart: 'bipop' }) },
  bohb: { describe: "bohbSampler() (HpBandSter's defaults)", make: () => bohbSampler() },
  gp_every: {
    describe: 'gpSampler({ refitGrowth: 0 }) (refit at every ask, as Optuna)',
    make: () => gpSampler({ refitGrowth: 0 }),
  },
  gp_optuna: {
    describe:
      "gpSampler({ startup: 'random', candidatesPerParam: 2048, localSearches: 10, refitGrowth: 0 }) (all of Optuna's choices)",
    make: () => gpSampler({ startup: 'random', candidatesPerParam: 2048, localSearches: 10, refitGrowth: 0 }),
  },
  gp_random_startup: {
    describe: "gpSampler({ startup: 'random' }) (random startup trials, as Optuna's RandomSampler)",
    make: () => gpSampler({ startup: 'random' }),
  },
  gp: {
    describe: 'gpSampler() (defaults: Matern-5/2 ARD, MAP fit, logEI, 10 Sobol startup trials, Kriging believer)',
    make: () => gpSampler(),
  },
  cfo: {
    describe: 'cfoSampler({ lowCostInit: <low end of every numeric parameter> })',
    make: ({ space }) => cfoSampler({ lowCostInit: lowEnd(space) }),
  },
  blendsearch: {
    describe: 'blendSearch({ global: tpeSampler(), lowCostInit: <low end of every numeric parameter> })',
    make: ({ space }) => blendSearch({ lowCostInit: lowEnd(space) }),
  },
  cfo_nolowcost: {
    describe: 'cfoSampler() (no lowCostInit: a random start)',
    make: () => cfoSampler(),
  },
  blendsearch_nolowcost: {
    describe: 'blendSearch() (TPE global, no lowCostInit: the whole space admissible from the start)',
    make: () => blendSearch(),
  },
  grid: {
    // Enough points per float that the grid holds at least the budget; the grid order is seeded.
    describe: 'gridSampler({ resolution: ceil(trials^(1/d)) })',
    make: ({ space, trials }) =>
      gridSampler({
        resolution: Math.max(2, Math.ceil(Math.pow(trials, 1 / flattenSpace(space).length))),
      }),
  },
};

/** Every name the registry knows. */
export const samplerNames: ReadonlyArray<string> = Object.keys(entries);

/**
 * What `name` means, for result files' `meta.samplers`.
 *
 * @example
 * ```ts
 * describeSampler('qmc'); // "qmcSampler({ type: 'sobol', scramble: true })"
 * ```
 */
export const describeSampler = (name: string): string => entries[name]?.describe ?? name;

/**
 * Makes the sampler a bench name stands for: `random`, `qmc`, `tpe`, `tpe_uni`, `grid`.
 *
 * @example
 * ```ts
 * const sampler = makeSampler('tpe', { space: problem.space, trials: 100 });
 * ```
 * @throws InvalidOptionsError for an unknown name.
 */
export const makeSampler = (name: string, ctx: SamplerContext): AnySampler => {
  const e = entries[name];
  if (!e)
    throw new InvalidOptionsError('samplers', [`unknown sampler ${show(name)}; known: ${samplerNames.join(', ')}`]);
  return e.make(ctx);
};

/**
 * The names among `wanted` whose samplers can be made for this context (unknown names and factories that
 * refuse the space, like a grid over too many values, are left out).
 *
 * @example
 * ```ts
 * availableSamplers(['random', 'tpe', 'nope'], ctx); // ['random', 'tpe']
 * ```
 */
export const availableSamplers = (wanted: ReadonlyArray<string>, ctx: SamplerContext): string[] =>
  wanted.filter((n) => {
    try {
      makeSampler(n, ctx);
      return true;
    } catch {
      return false;
    }
  });

/**
 * Throws for every requested name that cannot be made, before any run starts.
 *
 * @example
 * ```ts
 * checkSamplers(['random', 'tpe'], ctx); // InvalidOptionsError if tpeSampler has not landed
 * ```
 */
export const checkSamplers = (names: ReadonlyArray<string>, ctx: SamplerContext): void => {
  const problems: string[] = [];
  for (const n of names)
    try {
      makeSampler(n, ctx);
    } catch (e) {
      problems.push(e instanceof InvalidOptionsError ? e.info.problems.join('; ') : String(e));
    }
  if (problems.length > 0) throw new InvalidOptionsError('samplers', problems);
};
