import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import { normalFrom } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import { randomSampler } from './randomSampler.js';
import { defaultPopulation } from './cmaes/cmaConstants.js';
import type { EsState } from './cmaes/esDriver.js';
import { esDriver } from './cmaes/esDriver.js';

/** Options of {@link esSampler}. */
export interface EsOptions {
  /** Offspring per generation Λ. Default 4 + ⌊3 ln n⌋ (as CMA-ES). */
  readonly populationSize?: number;
  /** Share of each generation kept as elites (at least one). Default 0.5. */
  readonly eliteFraction?: number;
  /** Initial σ in the [0, 1] coordinates. Default 1/6 (as CMA-ES). */
  readonly sigma0?: number;
  /** Completed trials drawn by the independent sampler first. Default 1. */
  readonly nStartupTrials?: number;
  /** Count stopped (pruned) trials at their last score. Default false. */
  readonly considerPrunedTrials?: boolean;
  /** Draws categoricals, conditional parameters and the startup trials. Default `randomSampler()`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly independentSampler?: Sampler<any>;
}

/** The defaults of {@link esSampler}. */
export const DEFAULT_ES_OPTIONS = {
  eliteFraction: 0.5,
  sigma0: 1 / 6,
  nStartupTrials: 1,
  considerPrunedTrials: false,
} as const;

/** One run of the simple ES: isotropic N(mean, σ²I) over [0, 1]^n. */
export interface EsRun {
  readonly mean: ReadonlyArray<number>;
  readonly sigma: number;
  readonly lambda: number;
  readonly g: number;
}

/** State of {@link esSampler}: plain JSON. */
export type EsSamplerState = EsState<EsRun>;

const SIGMA_MIN = 1e-10;

/**
 * The elite update of the simple Gaussian ES (ALGORITHMS.md §6): the new mean is the mean of the elites,
 * the new σ² the mean squared deviation of the elites from the previous mean over all coordinates.
 *
 * @example
 * ```ts
 * esUpdate({ mean: [0.5, 0.5], sigma: 0.2, lambda: 4, g: 0 }, sols, 2);
 * ```
 */
export const esUpdate = (
  run: EsRun,
  solutions: ReadonlyArray<{ x: ReadonlyArray<number>; f: number }>,
  elites: number,
): EsRun => {
  const best = solutions
    .slice()
    .sort((a, b) => a.f - b.f)
    .slice(0, elites);
  const n = run.mean.length;
  const mean = new Array<number>(n).fill(0);
  let sq = 0;
  for (const s of best)
    for (let j = 0; j < n; j++) {
      const v = s.x[j] as number;
      mean[j] = (mean[j] as number) + v / best.length;
      sq += (v - (run.mean[j] as number)) ** 2;
    }
  return {
    ...run,
    mean: mean.map((v) => v + 0),
    sigma: Math.max(SIGMA_MIN, Math.sqrt(sq / (best.length * n))),
    g: run.g + 1,
  };
};

/**
 * The simple Gaussian evolution strategy (ALGORITHMS.md §6): isotropic N(m, σ²I) over the floats and
 * ints every trial has (in [0, 1], as CMA-ES), starting at the centre with σ₀ = 1/6; each generation of
 * Λ completed trials keeps its best `eliteFraction` and refits m and σ from them. No step-size control
 * and no covariance: it collapses early on multimodal problems, the baseline CMA-ES improves on. The
 * rest — what goes where, generations in parallel, failed trials — is as {@link cmaesSampler}.
 *
 * @example
 * ```ts
 * const s = askTell({ space, objective, sampler: esSampler({ populationSize: 20 }), seed: 1 });
 * ```
 * @throws InvalidOptionsError naming any bad option and its value.
 */
export const esSampler = (options: EsOptions = {}): Sampler<EsSamplerState> => {
  const o = { ...DEFAULT_ES_OPTIONS, ...options };
  const p = unknownOptionProblems(options, [
    ...Object.keys(DEFAULT_ES_OPTIONS),
    'populationSize',
    'independentSampler',
  ]);
  const lambdaOpt = options.populationSize;
  if (lambdaOpt !== undefined && !(Number.isInteger(lambdaOpt) && lambdaOpt >= 2))
    p.push(`populationSize must be an integer >= 2, got ${show(lambdaOpt)}`);
  if (typeof o.eliteFraction !== 'number' || !(o.eliteFraction > 0 && o.eliteFraction <= 1))
    p.push(`eliteFraction must be a number in (0, 1], got ${show(o.eliteFraction)}`);
  if (typeof o.sigma0 !== 'number' || !Number.isFinite(o.sigma0) || o.sigma0 <= 0)
    p.push(`sigma0 must be a finite number > 0, got ${show(o.sigma0)}`);
  if (!(Number.isInteger(o.nStartupTrials) && o.nStartupTrials >= 0))
    p.push(`nStartupTrials must be an integer >= 0, got ${show(o.nStartupTrials)}`);
  if (typeof o.considerPrunedTrials !== 'boolean')
    p.push(`considerPrunedTrials must be a boolean, got ${show(o.considerPrunedTrials)}`);
  const indep = options.independentSampler;
  if (indep !== undefined && (typeof indep !== 'object' || typeof (indep as { ask?: unknown }).ask !== 'function'))
    p.push(`independentSampler must be a sampler, got ${show(indep)}`);
  if (p.length > 0) throw new InvalidOptionsError('esSampler options', p);

  return esDriver<EsRun>(
    'es',
    {
      start: (_params, dims) => {
        const n = dims.length;
        return {
          mean: new Array<number>(n).fill(0.5),
          sigma: o.sigma0,
          lambda: lambdaOpt ?? defaultPopulation(n),
          g: 0,
        };
      },
      lambda: (run) => run.lambda,
      update: (run, sols) => esUpdate(run, sols, Math.max(1, Math.round(o.eliteFraction * run.lambda))),
      draw: (run, next) => {
        const n = run.mean.length;
        const once = (): number[] => run.mean.map((m) => m + run.sigma * normalFrom(next));
        let x = once();
        for (let i = 1; i < 10 * n && !x.every((v) => v >= 0 && v <= 1); i++) x = once();
        x = x.map((v) => Math.min(1, Math.max(0, v)) + 0);
        return { x, eval: x };
      },
      steps: () => [],
      tellDrawn: () => false,
    },
    {
      nStartupTrials: o.nStartupTrials,
      considerPrunedTrials: o.considerPrunedTrials,
      independentSampler: indep ?? randomSampler(),
    },
  );
};
